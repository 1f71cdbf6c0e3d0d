/**
 * The adversarial semi-supervised segmenter after Hung et al. (2018): training a U-Net against a
 * fully convolutional discriminator with self-taught pseudo-labels on unlabelled images, or the
 * supervised baseline, and the per-epoch picture of image, true mask and predicted mask.
 */
package dev.annogan.examples.segmentation;
