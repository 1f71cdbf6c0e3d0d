package dev.annogan.core.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.ChannelBatchNorm;
import dev.annogan.core.nn.WeightNormLinear;
import java.util.Arrays;

/**
 * The fully connected image generator of Salimans et al. 2016 (their MNIST model): noise {@code z}
 * of shape {@code (N, noiseDim)} goes through linear layers of the configured widths ({@code 500,
 * 500} by default), each followed by a {@link ChannelBatchNorm} and softplus, then a weight-
 * normalised linear layer ({@link WeightNormLinear}) to {@code C*H*W} values and tanh, reshaped to
 * images of shape {@code (N, C, H, W)} in {@code [-1, 1]}. (The paper's sigmoid gives {@code [0,
 * 1]}; tanh is the same curve stretched to the range of this project's images.)
 *
 * <p>It is the partner of {@link DenseKPlusOneDiscriminator} and costs about as little; trained by
 * feature matching its samples need not look real, as the paper found: what helps the classifier is
 * that they lie near the data without being data.
 *
 * <p>Training forwards normalise hidden layers with the batch's statistics, inference forwards with
 * running ones, as in {@link DcganGenerator}; the batch-normalised layers have no bias, which the
 * normalisation's shift replaces.
 *
 * <pre>{@code
 * DenseGenerator generator = DenseGenerator.builder().setOutputShape(1, 28, 28).build();
 * generator.initialize(manager, DataType.FLOAT32, generator.getNoiseShape(100));
 * NDArray images = generator.forward(store, new NDList(noise), true).head(); // (100, 1, 28, 28)
 * }</pre>
 */
public class DenseGenerator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final int height;
    private final int imageWidth;
    private final int noiseDim;
    private final int[] hiddenSizes;
    private final SequentialBlock body;

    /**
     * Creates the generator the builder describes.
     *
     * @param builder a validated builder
     */
    protected DenseGenerator(Builder builder) {
        super(VERSION);
        this.channels = builder.channels;
        this.height = builder.height;
        this.imageWidth = builder.imageWidth;
        this.noiseDim = builder.noiseDim;
        this.hiddenSizes = builder.hiddenSizes.clone();
        SequentialBlock layers = new SequentialBlock();
        for (int size : hiddenSizes) {
            layers.add(Linear.builder().setUnits(size).optBias(false).build())
                    .add(ChannelBatchNorm.builder().build())
                    .add(Activation.softPlusBlock());
        }
        layers.add(
                        WeightNormLinear.builder()
                                .setUnits((long) channels * height * imageWidth)
                                .build())
                .add(Activation.tanhBlock());
        this.body = addChildBlock("body", layers);
    }

    /**
     * Creates a builder for a {@link DenseGenerator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
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
     * Returns the widths of the hidden layers, noise side first.
     *
     * @return a copy of the widths
     */
    public int[] getHiddenSizes() {
        return hiddenSizes.clone();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray flat = body.forward(parameterStore, inputs, training, params).singletonOrThrow();
        return new NDList(flat.reshape(getImageShape(flat.getShape().get(0))));
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
        body.initialize(manager, dataType, inputShapes);
    }

    private void checkInputShapes(Shape[] shapes) {
        if (shapes.length != 1 || shapes[0].dimension() != 2 || shapes[0].get(1) != noiseDim) {
            throw new IllegalArgumentException(
                    "DenseGenerator expects one noise input of shape (N, "
                            + noiseDim
                            + "); got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link DenseGenerator}. */
    public static final class Builder {

        private int channels;
        private int height;
        private int imageWidth;
        private int noiseDim = 100;
        private int[] hiddenSizes = {500, 500};

        Builder() {}

        /**
         * Sets the shape of one generated image. Required.
         *
         * @param channels C
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
         * Sets the width of the noise input; 100 by default, as in the paper.
         *
         * @param noiseDim the noise dimension
         * @return this builder
         */
        public Builder optNoiseDim(int noiseDim) {
            this.noiseDim = noiseDim;
            return this;
        }

        /**
         * Sets the widths of the hidden layers, noise side first; {@code 500, 500} by default.
         *
         * @param hiddenSizes at least one positive width
         * @return this builder
         */
        public Builder optHiddenSizes(int... hiddenSizes) {
            this.hiddenSizes = hiddenSizes.clone();
            return this;
        }

        /**
         * Builds the generator.
         *
         * @return a new, uninitialised {@link DenseGenerator}
         * @throws IllegalArgumentException if the output shape was not set or a size is not
         *     positive
         */
        public DenseGenerator build() {
            if (channels <= 0 || height <= 0 || imageWidth <= 0) {
                throw new IllegalArgumentException(
                        "DenseGenerator: setOutputShape is required and must be positive, got "
                                + channels
                                + "x"
                                + height
                                + "x"
                                + imageWidth);
            }
            if (noiseDim <= 0
                    || hiddenSizes.length == 0
                    || Arrays.stream(hiddenSizes).anyMatch(s -> s <= 0)) {
                throw new IllegalArgumentException(
                        "DenseGenerator: the noise dimension and at least one hidden width must be"
                                + " positive, got "
                                + noiseDim
                                + " and "
                                + Arrays.toString(hiddenSizes));
            }
            return new DenseGenerator(this);
        }
    }
}
