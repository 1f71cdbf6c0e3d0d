package dev.annogan.core.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.ChannelBatchNorm;
import dev.annogan.core.nn.StridedConvStack;
import dev.annogan.core.nn.TransposedConv2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The segmentation generator of pix2pix (Isola et al., 2017): a U-Net whose encoder halves the
 * image with strided convolutions and whose decoder doubles it back with transposed convolutions,
 * ending in per-pixel class logits.
 *
 * <p>With width {@code w} and depth {@code d}, encoder level {@code i} is a 4x4 stride-2
 * convolution to {@code w * 2^i} channels, batch-normalised except at level 0, and LeakyReLU(0.2).
 * Decoder levels {@code d-2 .. 0} are a 4x4 stride-2 {@link TransposedConv2d} to {@code w * 2^i}
 * channels, batch norm and ReLU, then concatenation with the encoder's level-{@code i} maps; a last
 * transposed convolution gives K channels at the input's size. Depth 3 and width 32 is the
 * reference workload W3 of {@code shared/bench}. Because every step is strided, it costs a fraction
 * of {@link UNetGenerator}'s 3x3-convolution pairs at full resolution: on the shapes dataset at
 * 64x64 an epoch took a third of the time, and it needed about twice as many epochs to the same
 * mIoU.
 *
 * <p>The input has shape {@code (N, C, H, W)} with H and W divisible by {@code 2^depth}; the output
 * {@code (N, K, H, W)} holds logits (softmax over axis 1 for probabilities).
 *
 * <pre>{@code
 * Pix2PixGenerator g = Pix2PixGenerator.builder().setNumClasses(8).build(); // W3's G
 * g.initialize(manager, DataType.FLOAT32, new Shape(16, 3, 64, 64));
 * NDArray logits = g.forward(store, new NDList(images), true).singletonOrThrow(); // (16, 8, 64, 64)
 * }</pre>
 */
public class Pix2PixGenerator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int numClasses;
    private final int inputChannels;
    private final int depth;
    private final List<Block> down = new ArrayList<>();
    private final List<Block> up = new ArrayList<>();
    private final Block head;

    /**
     * Creates the generator the builder describes.
     *
     * @param builder a validated builder
     */
    protected Pix2PixGenerator(Builder builder) {
        super(VERSION);
        this.numClasses = builder.numClasses;
        this.inputChannels = builder.inputChannels;
        this.depth = builder.depth;
        for (int level = 0; level < depth; level++) {
            SequentialBlock block =
                    new SequentialBlock()
                            .add(
                                    Conv2d.builder()
                                            .setKernelShape(new Shape(4, 4))
                                            .optStride(new Shape(2, 2))
                                            .optPadding(new Shape(1, 1))
                                            .setFilters(builder.width << level)
                                            .build());
            // pix2pix leaves the first layer unnormalised: its input is the image itself.
            if (builder.batchNorm && level > 0) {
                block.add(ChannelBatchNorm.builder().build());
            }
            block.add(Activation.leakyReluBlock(StridedConvStack.NEGATIVE_SLOPE));
            down.add(addChildBlock("down" + level, block));
        }
        // Children in the order the forward pass uses them, from the bottom level up.
        for (int level = depth - 2; level >= 0; level--) {
            SequentialBlock block =
                    new SequentialBlock()
                            .add(
                                    TransposedConv2d.builder()
                                            .setFilters(builder.width << level)
                                            .build());
            if (builder.batchNorm) {
                block.add(ChannelBatchNorm.builder().build());
            }
            block.add(Activation.reluBlock());
            up.add(addChildBlock("up" + level, block));
        }
        head = addChildBlock("head", TransposedConv2d.builder().setFilters(numClasses).build());
    }

    /**
     * Creates a builder for a {@link Pix2PixGenerator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
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
     * Returns the number of stride-2 encoder levels; H and W must be divisible by {@code 2^depth}.
     *
     * @return the depth
     */
    public int getDepth() {
        return depth;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray x = inputs.singletonOrThrow();
        NDArray[] skips = new NDArray[depth];
        for (int level = 0; level < depth; level++) {
            x = run(down.get(level), parameterStore, x, training, params);
            skips[level] = x;
        }
        for (int i = 0; i < up.size(); i++) {
            int level = depth - 2 - i;
            x = run(up.get(i), parameterStore, x, training, params).concat(skips[level], 1);
        }
        return head.forward(parameterStore, new NDList(x), training, params);
    }

    private static NDArray run(
            Block block,
            ParameterStore parameterStore,
            NDArray x,
            boolean training,
            PairList<String, Object> params) {
        return block.forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), numClasses, in.get(2), in.get(3))};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        Shape shape = inputShapes[0];
        Shape[] skips = new Shape[depth];
        for (int level = 0; level < depth; level++) {
            shape = initialize(down.get(level), manager, dataType, shape);
            skips[level] = shape;
        }
        for (int i = 0; i < up.size(); i++) {
            Shape upsampled = initialize(up.get(i), manager, dataType, shape);
            Shape skip = skips[depth - 2 - i];
            shape =
                    new Shape(
                            upsampled.get(0),
                            upsampled.get(1) + skip.get(1),
                            upsampled.get(2),
                            upsampled.get(3));
        }
        head.initialize(manager, dataType, shape);
    }

    private static Shape initialize(Block block, NDManager manager, DataType dataType, Shape in) {
        block.initialize(manager, dataType, in);
        return block.getOutputShapes(new Shape[] {in})[0];
    }

    private void checkInputShapes(Shape[] shapes) {
        int factor = 1 << depth;
        if (shapes.length != 1
                || shapes[0].dimension() != 4
                || shapes[0].get(1) != inputChannels
                || shapes[0].get(2) % factor != 0
                || shapes[0].get(3) % factor != 0) {
            throw new IllegalArgumentException(
                    "Pix2PixGenerator expects one image of shape (N, "
                            + inputChannels
                            + ", H, W) with H and W divisible by 2^depth = "
                            + factor
                            + "; got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link Pix2PixGenerator}. */
    public static final class Builder {

        private int numClasses;
        private int inputChannels = 3;
        private int width = 32;
        private int depth = 3;
        private boolean batchNorm = true;

        Builder() {}

        /**
         * Sets the number of classes K, background included. Required.
         *
         * @param numClasses K
         * @return this builder
         */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets the number of image channels; 3 by default.
         *
         * @param inputChannels C
         * @return this builder
         */
        public Builder optInputChannels(int inputChannels) {
            this.inputChannels = inputChannels;
            return this;
        }

        /**
         * Sets the channels of the first encoder level; 32 by default. Each level down doubles
         * them.
         *
         * @param width the first level's channels
         * @return this builder
         */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the number of stride-2 encoder levels; 3 by default.
         *
         * @param depth the number of levels, at least 1
         * @return this builder
         */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Sets whether hidden layers are batch-normalised ({@link ChannelBatchNorm}); true by
         * default.
         *
         * @param batchNorm whether to normalise
         * @return this builder
         */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /**
         * Builds the generator.
         *
         * @return a new, uninitialised {@link Pix2PixGenerator}
         * @throws IllegalArgumentException if the classes were not set or a size is invalid
         */
        public Pix2PixGenerator build() {
            if (numClasses <= 0) {
                throw new IllegalArgumentException(
                        "Pix2PixGenerator: setNumClasses is required and must be positive, got "
                                + numClasses);
            }
            if (inputChannels <= 0 || width <= 0 || depth <= 0) {
                throw new IllegalArgumentException(
                        "Pix2PixGenerator: input channels, width and depth must be positive, got "
                                + inputChannels
                                + ", "
                                + width
                                + ", "
                                + depth);
            }
            if (depth > 16 || ((long) width << depth) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "Pix2PixGenerator: width "
                                + width
                                + " at depth "
                                + depth
                                + " is too large");
            }
            return new Pix2PixGenerator(this);
        }
    }
}
