/**
 * GAN pretraining on every image a user has: {@link dev.annogan.examples.pretrain.ImagePretraining}
 * is the application (a DCGAN), {@link dev.annogan.examples.pretrain.PretrainRunner} runs it and
 * exports the discriminator's encoder as a backbone that {@code --backbone} takes.
 */
package dev.annogan.examples.pretrain;
