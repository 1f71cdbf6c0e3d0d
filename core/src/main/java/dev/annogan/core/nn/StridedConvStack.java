package dev.annogan.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

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
public class StridedConvStack extends AbstractBlock implements EncoderTrunk {

    private static final byte VERSION = 1;

    /** The slope of every LeakyReLU for negative inputs, DCGAN's choice. */
    public static final float NEGATIVE_SLOPE = 0.2f;

    private final int inputChannels;
    private final int width;
    private final int depth;
    private final boolean spectralNorm;
    private final boolean batchNorm;
    private final SequentialBlock layers;

    /**
     * Creates the block the builder describes.
     *
     * @param builder a validated builder
     */
    protected StridedConvStack(Builder builder) {
        super(VERSION);
        this.inputChannels = builder.inputChannels;
        this.width = builder.width;
        this.depth = builder.depth;
        this.spectralNorm = builder.spectralNorm;
        this.batchNorm = builder.batchNorm;
        SequentialBlock stack = new SequentialBlock();
        for (int level = 0; level < depth; level++) {
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
        this.layers = addChildBlock("layers", stack);
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
     * Returns the number of channels of the output, {@code width * 2^(depth-1)}.
     *
     * @return the output channels
     */
    public int getOutputChannels() {
        return width << (depth - 1);
    }

    /**
     * Returns the factor by which the stack shrinks height and width, {@code 2^depth}.
     *
     * @return the downsampling factor
     */
    public int getDownsampling() {
        return 1 << depth;
    }

    /**
     * Returns the number of input channels the stack expects.
     *
     * @return the input channels
     */
    public int getInputChannels() {
        return inputChannels;
    }

    /**
     * Returns the number of strided convolutions.
     *
     * @return the depth
     */
    public int getDepth() {
        return depth;
    }

    /**
     * Returns the channels of the first convolution; each later one doubles them.
     *
     * @return the width
     */
    public int getWidth() {
        return width;
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

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        return layers.forward(parameterStore, inputs, training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        Shape in = inputShapes[0];
        int factor = getDownsampling();
        return new Shape[] {
            new Shape(in.get(0), getOutputChannels(), in.get(2) / factor, in.get(3) / factor)
        };
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        layers.initialize(manager, dataType, inputShapes);
    }

    private void checkInputShapes(Shape[] shapes) {
        int factor = getDownsampling();
        if (shapes.length != 1
                || shapes[0].dimension() != 4
                || shapes[0].get(1) != inputChannels
                || shapes[0].get(2) % factor != 0
                || shapes[0].get(3) % factor != 0) {
            throw new IllegalArgumentException(
                    "StridedConvStack expects one input of shape (N, "
                            + inputChannels
                            + ", H, W) with H and W divisible by 2^depth = "
                            + factor
                            + "; got "
                            + Arrays.toString(shapes));
        }
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
