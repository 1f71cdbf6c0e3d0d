package dev.annogan.core.tagging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.ImageEncoder;
import dev.annogan.core.nn.ImageEncoderOptions;
import dev.annogan.core.nn.SpectralNorm;
import dev.annogan.core.nn.StridedConvStack;
import java.util.Arrays;

/**
 * The tagging discriminator: scores an (image, label vector) pair with one real/fake logit.
 *
 * <p>An {@link ImageEncoder} turns the image into features {@code f(x)}. The label vector {@code y}
 * holds K probabilities (a generator's sigmoid output) or 0/1 ground truth. Two ways to join them:
 *
 * <ul>
 *   <li>concatenation (the default): {@code logit = Linear(1)(LeakyReLU(Linear(hidden)([f(x),
 *       y])))};
 *   <li>projection (Miyato and Koyama, 2018), {@code optProjection(true)}: with {@code phi(x) =
 *       LeakyReLU(Linear(hidden)(f(x)))}, {@code logit = psi(phi(x)) + <embed(y), phi(x)>}, where
 *       {@code psi} is {@code Linear(1)} and {@code embed} is a bias-free {@code Linear} from K to
 *       the hidden width, so the label enters through an inner product with the image's features.
 *       The logit is affine in {@code y}; for one-hot {@code y}, {@code embed(y)} is the label's
 *       embedding row, as in the paper.
 * </ul>
 *
 * <p>With {@code optSpectralNorm(true)} every convolution and linear layer, the embedding included,
 * is wrapped in {@link SpectralNorm}. The input is {@code NDList(image, labels)} of shapes {@code
 * (N, C, H, W)} and {@code (N, K)}; the output has shape {@code (N, 1)}.
 *
 * <pre>{@code
 * PairDiscriminator discriminator = PairDiscriminator.builder()
 *         .setNumLabels(80).setInputSize(64).optProjection(true).optSpectralNorm(true).build();
 * discriminator.initialize(manager, DataType.FLOAT32, new Shape(8, 3, 64, 64), new Shape(8, 80));
 * NDArray logits = discriminator.forward(store, new NDList(images, labels), true)
 *         .singletonOrThrow(); // (8, 1)
 * }</pre>
 */
public class PairDiscriminator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int numLabels;
    private final boolean projection;
    private final ImageEncoder encoder;
    private final SequentialBlock features;
    private final Block output;
    private final Block embedding;

    /**
     * Creates the discriminator the builder describes.
     *
     * @param builder a validated builder
     */
    protected PairDiscriminator(Builder builder) {
        super(VERSION);
        this.numLabels = builder.numLabels;
        this.projection = builder.projection;
        boolean sn = builder.spectralNorm;
        this.encoder = addChildBlock("encoder", builder.encoder);
        this.features =
                addChildBlock(
                        "features",
                        new SequentialBlock()
                                .add(
                                        SpectralNorm.wrapIf(
                                                sn,
                                                Linear.builder().setUnits(builder.hidden).build()))
                                .add(Activation.leakyReluBlock(StridedConvStack.NEGATIVE_SLOPE)));
        this.output =
                addChildBlock(
                        "output", SpectralNorm.wrapIf(sn, Linear.builder().setUnits(1).build()));
        this.embedding =
                projection
                        ? addChildBlock(
                                "embedding",
                                SpectralNorm.wrapIf(
                                        sn,
                                        Linear.builder()
                                                .setUnits(builder.hidden)
                                                .optBias(false)
                                                .build()))
                        : null;
    }

    /**
     * Creates a builder for a {@link PairDiscriminator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of labels K, the width of the label input.
     *
     * @return K
     */
    public int getNumLabels() {
        return numLabels;
    }

    /**
     * Returns whether labels enter by projection rather than concatenation.
     *
     * @return true for a projection discriminator
     */
    public boolean isProjection() {
        return projection;
    }

    /**
     * Returns the image encoder, for example to read its expected input shape.
     *
     * @return the encoder
     */
    public ImageEncoder getEncoder() {
        return encoder;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray image =
                encoder.forward(parameterStore, new NDList(inputs.get(0)), training, params)
                        .singletonOrThrow();
        NDArray labels = inputs.get(1);
        NDArray joined = projection ? image : image.concat(labels, 1);
        NDList phi = features.forward(parameterStore, new NDList(joined), training, params);
        NDArray logit = output.forward(parameterStore, phi, training, params).singletonOrThrow();
        if (projection) {
            NDArray embedded =
                    embedding
                            .forward(parameterStore, new NDList(labels), training, params)
                            .singletonOrThrow();
            logit = logit.add(embedded.mul(phi.singletonOrThrow()).sum(new int[] {1}, true));
        }
        return new NDList(logit);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        long batch = inputShapes[0].get(0);
        long featureSize = encoder.getFeatureSize();
        encoder.initialize(manager, dataType, inputShapes[0]);
        Shape joined = new Shape(batch, projection ? featureSize : featureSize + numLabels);
        features.initialize(manager, dataType, joined);
        Shape phi = features.getOutputShapes(new Shape[] {joined})[0];
        output.initialize(manager, dataType, phi);
        if (projection) {
            embedding.initialize(manager, dataType, inputShapes[1]);
        }
    }

    private void checkInputShapes(Shape[] shapes) {
        Shape image = encoder.getInputShape(-1).slice(1);
        if (shapes.length != 2
                || shapes[0].dimension() != 4
                || !shapes[0].slice(1).equals(image)
                || !shapes[1].equals(new Shape(shapes[0].get(0), numLabels))) {
            throw new IllegalArgumentException(
                    "PairDiscriminator expects NDList(image (N, "
                            + image.toString().replaceAll("[()]", "")
                            + "), labels (N, "
                            + numLabels
                            + ")); got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link PairDiscriminator}. */
    public static final class Builder extends ImageEncoderOptions<Builder> {

        private int numLabels;
        private int hidden = 256;
        private boolean projection;
        private boolean spectralNorm;
        private ImageEncoder encoder;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the number of labels K, the width of the label input. Required.
         *
         * @param numLabels K, for example 80 for COCO
         * @return this builder
         */
        public Builder setNumLabels(int numLabels) {
            this.numLabels = numLabels;
            return this;
        }

        /**
         * Sets the width of the hidden layer, which is also the width of {@code phi(x)} and of the
         * label embedding in projection mode; 256 by default.
         *
         * @param hidden the hidden width
         * @return this builder
         */
        public Builder optHidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /**
         * Sets whether labels enter by projection (Miyato and Koyama, 2018) instead of
         * concatenation; false by default.
         *
         * @param projection true for a projection discriminator
         * @return this builder
         */
        public Builder optProjection(boolean projection) {
            this.projection = projection;
            return this;
        }

        /**
         * Sets whether every convolution and linear layer is spectrally normalised; false by
         * default.
         *
         * @param spectralNorm true to normalise
         * @return this builder
         */
        public Builder optSpectralNorm(boolean spectralNorm) {
            this.spectralNorm = spectralNorm;
            encoderBuilder.optSpectralNorm(spectralNorm);
            return this;
        }

        /**
         * Builds the discriminator.
         *
         * @return a new, uninitialised {@link PairDiscriminator}
         * @throws IllegalArgumentException if the labels or input size were not set, or a size is
         *     invalid
         */
        public PairDiscriminator build() {
            if (numLabels <= 0) {
                throw new IllegalArgumentException(
                        "PairDiscriminator: setNumLabels is required and must be positive, got "
                                + numLabels);
            }
            if (hidden <= 0) {
                throw new IllegalArgumentException(
                        "PairDiscriminator: hidden width must be positive, got " + hidden);
            }
            encoder = encoderBuilder.build();
            return new PairDiscriminator(this);
        }
    }
}
