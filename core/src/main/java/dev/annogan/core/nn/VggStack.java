package dev.annogan.core.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

/**
 * A VGG-style convolution stack: {@code depth} levels, each of {@code convsPerLevel} 3x3
 * convolutions (padding 1, {@code width << level} channels), each optionally batch-normalised and
 * followed by a ReLU, then a 2x2 max pooling that halves height and width.
 *
 * <p>Where {@link StridedConvStack} looks at each resolution once, through one strided convolution,
 * this stack looks several times before it pools: corners, points and arms of small shapes are seen
 * at the resolution where they are a few pixels wide. On the shapes scenes with 10% of the tags, a
 * tagger with the strided stack stays at chance on held-out images while this one learns them
 * (BENCHMARKS.md, "Tagger, shapes, 10% labelled"). It costs about eight times the multiply-adds of
 * a strided stack of the same width and depth with two convolutions a level.
 *
 * <pre>{@code
 * VggStack trunk = VggStack.builder().optWidth(32).optDepth(4).optConvsPerLevel(2).build();
 * // (N, 3, 64, 64) -> (N, 256, 4, 4)
 * }</pre>
 */
public class VggStack extends EncoderTrunk {

    private static final byte VERSION = 1;

    private final int convsPerLevel;
    private final boolean batchNorm;

    /**
     * Creates the block the builder describes.
     *
     * @param builder a validated builder
     */
    protected VggStack(Builder builder) {
        super(VERSION, builder.inputChannels, builder.width, builder.depth, levels(builder));
        this.convsPerLevel = builder.convsPerLevel;
        this.batchNorm = builder.batchNorm;
    }

    private static SequentialBlock levels(Builder builder) {
        SequentialBlock stack = new SequentialBlock();
        for (int level = 0; level < builder.depth; level++) {
            for (int conv = 0; conv < builder.convsPerLevel; conv++) {
                stack.add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(builder.width << level)
                                .build());
                if (builder.batchNorm) {
                    stack.add(ChannelBatchNorm.builder().build());
                }
                stack.add(Activation.reluBlock());
            }
            stack.add(Pool.maxPool2dBlock(new Shape(2, 2)));
        }
        return stack;
    }

    /**
     * Creates a builder for a {@link VggStack}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of 3x3 convolutions of each level.
     *
     * @return at least 1
     */
    public int getConvsPerLevel() {
        return convsPerLevel;
    }

    /**
     * Returns whether every convolution is batch-normalised.
     *
     * @return true with batch norm
     */
    public boolean isBatchNorm() {
        return batchNorm;
    }

    /** The builder for a {@link VggStack}. */
    public static final class Builder {

        private int inputChannels = 3;
        private int width = 32;
        private int depth = 3;
        private int convsPerLevel = 2;
        private boolean batchNorm = true;

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
         * Sets the channels of the first level; 32 by default. Each later level doubles them.
         *
         * @param width the first level's channels
         * @return this builder
         */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the number of levels; 3 by default.
         *
         * @param depth the number of levels, each halving height and width
         * @return this builder
         */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Sets the number of 3x3 convolutions of each level; 2 by default, as in VGG.
         *
         * @param convsPerLevel at least 1
         * @return this builder
         */
        public Builder optConvsPerLevel(int convsPerLevel) {
            this.convsPerLevel = convsPerLevel;
            return this;
        }

        /**
         * Sets whether every convolution is followed by a {@link ChannelBatchNorm} before its ReLU;
         * true by default.
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
         * @return a new, uninitialised {@link VggStack}
         * @throws IllegalArgumentException if a size is not positive or the channels overflow
         */
        public VggStack build() {
            if (inputChannels <= 0 || width <= 0 || depth <= 0 || convsPerLevel <= 0) {
                throw new IllegalArgumentException(
                        "VggStack: input channels, width, depth and convolutions per level must be"
                                + " positive, got "
                                + inputChannels
                                + ", "
                                + width
                                + ", "
                                + depth
                                + ", "
                                + convsPerLevel);
            }
            if (depth > 16 || ((long) width << (depth - 1)) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "VggStack: width " + width + " at depth " + depth + " is too large");
            }
            return new VggStack(this);
        }
    }
}
