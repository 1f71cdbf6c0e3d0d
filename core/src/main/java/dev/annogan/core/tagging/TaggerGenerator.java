package dev.annogan.core.tagging;

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
import dev.annogan.core.nn.ImageEncoder;
import dev.annogan.core.nn.ImageEncoderOptions;
import java.util.Arrays;

/**
 * The tagging generator: an {@link ImageEncoder} turns the image into features, noise {@code z} is
 * appended, and an MLP {@code Linear(hidden) -> ReLU -> Linear(K)} gives one logit per label.
 *
 * <p>The input is {@code NDList(image)} or {@code NDList(image, noise)}: images of shape {@code (N,
 * C, H, W)} (the size fixed at build time) and noise of shape {@code (N, noiseDim)}, for example
 * from {@link #sampleNoise(NDManager, long)}. Without the noise the generator uses {@code z = 0},
 * the mode of the noise distribution, which is what an annotator wants at inference. With {@code
 * optNoiseDim(0)} the tagger is deterministic and takes the image alone. The output has shape
 * {@code (N, K)} and holds logits; apply a sigmoid for probabilities.
 *
 * <pre>{@code
 * TaggerGenerator tagger = TaggerGenerator.builder()
 *         .setNumLabels(80).setInputSize(64).optNoiseDim(16).build();
 * tagger.initialize(manager, DataType.FLOAT32, new Shape(8, 3, 64, 64), new Shape(8, 16));
 * NDArray logits = tagger.forward(store, new NDList(images, tagger.sampleNoise(manager, 8)), true)
 *         .singletonOrThrow(); // (8, 80)
 * }</pre>
 */
public class TaggerGenerator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int numLabels;
    private final int noiseDim;
    private final ImageEncoder encoder;
    private final SequentialBlock head;

    /**
     * Creates the generator the builder describes.
     *
     * @param builder a validated builder
     */
    protected TaggerGenerator(Builder builder) {
        super(VERSION);
        this.numLabels = builder.numLabels;
        this.noiseDim = builder.noiseDim;
        this.encoder = addChildBlock("encoder", builder.encoder);
        this.head =
                addChildBlock(
                        "head",
                        new SequentialBlock()
                                .add(Linear.builder().setUnits(builder.hidden).build())
                                .add(Activation.reluBlock())
                                .add(Linear.builder().setUnits(numLabels).build()));
    }

    /**
     * Creates a builder for a {@link TaggerGenerator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a batch of standard normal noise, the generator's second input.
     *
     * @param manager the manager that owns the returned array
     * @param batchSize how many noise vectors
     * @return an array of shape {@code (batchSize, noiseDim)}
     */
    public NDArray sampleNoise(NDManager manager, long batchSize) {
        return manager.randomNormal(new Shape(batchSize, noiseDim));
    }

    /**
     * Returns the number of labels K, the width of the output.
     *
     * @return K
     */
    public int getNumLabels() {
        return numLabels;
    }

    /**
     * Returns the width of the noise input; 0 for a deterministic tagger.
     *
     * @return the noise dimension
     */
    public int getNoiseDim() {
        return noiseDim;
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
        NDArray features =
                encoder.forward(parameterStore, new NDList(inputs.get(0)), training, params)
                        .singletonOrThrow();
        if (noiseDim > 0) {
            NDArray noise =
                    inputs.size() > 1
                            ? inputs.get(1)
                            : features.getManager()
                                    .zeros(
                                            new Shape(features.getShape().get(0), noiseDim),
                                            features.getDataType(),
                                            features.getDevice());
            features = features.concat(noise, 1);
        }
        return head.forward(parameterStore, new NDList(features), training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        return new Shape[] {new Shape(inputShapes[0].get(0), numLabels)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        encoder.initialize(manager, dataType, inputShapes[0]);
        long batch = inputShapes[0].get(0);
        head.initialize(manager, dataType, new Shape(batch, encoder.getFeatureSize() + noiseDim));
    }

    private void checkInputShapes(Shape[] shapes) {
        Shape image = encoder.getInputShape(-1);
        boolean ok =
                (shapes.length == 1 || (shapes.length == 2 && noiseDim > 0))
                        && shapes[0].dimension() == 4
                        && shapes[0].slice(1).equals(image.slice(1));
        if (ok && shapes.length == 2) {
            ok = shapes[1].equals(new Shape(shapes[0].get(0), noiseDim));
        }
        if (!ok) {
            throw new IllegalArgumentException(
                    "TaggerGenerator expects NDList(image (N, "
                            + image.slice(1).toString().replaceAll("[()]", "")
                            + ")"
                            + (noiseDim > 0 ? "[, noise (N, " + noiseDim + ")]" : "")
                            + "); got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link TaggerGenerator}. */
    public static final class Builder extends ImageEncoderOptions<Builder> {

        private int numLabels;
        private int noiseDim = 16;
        private int hidden = 256;
        private ImageEncoder encoder;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the number of labels K, the width of the output. Required.
         *
         * @param numLabels K, for example 80 for COCO
         * @return this builder
         */
        public Builder setNumLabels(int numLabels) {
            this.numLabels = numLabels;
            return this;
        }

        /**
         * Sets the width of the noise input; 16 by default, 0 for a deterministic tagger.
         *
         * @param noiseDim the noise dimension
         * @return this builder
         */
        public Builder optNoiseDim(int noiseDim) {
            this.noiseDim = noiseDim;
            return this;
        }

        /**
         * Sets the width of the MLP's hidden layer; 256 by default.
         *
         * @param hidden the hidden width
         * @return this builder
         */
        public Builder optHidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /**
         * Builds the generator.
         *
         * @return a new, uninitialised {@link TaggerGenerator}
         * @throws IllegalArgumentException if the labels or input size were not set, or a size is
         *     invalid
         */
        public TaggerGenerator build() {
            if (numLabels <= 0) {
                throw new IllegalArgumentException(
                        "TaggerGenerator: setNumLabels is required and must be positive, got "
                                + numLabels);
            }
            if (noiseDim < 0) {
                throw new IllegalArgumentException(
                        "TaggerGenerator: noiseDim must be 0 or more, got " + noiseDim);
            }
            if (hidden <= 0) {
                throw new IllegalArgumentException(
                        "TaggerGenerator: hidden width must be positive, got " + hidden);
            }
            encoder = encoderBuilder.build();
            return new TaggerGenerator(this);
        }
    }
}
