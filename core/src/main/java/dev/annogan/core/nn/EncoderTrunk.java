package dev.annogan.core.nn;

import ai.djl.nn.Block;

/**
 * The convolutional part of an {@link ImageEncoder}: levels that each halve height and width, with
 * {@code width, 2*width, ...} channels. The encoder pools or flattens what it returns.
 *
 * <p>Two kinds exist: the DCGAN discriminator's body ({@link StridedConvStack}, one strided
 * convolution a level, what GAN pretraining exports as a backbone) and a VGG-style stack ({@link
 * VggStack}, several 3x3 convolutions and a max pooling a level, what a tagger needs to tell shapes
 * apart from few labels).
 */
public interface EncoderTrunk extends Block {

    /**
     * Returns the number of image channels the trunk expects.
     *
     * @return C
     */
    int getInputChannels();

    /**
     * Returns the number of channels of the last level's maps.
     *
     * @return {@code width * 2^(depth-1)}
     */
    int getOutputChannels();

    /**
     * Returns by how much the trunk divides height and width.
     *
     * @return {@code 2^depth}
     */
    int getDownsampling();
}
