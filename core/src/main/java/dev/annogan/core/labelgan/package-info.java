/**
 * The label-set GAN, the project's baseline and the smoke test of the adversarial loop: an MLP
 * {@link dev.annogan.core.labelgan.LabelSetGenerator} turns noise into the probabilities of K
 * labels, and an MLP {@link dev.annogan.core.labelgan.LabelSetDiscriminator} scores a label vector
 * as real or fake. Trained on COCO's per-image label sets, G learns which labels co-occur.
 */
package dev.annogan.core.labelgan;
