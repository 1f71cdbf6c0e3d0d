/**
 * The label-set GAN application: training on a COCO file's category sets, the trained model on
 * disk, and the per-epoch picture of sampled label sets.
 */
package dev.annogan.examples.labelgan;
