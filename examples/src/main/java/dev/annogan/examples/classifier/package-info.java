/**
 * Semi-supervised image classification with a K+1 GAN (Salimans et al. 2016) on Fashion-MNIST: the
 * runner behind {@code annogan train ssl}, its epochs of paired labelled and unlabelled batches,
 * the per-epoch picture of samples and predictions, and the supervised-only baseline it is measured
 * against.
 */
package dev.annogan.examples.classifier;
