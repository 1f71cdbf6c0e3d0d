package dev.annogan.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Blocks;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * An image encoder: an {@link EncoderTrunk} flattened, or averaged over height and width, to one
 * feature vector per image. The trunk is DCGAN's by default (a {@link StridedConvStack}: 4x4
 * stride-2 convolutions with {@code width, 2*width, ...} channels and LeakyReLU(0.2), optionally
 * spectrally or batch-normalised), or a {@link VggStack} with {@link
 * Builder#optConvsPerLevel(int)}.
 *
 * <p>The input size is fixed when the encoder is built, so the feature size is known before any
 * data is seen: an input of shape {@code (N, C, H, W)} gives {@code (N, getFeatureSize())} with
 * {@code getFeatureSize() = width * 2^(depth-1) * (H / 2^depth) * (W / 2^depth)}, or {@code width *
 * 2^(depth-1)} with {@link Builder#optGlobalPooling(boolean) global pooling}. Images of any other
 * shape are rejected with a message that names the expected one.
 *
 * <pre>{@code
 * ImageEncoder encoder = ImageEncoder.builder().setInputSize(32).optWidth(32).optDepth(3).build();
 * // (N, 3, 32, 32) -> (N, 128 * 4 * 4) = (N, 2048)
 * }</pre>
 */
public class ImageEncoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int height;
    private final int width;
    private final boolean globalPooling;
    private final EncoderTrunk convs;

    /**
     * Creates the encoder the builder describes.
     *
     * @param builder a validated builder
     */
    protected ImageEncoder(Builder builder) {
        super(VERSION);
        this.height = builder.height;
        this.width = builder.width;
        this.globalPooling = builder.globalPooling;
        this.convs = addChildBlock("convs", builder.builtStack);
    }

    /**
     * Creates a builder for an {@link ImageEncoder}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the length of the feature vector per image.
     *
     * @return {@code width * 2^(depth-1) * (H / 2^depth) * (W / 2^depth)}
     */
    public long getFeatureSize() {
        if (globalPooling) {
            return convs.getOutputChannels();
        }
        long factor = convs.getDownsampling();
        return (long) convs.getOutputChannels() * (height / factor) * (width / factor);
    }

    /**
     * Returns the convolutions, the part of the encoder whose weights a backbone carries (the
     * pooling or flattening after them has none).
     *
     * @return the trunk: a {@link StridedConvStack}, or a {@link VggStack} when built with {@link
     *     Builder#optConvsPerLevel(int)}
     */
    public EncoderTrunk getConvolutions() {
        return convs;
    }

    /**
     * Returns whether the last feature maps are averaged over height and width rather than
     * flattened.
     *
     * @return true with global average pooling
     */
    public boolean isGlobalPooling() {
        return globalPooling;
    }

    /**
     * Returns the image height the encoder expects.
     *
     * @return H
     */
    public int getInputHeight() {
        return height;
    }

    /**
     * Returns the image width the encoder expects.
     *
     * @return W
     */
    public int getInputWidth() {
        return width;
    }

    /**
     * Returns the number of image channels the encoder expects.
     *
     * @return C
     */
    public int getInputChannels() {
        return convs.getInputChannels();
    }

    /**
     * Returns the shape of a batch of images this encoder accepts.
     *
     * @param batchSize the batch size
     * @return {@code (batchSize, C, H, W)}
     */
    public Shape getInputShape(long batchSize) {
        return new Shape(batchSize, getInputChannels(), height, width);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray maps = convs.forward(parameterStore, inputs, training, params).singletonOrThrow();
        if (!globalPooling) {
            return new NDList(Blocks.batchFlatten(maps));
        }
        // One axis at a time: the PyTorch engine's mean takes a single axis.
        Shape shape = maps.getShape();
        return new NDList(maps.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2}));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        return new Shape[] {new Shape(inputShapes[0].get(0), getFeatureSize())};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        convs.initialize(manager, dataType, inputShapes);
    }

    private void checkInputShapes(Shape[] shapes) {
        if (shapes.length != 1
                || shapes[0].dimension() != 4
                || shapes[0].get(1) != getInputChannels()
                || shapes[0].get(2) != height
                || shapes[0].get(3) != width) {
            throw new IllegalArgumentException(
                    "ImageEncoder expects one input of shape (N, "
                            + getInputChannels()
                            + ", "
                            + height
                            + ", "
                            + width
                            + "); got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for an {@link ImageEncoder}. */
    public static final class Builder {

        private int height;
        private int width;
        private final StridedConvStack.Builder stack = StridedConvStack.builder();
        private int depth = 3;
        private boolean globalPooling;
        private int convsPerLevel;
        private EncoderTrunk builtStack;

        Builder() {}

        /**
         * Sets the height and width of the input images. Required.
         *
         * @param height H, divisible by {@code 2^depth}
         * @param width W, divisible by {@code 2^depth}
         * @return this builder
         */
        public Builder setInputSize(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /**
         * Sets the side of square input images. Required unless {@link #setInputSize(int, int)} is
         * called.
         *
         * @param side H = W, divisible by {@code 2^depth}
         * @return this builder
         */
        public Builder setInputSize(int side) {
            return setInputSize(side, side);
        }

        /**
         * Sets the channels of the first convolution; 32 by default. Each later one doubles them.
         *
         * @param width the first layer's channels
         * @return this builder
         */
        public Builder optWidth(int width) {
            stack.optWidth(width);
            return this;
        }

        /**
         * Sets the number of stride-2 convolutions; 3 by default.
         *
         * @param depth the number of layers, each halving height and width
         * @return this builder
         */
        public Builder optDepth(int depth) {
            this.depth = depth;
            stack.optDepth(depth);
            return this;
        }

        /**
         * Sets the number of image channels; 3 (RGB) by default.
         *
         * @param inputChannels C
         * @return this builder
         */
        public Builder optInputChannels(int inputChannels) {
            stack.optInputChannels(inputChannels);
            return this;
        }

        /**
         * Sets whether every convolution is wrapped in {@link SpectralNorm}; false by default.
         *
         * @param spectralNorm true to normalise
         * @return this builder
         */
        public Builder optSpectralNorm(boolean spectralNorm) {
            stack.optSpectralNorm(spectralNorm);
            return this;
        }

        /**
         * Sets whether every convolution after the first is batch-normalised ({@link
         * ChannelBatchNorm}); false by default.
         *
         * @param batchNorm true to normalise
         * @return this builder
         */
        public Builder optBatchNorm(boolean batchNorm) {
            stack.optBatchNorm(batchNorm);
            return this;
        }

        /**
         * Sets whether the last feature maps are averaged over height and width (global average
         * pooling, {@code width * 2^(depth-1)} features) rather than flattened; false by default.
         * Pooling makes the features independent of where in the image a pattern appears, which
         * suits tags (is there a star anywhere?), and keeps the head small.
         *
         * @param globalPooling true to average
         * @return this builder
         */
        public Builder optGlobalPooling(boolean globalPooling) {
            this.globalPooling = globalPooling;
            return this;
        }

        /**
         * Sets the trunk's kind: 0 (the default) for DCGAN's, one 4x4 stride-2 convolution a level
         * ({@link StridedConvStack}); {@code k > 0} for a VGG-style trunk of {@code k} 3x3
         * convolutions and a 2x2 max pooling a level ({@link VggStack}), batch-normalised when
         * {@link #optBatchNorm(boolean)} is set, and never spectrally normalised.
         *
         * @param convsPerLevel 0, or the 3x3 convolutions of each level
         * @return this builder
         */
        public Builder optConvsPerLevel(int convsPerLevel) {
            this.convsPerLevel = convsPerLevel;
            return this;
        }

        /**
         * Builds the encoder.
         *
         * @return a new, uninitialised {@link ImageEncoder}
         * @throws IllegalArgumentException if the input size was not set, is not divisible by
         *     {@code 2^depth}, or another size is not positive
         */
        public ImageEncoder build() {
            if (height <= 0 || width <= 0) {
                throw new IllegalArgumentException(
                        "ImageEncoder: setInputSize is required and must be positive, got "
                                + height
                                + "x"
                                + width);
            }
            if (depth > 0 && depth < 31) {
                int factor = 1 << depth;
                if (height % factor != 0 || width % factor != 0) {
                    throw new IllegalArgumentException(
                            "ImageEncoder: input size "
                                    + height
                                    + "x"
                                    + width
                                    + " must be divisible by 2^depth = "
                                    + factor
                                    + " (depth "
                                    + depth
                                    + "); resize the images or lower optDepth");
                }
            }
            if (convsPerLevel < 0) {
                throw new IllegalArgumentException(
                        "ImageEncoder: convolutions per level must be >= 0, got " + convsPerLevel);
            }
            // The stack validates width, depth and channels.
            StridedConvStack strided = stack.build();
            if (convsPerLevel == 0) {
                builtStack = strided;
            } else if (strided.isSpectralNorm()) {
                throw new IllegalArgumentException(
                        "ImageEncoder: a VGG-style trunk (convolutions per level "
                                + convsPerLevel
                                + ") is not spectrally normalised; drop optSpectralNorm");
            } else {
                builtStack =
                        VggStack.builder()
                                .optInputChannels(strided.getInputChannels())
                                .optWidth(strided.getWidth())
                                .optDepth(strided.getDepth())
                                .optConvsPerLevel(convsPerLevel)
                                .optBatchNorm(strided.isBatchNorm())
                                .build();
            }
            return new ImageEncoder(this);
        }
    }
}
