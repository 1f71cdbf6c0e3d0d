package dev.annogan.core.segmentation;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.SpectralNorm;
import dev.annogan.core.nn.StridedConvStack;
import java.util.Arrays;

/**
 * A PatchGAN discriminator (Isola et al., 2017) for segmentation: scores each patch of an (image,
 * class-probability map) pair as real or generated.
 *
 * <p>The image {@code (N, C, H, W)} and the class probabilities {@code (N, K, H, W)} (a generator's
 * softmax, or one-hot ground truth) are concatenated on the channel axis and pass through a {@link
 * StridedConvStack} ({@code depth} 4x4 stride-2 convolutions with LeakyReLU 0.2) and a 3x3
 * convolution to one channel. The output {@code (N, 1, H / 2^depth, W / 2^depth)} holds one logit
 * per patch; an adversarial loss averages over them. With {@code optSpectralNorm(true)} every
 * convolution is wrapped in {@link SpectralNorm}.
 *
 * <pre>{@code
 * PatchDiscriminator discriminator = PatchDiscriminator.builder()
 *         .setNumClasses(4).optWidth(32).optDepth(3).optSpectralNorm(true).build();
 * discriminator.initialize(manager, DataType.FLOAT32,
 *         new Shape(8, 3, 64, 64), new Shape(8, 4, 64, 64));
 * NDArray patchLogits = discriminator.forward(store, new NDList(images, probabilities), true)
 *         .singletonOrThrow(); // (8, 1, 8, 8)
 * }</pre>
 */
public class PatchDiscriminator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int numClasses;
    private final int inputChannels;
    private final PatchScorer scorer;

    /**
     * Creates the discriminator the builder describes.
     *
     * @param builder a validated builder
     */
    protected PatchDiscriminator(Builder builder) {
        super(VERSION);
        this.numClasses = builder.numClasses;
        this.inputChannels = builder.inputChannels;
        this.scorer =
                addChildBlock(
                        "scorer",
                        new PatchScorer(
                                builder.inputChannels + builder.numClasses,
                                builder.width,
                                builder.depth,
                                builder.spectralNorm,
                                builder.batchNorm));
    }

    /**
     * Creates a builder for a {@link PatchDiscriminator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of classes K, the channels of the probability map.
     *
     * @return K
     */
    public int getNumClasses() {
        return numClasses;
    }

    /**
     * Returns the factor by which the patch map is smaller than the image.
     *
     * @return {@code 2^depth}
     */
    public int getDownsampling() {
        return scorer.getDownsampling();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDList joined = new NDList(inputs.get(0).concat(inputs.get(1), 1));
        return scorer.forward(parameterStore, joined, training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        return scorer.getOutputShapes(new Shape[] {joined(inputShapes)});
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        scorer.initialize(manager, dataType, joined(inputShapes));
    }

    private Shape joined(Shape[] shapes) {
        Shape image = shapes[0];
        return new Shape(image.get(0), inputChannels + numClasses, image.get(2), image.get(3));
    }

    private void checkInputShapes(Shape[] shapes) {
        int factor = getDownsampling();
        boolean ok =
                shapes.length == 2
                        && shapes[0].dimension() == 4
                        && shapes[0].get(1) == inputChannels
                        && shapes[0].get(2) % factor == 0
                        && shapes[0].get(3) % factor == 0
                        && shapes[1].equals(
                                new Shape(
                                        shapes[0].get(0),
                                        numClasses,
                                        shapes[0].get(2),
                                        shapes[0].get(3)));
        if (!ok) {
            throw new IllegalArgumentException(
                    "PatchDiscriminator expects NDList(image (N, "
                            + inputChannels
                            + ", H, W), probabilities (N, "
                            + numClasses
                            + ", H, W)) with H and W divisible by 2^depth = "
                            + factor
                            + "; got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link PatchDiscriminator}. */
    public static final class Builder {

        private int numClasses;
        private int inputChannels = 3;
        private int width = 32;
        private int depth = 3;
        private boolean spectralNorm;
        private boolean batchNorm;

        Builder() {}

        /**
         * Sets the number of classes K, the channels of the probability map. Required.
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
         * Sets the number of stride-2 convolutions; 3 by default. Each output logit then sees a
         * square patch of {@code 5 * 2^depth - 2} pixels (38 at depth 3).
         *
         * @param depth the number of strided layers
         * @return this builder
         */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Sets whether every convolution is spectrally normalised; false by default.
         *
         * @param spectralNorm true to normalise
         * @return this builder
         */
        public Builder optSpectralNorm(boolean spectralNorm) {
            this.spectralNorm = spectralNorm;
            return this;
        }

        /**
         * Sets whether every strided convolution after the first is batch-normalised, as in
         * pix2pix's PatchGAN; false by default.
         *
         * @param batchNorm true to normalise
         * @return this builder
         */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /**
         * Builds the discriminator.
         *
         * @return a new, uninitialised {@link PatchDiscriminator}
         * @throws IllegalArgumentException if the classes were not set or a size is invalid
         */
        public PatchDiscriminator build() {
            if (numClasses <= 0 || inputChannels <= 0) {
                throw new IllegalArgumentException(
                        "PatchDiscriminator: setNumClasses is required; classes and input"
                                + " channels must be positive, got "
                                + numClasses
                                + " and "
                                + inputChannels);
            }
            // The strided stack, built by the constructor, checks width and depth.
            return new PatchDiscriminator(this);
        }
    }
}
