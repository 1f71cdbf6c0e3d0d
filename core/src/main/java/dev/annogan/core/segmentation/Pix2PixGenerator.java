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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.ChannelBatchNorm;
import dev.annogan.core.nn.StridedConvStack;
import dev.annogan.core.nn.TransposedConv2d;
import java.util.ArrayList;
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
public class Pix2PixGenerator extends EncoderDecoderGenerator {

    private final List<Block> down = new ArrayList<>();
    private final List<Block> up = new ArrayList<>();
    private final Block head;

    /**
     * Creates the generator the builder describes.
     *
     * @param builder a validated builder
     */
    protected Pix2PixGenerator(Builder builder) {
        super(builder);
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

    /** The builder for a {@link Pix2PixGenerator}. */
    public static final class Builder extends EncoderDecoderGenerator.Builder<Builder> {

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the generator.
         *
         * @return a new, uninitialised {@link Pix2PixGenerator}
         * @throws IllegalArgumentException if the classes were not set or a size is invalid
         */
        public Pix2PixGenerator build() {
            validate("Pix2PixGenerator");
            return new Pix2PixGenerator(this);
        }
    }
}
