package dev.annogan.core.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;

/**
 * The DCGAN discriminator's body: {@code depth} times a 4x4 convolution with stride 2 and padding 1
 * followed by LeakyReLU(0.2), with {@code width, 2*width, 4*width, ...} channels, each convolution
 * optionally spectrally normalised and every one after the first optionally batch-normalised.
 *
 * <p>Every layer halves height and width exactly, so an input of shape {@code (N, C, H, W)} with H
 * and W divisible by {@code 2^depth} gives {@code (N, width * 2^(depth-1), H / 2^depth, W /
 * 2^depth)}. It is the shared trunk of {@link ImageEncoder} (which flattens it) and of the
 * segmentation discriminators (which keep it spatial).
 *
 * <pre>{@code
 * StridedConvStack trunk = StridedConvStack.builder()
 *         .optInputChannels(3).optWidth(32).optDepth(3).optSpectralNorm(true).build();
 * // (N, 3, 32, 32) -> (N, 128, 4, 4)
 * }</pre>
 */
public class StridedConvStack extends EncoderTrunk {

    private static final byte VERSION = 1;

    /** The slope of every LeakyReLU for negative inputs, DCGAN's choice. */
    public static final float NEGATIVE_SLOPE = 0.2f;

    private final boolean spectralNorm;
    private final boolean batchNorm;

    /**
     * Creates the block the builder describes.
     *
     * @param builder a validated builder
     */
    protected StridedConvStack(Builder builder) {
        super(VERSION, builder.inputChannels, builder.width, builder.depth, levels(builder));
        this.spectralNorm = builder.spectralNorm;
        this.batchNorm = builder.batchNorm;
    }

    private static SequentialBlock levels(Builder builder) {
        int width = builder.width;
        boolean spectralNorm = builder.spectralNorm;
        boolean batchNorm = builder.batchNorm;
        SequentialBlock stack = new SequentialBlock();
        for (int level = 0; level < builder.depth; level++) {
            stack.add(
                    SpectralNorm.wrapIf(
                            spectralNorm,
                            Conv2d.builder()
                                    .setKernelShape(new Shape(4, 4))
                                    .optStride(new Shape(2, 2))
                                    .optPadding(new Shape(1, 1))
                                    .setFilters(width << level)
                                    .build()));
            // DCGAN leaves the first layer unnormalised: its input is the image itself.
            if (batchNorm && level > 0) {
                stack.add(ChannelBatchNorm.builder().build());
            }
            stack.add(Activation.leakyReluBlock(NEGATIVE_SLOPE));
        }
        return stack;
    }

    /**
     * Creates a builder for a {@link StridedConvStack}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns whether every convolution after the first is batch-normalised.
     *
     * @return true if they are
     */
    public boolean isBatchNorm() {
        return batchNorm;
    }

    /**
     * Returns whether the convolutions are spectrally normalised.
     *
     * @return true if they are
     */
    public boolean isSpectralNorm() {
        return spectralNorm;
    }

    /** The builder for a {@link StridedConvStack}. */
    public static final class Builder {

        private int inputChannels = 3;
        private int width = 32;
        private int depth = 3;
        private boolean spectralNorm;
        private boolean batchNorm;

        Builder() {}

        /**
         * Sets the number of input channels; 3 (RGB) by default.
         *
         * @param inputChannels the input channels
         * @return this builder
         */
        public Builder optInputChannels(int inputChannels) {
            this.inputChannels = inputChannels;
            return this;
        }

        /**
         * Sets the channels of the first convolution; 32 by default. Each later one doubles them.
         *
         * @param width the first layer's channels
         * @return this builder
         */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the number of strided convolutions; 3 by default.
         *
         * @param depth the number of layers, each halving height and width
         * @return this builder
         */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Sets whether every convolution is wrapped in {@link SpectralNorm}; false by default.
         *
         * @param spectralNorm true to normalise
         * @return this builder
         */
        public Builder optSpectralNorm(boolean spectralNorm) {
            this.spectralNorm = spectralNorm;
            return this;
        }

        /**
         * Sets whether every convolution after the first is followed by a {@link ChannelBatchNorm}
         * before its LeakyReLU, as in DCGAN's discriminator; false by default.
         *
         * @param batchNorm true to normalise
         * @return this builder
         */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /**
         * Builds the stack.
         *
         * @return a new, uninitialised {@link StridedConvStack}
         * @throws IllegalArgumentException if a size is not positive or the channels overflow
         */
        public StridedConvStack build() {
            if (inputChannels <= 0 || width <= 0 || depth <= 0) {
                throw new IllegalArgumentException(
                        "StridedConvStack: input channels, width and depth must be positive, got "
                                + inputChannels
                                + ", "
                                + width
                                + ", "
                                + depth);
            }
            if (depth > 16 || ((long) width << (depth - 1)) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "StridedConvStack: width "
                                + width
                                + " at depth "
                                + depth
                                + " is too large");
            }
            return new StridedConvStack(this);
        }
    }
}
