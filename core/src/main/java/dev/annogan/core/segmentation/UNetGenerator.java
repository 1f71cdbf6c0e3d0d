package dev.annogan.core.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.ChannelBatchNorm;
import dev.annogan.core.nn.UpsampleConv;
import java.util.ArrayList;
import java.util.List;

/**
 * The segmentation generator: a U-Net (Ronneberger et al., 2015) from an image to per-pixel class
 * logits.
 *
 * <p>Level {@code i} of {@code depth} works with {@code width * 2^i} channels. Going down, each
 * level applies two 3x3 convolutions with ReLU, keeps the result as a skip connection, and halves
 * height and width by 2x2 max pooling; a bottleneck of two more convolutions sits at the bottom.
 * Going up, each level doubles height and width with an {@link UpsampleConv} and ReLU (DJL's
 * PyTorch engine has no transposed convolution), concatenates the skip, and applies two 3x3
 * convolutions with ReLU. Every convolution but the final 1x1 one, which gives K channels, is
 * followed by batch normalisation ({@link ChannelBatchNorm}) before its ReLU, unless {@link
 * Builder#optBatchNorm(boolean)} turns it off.
 *
 * <p>The input has shape {@code (N, C, H, W)} with H and W divisible by {@code 2^depth}; the output
 * has shape {@code (N, K, H, W)} and holds logits (softmax over axis 1 for probabilities).
 *
 * <pre>{@code
 * UNetGenerator unet = UNetGenerator.builder().setNumClasses(4).optWidth(16).optDepth(3).build();
 * unet.initialize(manager, DataType.FLOAT32, new Shape(8, 3, 64, 64));
 * NDArray logits = unet.forward(store, new NDList(images), true).singletonOrThrow(); // (8, 4, 64, 64)
 * }</pre>
 */
public class UNetGenerator extends EncoderDecoderGenerator {

    private static final Shape POOL = new Shape(2, 2);

    private final boolean batchNorm;
    private final List<Block> down = new ArrayList<>();
    private final Block bottleneck;
    private final List<Block> up = new ArrayList<>();
    private final List<Block> fuse = new ArrayList<>();
    private final Block head;

    /**
     * Creates the generator the builder describes.
     *
     * @param builder a validated builder
     */
    protected UNetGenerator(Builder builder) {
        super(builder);
        this.batchNorm = builder.batchNorm;
        for (int level = 0; level < depth; level++) {
            down.add(addChildBlock("down" + level, twoConvs(builder.width << level)));
        }
        bottleneck = addChildBlock("bottleneck", twoConvs(builder.width << depth));
        // Children in the order the forward pass uses them, from the bottom level up.
        List<Block> upward = new ArrayList<>();
        List<Block> fuseUpward = new ArrayList<>();
        for (int level = depth - 1; level >= 0; level--) {
            int channels = builder.width << level;
            upward.add(
                    addChildBlock(
                            "up" + level,
                            new SequentialBlock()
                                    .add(UpsampleConv.builder().setFilters(channels).build())
                                    .addAll(normalised())
                                    .add(Activation.reluBlock())));
            fuseUpward.add(addChildBlock("fuse" + level, twoConvs(channels)));
        }
        for (int level = 0; level < depth; level++) {
            up.add(upward.get(depth - 1 - level));
            fuse.add(fuseUpward.get(depth - 1 - level));
        }
        head =
                addChildBlock(
                        "head",
                        Conv2d.builder()
                                .setKernelShape(new Shape(1, 1))
                                .setFilters(numClasses)
                                .build());
    }

    private SequentialBlock twoConvs(int channels) {
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < 2; i++) {
            block.add(
                            Conv2d.builder()
                                    .setKernelShape(new Shape(3, 3))
                                    .optPadding(new Shape(1, 1))
                                    .setFilters(channels)
                                    .build())
                    .addAll(normalised())
                    .add(Activation.reluBlock());
        }
        return block;
    }

    /** Returns the normaliser that follows each convolution: one batch norm, or nothing. */
    private List<Block> normalised() {
        return batchNorm ? List.of(ChannelBatchNorm.builder().build()) : List.of();
    }

    /**
     * Creates a builder for a {@link UNetGenerator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
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
            skips[level] = run(down.get(level), parameterStore, x, training, params);
            x = Pool.maxPool2d(skips[level], POOL, POOL, new Shape(0, 0), false);
        }
        x = run(bottleneck, parameterStore, x, training, params);
        for (int level = depth - 1; level >= 0; level--) {
            x = run(up.get(level), parameterStore, x, training, params);
            x = run(fuse.get(level), parameterStore, x.concat(skips[level], 1), training, params);
        }
        return head.forward(parameterStore, new NDList(x), training, params);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        Shape shape = inputShapes[0];
        Shape[] skips = new Shape[depth];
        for (int level = 0; level < depth; level++) {
            skips[level] = initialize(down.get(level), manager, dataType, shape);
            shape = halve(skips[level]);
        }
        shape = initialize(bottleneck, manager, dataType, shape);
        for (int level = depth - 1; level >= 0; level--) {
            Shape upsampled = initialize(up.get(level), manager, dataType, shape);
            Shape joined =
                    new Shape(
                            upsampled.get(0),
                            upsampled.get(1) + skips[level].get(1),
                            upsampled.get(2),
                            upsampled.get(3));
            shape = initialize(fuse.get(level), manager, dataType, joined);
        }
        head.initialize(manager, dataType, shape);
    }

    private static Shape halve(Shape shape) {
        return new Shape(shape.get(0), shape.get(1), shape.get(2) / 2, shape.get(3) / 2);
    }

    /** The builder for a {@link UNetGenerator}. */
    public static final class Builder extends EncoderDecoderGenerator.Builder<Builder> {

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the generator.
         *
         * @return a new, uninitialised {@link UNetGenerator}
         * @throws IllegalArgumentException if the classes were not set or a size is invalid
         */
        public UNetGenerator build() {
            validate("UNetGenerator");
            return new UNetGenerator(this);
        }
    }
}
