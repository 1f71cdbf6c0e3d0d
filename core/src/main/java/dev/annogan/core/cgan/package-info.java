/**
 * Class-conditional image GANs for data augmentation: a {@link
 * dev.annogan.core.cgan.ConditionalGenerator} draws an image of a requested class (a {@link
 * dev.annogan.core.cgan.ClassEmbedding} appended to the noise of a DCGAN generator), and a {@link
 * dev.annogan.core.cgan.ConditionalDiscriminator} judges images either as ACGAN does (a real/fake
 * logit and auxiliary class logits) or with a projection of the class embedding onto the image
 * features (Miyato and Koyama 2018). Class ids, not one-hot vectors, are the class inputs.
 */
package dev.annogan.core.cgan;
