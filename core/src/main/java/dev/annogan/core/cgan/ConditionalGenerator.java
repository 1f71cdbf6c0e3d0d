package dev.annogan.core.cgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.cgan.ClassEmbedding.Conditioning;
import dev.annogan.core.classifier.DcganGenerator;
import java.util.Arrays;

/**
 * A class-conditional image generator (cGAN, Mirza and Osindero 2014; the generator of ACGAN and of
 * projection-discriminator GANs): the class is encoded by a {@link ClassEmbedding} (a learned
 * vector or its one-hot vector), appended to the noise, and the result goes through a {@link
 * DcganGenerator} whose noise input is {@code noiseDim + embeddingDim} wide.
 *
 * <p>The input is {@code NDList(z, classIds)}: noise of shape {@code (N, noiseDim)} and class ids
 * of shape {@code (N)} (whole numbers in {@code [0, K)}, any numeric data type; ids rather than
 * one-hot vectors, so a data loader's labels feed in unchanged). The output is {@code
 * NDList(images)} of shape {@code (N, C, H, W)} in {@code [-1, 1]}.
 *
 * <pre>{@code
 * ConditionalGenerator g = ConditionalGenerator.builder()
 *         .setNumClasses(10).setOutputShape(1, 28, 28).optWidth(32).build();
 * g.initialize(manager, DataType.FLOAT32, g.getNoiseShape(100), new Shape(100));
 * NDArray images = g.forward(store,
 *         new NDList(g.sampleNoise(manager, 100), g.sampleClassIds(manager, 100)), true)
 *         .singletonOrThrow(); // (100, 1, 28, 28)
 * }</pre>
 */
public class ConditionalGenerator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int noiseDim;
    private final ClassEmbedding embedding;
    private final DcganGenerator body;

    /**
     * Creates the generator the builder describes.
     *
     * @param builder a validated builder
     */
    protected ConditionalGenerator(Builder builder) {
        super(VERSION);
        this.noiseDim = builder.noiseDim;
        this.embedding = addChildBlock("embedding", builder.builtEmbedding);
        this.body = addChildBlock("body", builder.builtBody);
    }

    /**
     * Creates a builder for a {@link ConditionalGenerator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a batch of standard normal noise, the generator's first input.
     *
     * @param manager the manager that owns the returned array
     * @param batchSize how many noise vectors
     * @return an array of shape {@code (batchSize, noiseDim)}
     */
    public NDArray sampleNoise(NDManager manager, long batchSize) {
        return manager.randomNormal(getNoiseShape(batchSize));
    }

    /**
     * Returns class ids drawn uniformly from {@code [0, K)}, the generator's second input.
     *
     * @param manager the manager that owns the returned array
     * @param batchSize how many ids
     * @return an int32 array of shape {@code (batchSize)}
     */
    public NDArray sampleClassIds(NDManager manager, long batchSize) {
        return manager.randomInteger(0, getNumClasses(), new Shape(batchSize), DataType.INT32);
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
     * Returns the width of the noise input, without the class vector.
     *
     * @return the noise dimension
     */
    public int getNoiseDim() {
        return noiseDim;
    }

    /**
     * Returns the number of classes K.
     *
     * @return K
     */
    public int getNumClasses() {
        return embedding.getNumClasses();
    }

    /**
     * Returns the class encoder, whose vector is appended to the noise.
     *
     * @return the embedding
     */
    public ClassEmbedding getEmbedding() {
        return embedding;
    }

    /**
     * Returns the unconditional body, whose noise input is {@code noiseDim + embeddingDim} wide.
     *
     * @return the DCGAN generator
     */
    public DcganGenerator getBody() {
        return body;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray noise = inputs.get(0);
        NDArray classVectors =
                embedding
                        .forward(parameterStore, new NDList(inputs.get(1)), training, params)
                        .singletonOrThrow();
        NDArray joined = noise.concat(classVectors.toType(noise.getDataType(), false), 1);
        return body.forward(parameterStore, new NDList(joined), training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        return new Shape[] {body.getImageShape(inputShapes[0].get(0))};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        embedding.initialize(manager, dataType, inputShapes[1]);
        body.initialize(manager, dataType, body.getNoiseShape(inputShapes[0].get(0)));
    }

    private void checkInputShapes(Shape[] shapes) {
        if (shapes.length != 2
                || shapes[0].dimension() != 2
                || shapes[0].get(1) != noiseDim
                || shapes[1].dimension() != 1
                || shapes[1].get(0) != shapes[0].get(0)) {
            throw new IllegalArgumentException(
                    "ConditionalGenerator expects inputs (noise (N, "
                            + noiseDim
                            + "), class ids (N)); got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link ConditionalGenerator}. */
    public static final class Builder {

        private int numClasses;
        private int noiseDim = 100;
        private int embeddingDim = 32;
        private Conditioning conditioning = Conditioning.EMBEDDING;
        private final DcganGenerator.Builder body = DcganGenerator.builder();
        private ClassEmbedding builtEmbedding;
        private DcganGenerator builtBody;

        Builder() {}

        /**
         * Sets the number of classes K. Required.
         *
         * @param numClasses K
         * @return this builder
         */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets the shape of one generated image. Required.
         *
         * @param channels C
         * @param height H
         * @param width W
         * @return this builder
         * @see DcganGenerator.Builder#setOutputShape(int, int, int)
         */
        public Builder setOutputShape(int channels, int height, int width) {
            body.setOutputShape(channels, height, width);
            return this;
        }

        /**
         * Sets the width of the noise input, without the class vector; 100 by default.
         *
         * @param noiseDim the noise dimension
         * @return this builder
         */
        public Builder optNoiseDim(int noiseDim) {
            this.noiseDim = noiseDim;
            return this;
        }

        /**
         * Sets how classes are encoded; {@link Conditioning#EMBEDDING} by default.
         *
         * @param conditioning a learned embedding or the one-hot vector
         * @return this builder
         */
        public Builder optConditioning(Conditioning conditioning) {
            this.conditioning = conditioning;
            return this;
        }

        /**
         * Sets the length of a learned class vector; 32 by default. Ignored for one-hot
         * conditioning.
         *
         * @param embeddingDim the length
         * @return this builder
         */
        public Builder optEmbeddingDim(int embeddingDim) {
            this.embeddingDim = embeddingDim;
            return this;
        }

        /**
         * Sets the body's width parameter; 64 by default.
         *
         * @param width the width
         * @return this builder
         * @see DcganGenerator.Builder#optWidth(int)
         */
        public Builder optWidth(int width) {
            body.optWidth(width);
            return this;
        }

        /**
         * Sets the body's number of upsamplings; derived from the output size by default.
         *
         * @param depth the upsamplings
         * @return this builder
         * @see DcganGenerator.Builder#optDepth(int)
         */
        public Builder optDepth(int depth) {
            body.optDepth(depth);
            return this;
        }

        /**
         * Sets whether the body's hidden maps are batch-normalised; true by default.
         *
         * @param batchNorm true to normalise
         * @return this builder
         * @see DcganGenerator.Builder#optBatchNorm(boolean)
         */
        public Builder optBatchNorm(boolean batchNorm) {
            body.optBatchNorm(batchNorm);
            return this;
        }

        /**
         * Builds the generator.
         *
         * @return a new, uninitialised {@link ConditionalGenerator}
         * @throws IllegalArgumentException if a required value is missing or a size is invalid
         */
        public ConditionalGenerator build() {
            if (numClasses <= 0) {
                throw new IllegalArgumentException(
                        "ConditionalGenerator: setNumClasses is required and must be positive, got "
                                + numClasses);
            }
            if (noiseDim <= 0) {
                throw new IllegalArgumentException(
                        "ConditionalGenerator: noise dimension must be positive, got " + noiseDim);
            }
            builtEmbedding =
                    ClassEmbedding.builder()
                            .setNumClasses(numClasses)
                            .optEmbeddingDim(embeddingDim)
                            .optConditioning(conditioning)
                            .build();
            builtBody = body.optNoiseDim(noiseDim + builtEmbedding.getEmbeddingDim()).build();
            return new ConditionalGenerator(this);
        }
    }
}
