package dev.annogan.core.nn;

/**
 * The {@link ImageEncoder} settings of a builder whose block holds an encoder: the tagger's G and
 * its pair discriminator D take the same ones, forwarded to the encoder's own builder.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ImageEncoderOptions<B extends ImageEncoderOptions<B>> {

    /** The builder of the encoder the block will hold. */
    protected final ImageEncoder.Builder encoderBuilder = ImageEncoder.builder();

    /** Creates the options with the encoder's defaults. */
    protected ImageEncoderOptions() {}

    /** Returns this builder as its concrete type. */
    protected abstract B self();

    /**
     * Sets the height and width of the input images. Required.
     *
     * @param height H, divisible by {@code 2^depth}
     * @param width W, divisible by {@code 2^depth}
     * @return this builder
     */
    public B setInputSize(int height, int width) {
        encoderBuilder.setInputSize(height, width);
        return self();
    }

    /**
     * Sets the side of square input images. Required unless {@link #setInputSize(int, int)} is
     * called.
     *
     * @param side H = W, divisible by {@code 2^depth}
     * @return this builder
     */
    public B setInputSize(int side) {
        encoderBuilder.setInputSize(side);
        return self();
    }

    /**
     * Sets the number of image channels; 3 by default.
     *
     * @param inputChannels C
     * @return this builder
     */
    public B optInputChannels(int inputChannels) {
        encoderBuilder.optInputChannels(inputChannels);
        return self();
    }

    /**
     * Sets the channels of the encoder's first convolution; 32 by default.
     *
     * @param width the first layer's channels, doubled by each later one
     * @return this builder
     */
    public B optWidth(int width) {
        encoderBuilder.optWidth(width);
        return self();
    }

    /**
     * Sets the number of stride-2 convolutions in the encoder; 3 by default.
     *
     * @param depth the encoder depth
     * @return this builder
     */
    public B optDepth(int depth) {
        encoderBuilder.optDepth(depth);
        return self();
    }

    /**
     * Sets whether every encoder convolution after the first is batch-normalised; false by default.
     * See {@link ImageEncoder.Builder#optBatchNorm(boolean)}.
     *
     * @param batchNorm whether to normalise
     * @return this builder
     */
    public B optBatchNorm(boolean batchNorm) {
        encoderBuilder.optBatchNorm(batchNorm);
        return self();
    }

    /**
     * Sets whether the encoder averages its last maps over height and width instead of flattening
     * them; false by default. See {@link ImageEncoder.Builder#optGlobalPooling(boolean)}.
     *
     * @param globalPooling whether to pool
     * @return this builder
     */
    public B optGlobalPooling(boolean globalPooling) {
        encoderBuilder.optGlobalPooling(globalPooling);
        return self();
    }

    /**
     * Sets the encoder's trunk: 0 (the default) for DCGAN's strided convolutions, {@code k > 0} for
     * a VGG-style trunk of {@code k} 3x3 convolutions a level. See {@link
     * ImageEncoder.Builder#optConvsPerLevel(int)}.
     *
     * @param convsPerLevel 0, or the 3x3 convolutions of each level
     * @return this builder
     */
    public B optConvsPerLevel(int convsPerLevel) {
        encoderBuilder.optConvsPerLevel(convsPerLevel);
        return self();
    }
}
