package dev.annogan.core.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.ChannelBatchNorm;
import dev.annogan.core.nn.UpsampleConv;
import java.util.Arrays;

/**
 * A DCGAN-style image generator: noise {@code z} of shape {@code (N, noiseDim)} goes through a
 * {@link Linear} layer reshaped to a {@code (N, 4*width, H/2^depth, W/2^depth)} map, then {@code
 * depth} resize-convolutions ({@link UpsampleConv}: nearest-neighbour x2 and a 3x3 convolution),
 * each followed by ReLU, then a 3x3 convolution to C channels and tanh, giving images of shape
 * {@code (N, C, H, W)} in {@code [-1, 1]}.
 *
 * <p>The channels halve with every upsampling, from {@code 4*width} at the start to {@code max(1,
 * 4*width / 2^i)} after the i-th, so the highest resolutions, where a convolution costs the most,
 * are the thinnest: {@code 1x28x28} with width 64 runs 256 channels at 7x7, 128 at 14x14 and 64 at
 * 28x28.
 *
 * <p>By default the depth is the number of times H and W can both be halved while staying even and
 * above 4, so generation starts from the smallest sensible map: 28x28 starts from 7x7 (depth 2),
 * 32x32 from 4x4 (depth 3) and 64x64 from 4x4 (depth 4). {@link Builder#optDepth(int)} overrides it
 * when H and W are divisible by {@code 2^depth}.
 *
 * <p>With {@link Builder#optBatchNorm(boolean) batch normalisation} (on by default, as DCGAN
 * generators need a normaliser to train stably) the projected map and every upsampled map are
 * normalised by a {@link ChannelBatchNorm} before their ReLU. It costs about as much as DJL's own
 * {@code BatchNorm} but, unlike it, survives the generator being frozen and unfrozen on the PyTorch
 * engine (see {@link ChannelBatchNorm}). Training forwards use the batch's statistics; inference
 * forwards use running ones, so sample with {@code training = false} only after some training.
 *
 * <pre>{@code
 * DcganGenerator generator = DcganGenerator.builder().setOutputShape(1, 28, 28).build();
 * generator.initialize(manager, DataType.FLOAT32, generator.getNoiseShape(100));
 * NDArray images = generator.forward(store, new NDList(generator.sampleNoise(manager, 100)), true)
 *         .singletonOrThrow(); // (100, 1, 28, 28)
 * }</pre>
 */
public class DcganGenerator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final int height;
    private final int imageWidth;
    private final int noiseDim;
    private final int width;
    private final int depth;
    private final boolean batchNorm;
    private final Linear project;
    private final SequentialBlock body;

    /**
     * Creates the generator the builder describes.
     *
     * @param builder a validated builder
     */
    protected DcganGenerator(Builder builder) {
        super(VERSION);
        this.channels = builder.channels;
        this.height = builder.height;
        this.imageWidth = builder.imageWidth;
        this.noiseDim = builder.noiseDim;
        this.width = builder.width;
        this.depth = builder.resolvedDepth;
        this.batchNorm = builder.batchNorm;
        long startSize = (long) getStartChannels() * getStartHeight() * getStartWidth();
        this.project = addChildBlock("project", Linear.builder().setUnits(startSize).build());
        SequentialBlock layers = new SequentialBlock();
        addNormalisedRelu(layers);
        for (int level = 1; level <= depth; level++) {
            layers.add(UpsampleConv.builder().setFilters(getChannelsAfter(level)).build());
            addNormalisedRelu(layers);
        }
        layers.add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(channels)
                                .build())
                .add(Activation.tanhBlock());
        this.body = addChildBlock("body", layers);
    }

    private void addNormalisedRelu(SequentialBlock layers) {
        if (batchNorm) {
            layers.add(ChannelBatchNorm.builder().build());
        }
        layers.add(Activation.reluBlock());
    }

    /**
     * Creates a builder for a {@link DcganGenerator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a batch of standard normal noise, the generator's input.
     *
     * @param manager the manager that owns the returned array
     * @param batchSize how many noise vectors
     * @return an array of shape {@code (batchSize, noiseDim)}
     */
    public NDArray sampleNoise(NDManager manager, long batchSize) {
        return manager.randomNormal(getNoiseShape(batchSize));
    }

    /**
     * Returns the shape of a batch of noise this generator accepts, for {@code initialize}.
     *
     * @param batchSize the batch size
     * @return {@code (batchSize, noiseDim)}
     */
    public Shape getNoiseShape(long batchSize) {
        return new Shape(batchSize, noiseDim);
    }

    /**
     * Returns the shape of the images generated from a batch of noise.
     *
     * @param batchSize the batch size
     * @return {@code (batchSize, C, H, W)}
     */
    public Shape getImageShape(long batchSize) {
        return new Shape(batchSize, channels, height, imageWidth);
    }

    /**
     * Returns the width of the noise input.
     *
     * @return the noise dimension
     */
    public int getNoiseDim() {
        return noiseDim;
    }

    /**
     * Returns the number of image channels C.
     *
     * @return C
     */
    public int getOutputChannels() {
        return channels;
    }

    /**
     * Returns the image height H.
     *
     * @return H
     */
    public int getOutputHeight() {
        return height;
    }

    /**
     * Returns the image width W.
     *
     * @return W
     */
    public int getOutputWidth() {
        return imageWidth;
    }

    /**
     * Returns the width parameter: the projected map has {@code 4 * width} channels.
     *
     * @return the width
     */
    public int getWidth() {
        return width;
    }

    /**
     * Returns the number of upsamplings.
     *
     * @return the depth
     */
    public int getDepth() {
        return depth;
    }

    /**
     * Returns whether the hidden maps are batch-normalised.
     *
     * @return true if they are
     */
    public boolean isBatchNorm() {
        return batchNorm;
    }

    /**
     * Returns the channels of the projected map, {@code 4 * width}.
     *
     * @return the start channels
     */
    public int getStartChannels() {
        return 4 * width;
    }

    /**
     * Returns the height of the projected map, {@code H / 2^depth}.
     *
     * @return the start height
     */
    public int getStartHeight() {
        return height >> depth;
    }

    /**
     * Returns the width of the projected map, {@code W / 2^depth}.
     *
     * @return the start width
     */
    public int getStartWidth() {
        return imageWidth >> depth;
    }

    /**
     * Returns the channels of the map after the given upsampling, {@code max(1, 4*width /
     * 2^level)}.
     *
     * @param level the upsampling, from 1 to depth; 0 gives the projected map
     * @return the channels
     */
    public int getChannelsAfter(int level) {
        return Math.max(1, getStartChannels() >> level);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray projected =
                project.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray map = projected.reshape(startMapShape(projected.getShape().get(0)));
        return body.forward(parameterStore, new NDList(map), training, params);
    }

    private Shape startMapShape(long batchSize) {
        return new Shape(batchSize, getStartChannels(), getStartHeight(), getStartWidth());
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        return new Shape[] {getImageShape(inputShapes[0].get(0))};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        project.initialize(manager, dataType, inputShapes);
        body.initialize(manager, dataType, startMapShape(inputShapes[0].get(0)));
    }

    private void checkInputShapes(Shape[] shapes) {
        if (shapes.length != 1 || shapes[0].dimension() != 2 || shapes[0].get(1) != noiseDim) {
            throw new IllegalArgumentException(
                    "DcganGenerator expects one noise input of shape (N, "
                            + noiseDim
                            + "); got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link DcganGenerator}. */
    public static final class Builder {

        private int channels;
        private int height;
        private int imageWidth;
        private int noiseDim = 100;
        private int width = 64;
        private int depth = -1;
        private boolean batchNorm = true;
        private int resolvedDepth;

        Builder() {}

        /**
         * Sets the shape of one generated image. Required.
         *
         * @param channels C, for example 1 for Fashion-MNIST or 3 for RGB
         * @param height H
         * @param width W
         * @return this builder
         */
        public Builder setOutputShape(int channels, int height, int width) {
            this.channels = channels;
            this.height = height;
            this.imageWidth = width;
            return this;
        }

        /**
         * Sets the width of the noise input; 100 by default, as in DCGAN.
         *
         * @param noiseDim the noise dimension
         * @return this builder
         */
        public Builder optNoiseDim(int noiseDim) {
            this.noiseDim = noiseDim;
            return this;
        }

        /**
         * Sets the width parameter; 64 by default. The projected map has {@code 4 * width} channels
         * and every upsampling halves them.
         *
         * @param width the width
         * @return this builder
         */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the number of upsamplings; by default, the number of times H and W can both be
         * halved while staying even and above 4.
         *
         * @param depth the upsamplings, at least 1, with H and W divisible by {@code 2^depth}
         * @return this builder
         */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Sets whether hidden maps are normalised by a {@link ChannelBatchNorm}; true by default.
         *
         * @param batchNorm true to normalise
         * @return this builder
         */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /**
         * Builds the generator.
         *
         * @return a new, uninitialised {@link DcganGenerator}
         * @throws IllegalArgumentException if the output shape was not set, a size is not positive,
         *     or H and W are not divisible by {@code 2^depth}
         */
        public DcganGenerator build() {
            if (channels <= 0 || height <= 0 || imageWidth <= 0) {
                throw new IllegalArgumentException(
                        "DcganGenerator: setOutputShape is required and must be positive, got "
                                + channels
                                + "x"
                                + height
                                + "x"
                                + imageWidth);
            }
            if (noiseDim <= 0 || width <= 0 || width > (1 << 24)) {
                throw new IllegalArgumentException(
                        "DcganGenerator: noise dimension and width must be positive, got "
                                + noiseDim
                                + " and "
                                + width);
            }
            resolvedDepth = depth < 0 ? defaultDepth(height, imageWidth) : depth;
            if (resolvedDepth < 1 || resolvedDepth > 30) {
                throw new IllegalArgumentException(
                        "DcganGenerator: depth must be at least 1, got "
                                + resolvedDepth
                                + (depth < 0
                                        ? " for "
                                                + height
                                                + "x"
                                                + imageWidth
                                                + " (H and W must both be even to upsample)"
                                        : ""));
            }
            int factor = 1 << resolvedDepth;
            if (height % factor != 0 || imageWidth % factor != 0) {
                throw new IllegalArgumentException(
                        "DcganGenerator: output size "
                                + height
                                + "x"
                                + imageWidth
                                + " must be divisible by 2^depth = "
                                + factor
                                + " (depth "
                                + resolvedDepth
                                + ") so that generation starts from a whole map; lower optDepth");
            }
            return new DcganGenerator(this);
        }

        private static int defaultDepth(int height, int width) {
            int levels = 0;
            while (height % 2 == 0 && width % 2 == 0 && height > 4 && width > 4) {
                height /= 2;
                width /= 2;
                levels++;
            }
            return levels;
        }
    }
}
