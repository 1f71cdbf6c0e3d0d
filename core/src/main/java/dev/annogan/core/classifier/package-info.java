/**
 * Semi-supervised classification with a GAN (Salimans et al. 2016, "Improved Techniques for
 * Training GANs"): a {@link dev.annogan.core.classifier.KPlusOneDiscriminator} classifies images
 * into K real classes with an implicit (K+1)-th "fake" class and exposes its penultimate features
 * for feature matching, and a {@link dev.annogan.core.classifier.DcganGenerator} turns noise into
 * images, normalised by a {@link dev.annogan.core.nn.ChannelBatchNorm}. The paper's fully connected
 * MNIST pair, {@link dev.annogan.core.classifier.DenseKPlusOneDiscriminator} and {@link
 * dev.annogan.core.classifier.DenseGenerator}, is the cheaper alternative on a CPU. The DCGAN
 * generator is also the body of the class-conditional generator in {@code dev.annogan.core.cgan}.
 */
package dev.annogan.core.classifier;
