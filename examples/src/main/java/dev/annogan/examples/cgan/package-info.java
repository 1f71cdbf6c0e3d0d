/**
 * The conditional-generation runner: a class-conditional GAN on Fashion-MNIST, judged by the
 * Fréchet distance in the feature space of a classifier trained on the full training set.
 */
package dev.annogan.examples.cgan;
