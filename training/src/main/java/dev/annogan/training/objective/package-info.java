/**
 * One {@link dev.annogan.training.GanObjective} per application: the label-set GAN, the adversarial
 * tagger and segmenter, the K+1 classifier and its supervised baseline, and the class-conditional
 * GAN. Each reads its batches through {@link dev.annogan.datasets.RecordLayout}.
 */
package dev.annogan.training.objective;
