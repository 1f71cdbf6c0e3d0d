package dev.annogan.core.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * What the two segmentation generators, {@link UNetGenerator} and {@link Pix2PixGenerator}, share:
 * an image of shape {@code (N, C, H, W)} in, with H and W divisible by {@code 2^depth}, per-pixel
 * class logits {@code (N, K, H, W)} out, and one builder of classes, channels, width, depth and
 * batch norm. Each subclass builds its own encoder, decoder and skip connections.
 */
public abstract class EncoderDecoderGenerator extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The number of classes K, the channels of the output. */
    protected final int numClasses;

    /** The image channels C. */
    protected final int inputChannels;

    /** The number of levels that halve height and width. */
    protected final int depth;

    /**
     * Takes the sizes a validated builder holds.
     *
     * @param builder the builder
     */
    protected EncoderDecoderGenerator(Builder<?> builder) {
        super(VERSION);
        this.numClasses = builder.numClasses;
        this.inputChannels = builder.inputChannels;
        this.depth = builder.depth;
    }

    /**
     * Returns the number of classes K, the channels of the output.
     *
     * @return K
     */
    public int getNumClasses() {
        return numClasses;
    }

    /**
     * Returns the number of levels that halve height and width; H and W must be divisible by {@code
     * 2^depth}.
     *
     * @return the depth
     */
    public int getDepth() {
        return depth;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), numClasses, in.get(2), in.get(3))};
    }

    /** Runs a one-input, one-output child block. */
    protected static NDArray run(
            Block block,
            ParameterStore parameterStore,
            NDArray x,
            boolean training,
            PairList<String, Object> params) {
        return block.forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
    }

    /** Initialises a child block for input {@code in} and returns its output shape. */
    protected static Shape initialize(Block block, NDManager manager, DataType dataType, Shape in) {
        block.initialize(manager, dataType, in);
        return block.getOutputShapes(new Shape[] {in})[0];
    }

    /**
     * Checks that the input is one image of C channels whose sides divide by {@code 2^depth}.
     *
     * @throws IllegalArgumentException naming the generator, the expected and the given shapes
     */
    protected void checkInputShapes(Shape[] shapes) {
        int factor = 1 << depth;
        if (shapes.length != 1
                || shapes[0].dimension() != 4
                || shapes[0].get(1) != inputChannels
                || shapes[0].get(2) % factor != 0
                || shapes[0].get(3) % factor != 0) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName()
                            + " expects one image of shape (N, "
                            + inputChannels
                            + ", H, W) with H and W divisible by 2^depth = "
                            + factor
                            + "; got "
                            + Arrays.toString(shapes));
        }
    }

    /**
     * The settings both generators take.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Builder<B extends Builder<B>> {

        /** K, required. */
        protected int numClasses;

        /** C, 3 by default. */
        protected int inputChannels = 3;

        /** The first level's channels, 32 by default. */
        protected int width = 32;

        /** The number of levels, 3 by default. */
        protected int depth = 3;

        /** Whether hidden layers are batch-normalised, true by default. */
        protected boolean batchNorm = true;

        /** Creates a builder with the defaults. */
        protected Builder() {}

        /** Returns this builder as its concrete type. */
        protected abstract B self();

        /**
         * Sets the number of classes K, background included. Required.
         *
         * @param numClasses K
         * @return this builder
         */
        public B setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return self();
        }

        /**
         * Sets the number of image channels; 3 by default.
         *
         * @param inputChannels C
         * @return this builder
         */
        public B optInputChannels(int inputChannels) {
            this.inputChannels = inputChannels;
            return self();
        }

        /**
         * Sets the channels of the first encoder level; 32 by default. Each level down doubles
         * them.
         *
         * @param width the first level's channels
         * @return this builder
         */
        public B optWidth(int width) {
            this.width = width;
            return self();
        }

        /**
         * Sets the number of levels that halve height and width; 3 by default.
         *
         * @param depth the number of levels, at least 1
         * @return this builder
         */
        public B optDepth(int depth) {
            this.depth = depth;
            return self();
        }

        /**
         * Sets whether hidden layers are batch-normalised ({@code ChannelBatchNorm}); true by
         * default.
         *
         * @param batchNorm whether to normalise
         * @return this builder
         */
        public B optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return self();
        }

        /**
         * Checks the settings before a build.
         *
         * @param generator the generator's name, for messages
         * @throws IllegalArgumentException if the classes were not set or a size is invalid
         */
        protected void validate(String generator) {
            if (numClasses <= 0) {
                throw new IllegalArgumentException(
                        generator
                                + ": setNumClasses is required and must be positive, got "
                                + numClasses);
            }
            if (inputChannels <= 0 || width <= 0 || depth <= 0) {
                throw new IllegalArgumentException(
                        generator
                                + ": input channels, width and depth must be positive, got "
                                + inputChannels
                                + ", "
                                + width
                                + ", "
                                + depth);
            }
            if (depth > 16 || ((long) width << depth) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        generator + ": width " + width + " at depth " + depth + " is too large");
            }
        }
    }
}
