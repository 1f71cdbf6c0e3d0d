/**
 * Adversarial losses as small named pieces chosen by configuration (StudioGAN style): an {@link
 * dev.annogan.core.loss.AdversarialLoss} gives the discriminator's and the generator's loss from
 * the discriminator's logits, {@link dev.annogan.core.loss.AdversarialLosses} picks one by name,
 * and {@link dev.annogan.core.loss.FeatureMatchingLoss} is the generator objective of Salimans et
 * al. (2016). The losses say what to optimise; gradients, freezing and optimizer steps belong to
 * the training loop.
 */
package dev.annogan.core.loss;
