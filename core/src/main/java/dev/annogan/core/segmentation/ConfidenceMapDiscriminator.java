package dev.annogan.core.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.NearestUpsample;
import dev.annogan.core.nn.SpectralNorm;
import dev.annogan.core.nn.StridedConvStack;
import java.util.Arrays;

/**
 * The fully convolutional discriminator of Hung et al. (2018): a per-pixel confidence that a
 * class-probability map is ground truth rather than a prediction.
 *
 * <p>The class probabilities {@code (N, K, H, W)} (and, with {@code optWithImage(true)}, the image
 * concatenated on the channel axis) pass through a {@link StridedConvStack} ({@code depth} 4x4
 * stride-2 convolutions with LeakyReLU 0.2), a 3x3 convolution to one channel, and
 * nearest-neighbour upsampling by {@code 2^depth} back to {@code (N, 1, H, W)}: one confidence
 * logit per pixel. In semi-supervised training, pixels of an unlabelled image whose sigmoid
 * confidence passes a threshold become pseudo-labels.
 *
 * <p>Differences from the paper, for DJL: the paper's last layer is a fifth stride-2 convolution
 * and the map is upsampled bilinearly; here the last convolution has stride 1 and the upsampling is
 * nearest-neighbour ({@link NearestUpsample}), which every engine differentiates, so the map is
 * constant on {@code 2^depth x 2^depth} blocks. The paper's discriminator sees the probabilities
 * only, which is the default.
 *
 * <p>The input is {@code NDList(probabilities)} or {@code NDList(image, probabilities)}, the latter
 * matching {@link PatchDiscriminator} so that one objective can drive either; without {@code
 * optWithImage(true)} the image is ignored. With {@code optSpectralNorm(true)} every convolution is
 * wrapped in {@link SpectralNorm}.
 *
 * <pre>{@code
 * ConfidenceMapDiscriminator discriminator =
 *         ConfidenceMapDiscriminator.builder().setNumClasses(4).build();
 * discriminator.initialize(manager, DataType.FLOAT32, new Shape(8, 4, 64, 64));
 * NDArray confidence = discriminator.forward(store, new NDList(probabilities), true)
 *         .singletonOrThrow(); // (8, 1, 64, 64) logits
 * }</pre>
 */
public class ConfidenceMapDiscriminator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int numClasses;
    private final int inputChannels;
    private final boolean withImage;
    private final PatchScorer scorer;

    /**
     * Creates the discriminator the builder describes.
     *
     * @param builder a validated builder
     */
    protected ConfidenceMapDiscriminator(Builder builder) {
        super(VERSION);
        this.numClasses = builder.numClasses;
        this.inputChannels = builder.inputChannels;
        this.withImage = builder.withImage;
        int channels = numClasses + (withImage ? inputChannels : 0);
        this.scorer =
                addChildBlock(
                        "scorer",
                        new PatchScorer(
                                channels,
                                builder.width,
                                builder.depth,
                                builder.spectralNorm,
                                false));
    }

    /**
     * Creates a builder for a {@link ConfidenceMapDiscriminator}.
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
     * Returns whether the image is concatenated to the probabilities.
     *
     * @return true if the discriminator sees the image
     */
    public boolean isWithImage() {
        return withImage;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray probabilities = inputs.get(inputs.size() - 1);
        NDArray joined = withImage ? inputs.get(0).concat(probabilities, 1) : probabilities;
        NDArray patches =
                scorer.forward(parameterStore, new NDList(joined), training, params)
                        .singletonOrThrow();
        return new NDList(NearestUpsample.upsample(patches, scorer.getDownsampling()));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        Shape probabilities = inputShapes[inputShapes.length - 1];
        return new Shape[] {
            new Shape(probabilities.get(0), 1, probabilities.get(2), probabilities.get(3))
        };
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        Shape probabilities = inputShapes[inputShapes.length - 1];
        long channels = numClasses + (withImage ? inputChannels : 0);
        scorer.initialize(
                manager,
                dataType,
                new Shape(
                        probabilities.get(0),
                        channels,
                        probabilities.get(2),
                        probabilities.get(3)));
    }

    private void checkInputShapes(Shape[] shapes) {
        int factor = scorer.getDownsampling();
        boolean ok = shapes.length == 2 || (shapes.length == 1 && !withImage);
        Shape probabilities = ok ? shapes[shapes.length - 1] : null;
        ok =
                ok
                        && probabilities.dimension() == 4
                        && probabilities.get(1) == numClasses
                        && probabilities.get(2) % factor == 0
                        && probabilities.get(3) % factor == 0;
        if (ok && shapes.length == 2) {
            Shape image = shapes[0];
            ok =
                    image.dimension() == 4
                            && image.get(0) == probabilities.get(0)
                            && image.get(1) == inputChannels
                            && image.get(2) == probabilities.get(2)
                            && image.get(3) == probabilities.get(3);
        }
        if (!ok) {
            throw new IllegalArgumentException(
                    "ConfidenceMapDiscriminator expects NDList("
                            + (withImage ? "" : "[")
                            + "image (N, "
                            + inputChannels
                            + ", H, W), "
                            + (withImage ? "" : "] ")
                            + "probabilities (N, "
                            + numClasses
                            + ", H, W)) with H and W divisible by 2^depth = "
                            + factor
                            + "; got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link ConfidenceMapDiscriminator}. */
    public static final class Builder {

        private int numClasses;
        private int inputChannels = 3;
        private int width = 32;
        private int depth = 3;
        private boolean withImage;
        private boolean spectralNorm;

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
         * Sets whether the image is concatenated to the probabilities; false by default, as in the
         * paper.
         *
         * @param withImage true to let the discriminator see the image
         * @return this builder
         */
        public Builder optWithImage(boolean withImage) {
            this.withImage = withImage;
            return this;
        }

        /**
         * Sets the channels of the first convolution; 32 by default (64 in the paper). Each later
         * one doubles them.
         *
         * @param width the first layer's channels
         * @return this builder
         */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the number of stride-2 convolutions; 3 by default.
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
         * Builds the discriminator.
         *
         * @return a new, uninitialised {@link ConfidenceMapDiscriminator}
         * @throws IllegalArgumentException if the classes were not set or a size is invalid
         */
        public ConfidenceMapDiscriminator build() {
            if (numClasses <= 0 || inputChannels <= 0) {
                throw new IllegalArgumentException(
                        "ConfidenceMapDiscriminator: setNumClasses is required; classes and input"
                                + " channels must be positive, got "
                                + numClasses
                                + " and "
                                + inputChannels);
            }
            // The strided stack, built by the constructor, checks width and depth.
            return new ConfidenceMapDiscriminator(this);
        }
    }
}
