package dev.annogan.core.cgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.SpectralNorm;
import java.util.Arrays;

/**
 * Turns a batch of class ids of shape {@code (N)} into vectors of shape {@code (N, dim)}: either
 * the one-hot vectors themselves ({@link Conditioning#ONE_HOT}, {@code dim = K}) or a learned
 * embedding of each class ({@link Conditioning#EMBEDDING}), computed as a bias-free {@link Linear}
 * layer on the one-hot vectors so that it may be spectrally normalised like any other layer.
 *
 * <p>Class ids may have any numeric data type and must be whole numbers in {@code [0, K)}; any
 * other id is rejected with the offending batch's ids, because an out-of-range id would otherwise
 * embed silently as a zero vector (the check reads the ids back to the host once per forward). The
 * output has the data type of the layer's weight for {@link Conditioning#EMBEDDING} and float32 for
 * {@link Conditioning#ONE_HOT}.
 *
 * <pre>{@code
 * ClassEmbedding embed = ClassEmbedding.builder().setNumClasses(10).optEmbeddingDim(32).build();
 * // (N) ids -> (N, 32)
 * }</pre>
 */
public class ClassEmbedding extends AbstractBlock {

    private static final byte VERSION = 1;

    /** How a class is fed to a conditional network. */
    public enum Conditioning {
        /** A learned vector per class, of a chosen dimension. */
        EMBEDDING,
        /** The class's one-hot vector, of dimension K; nothing to learn. */
        ONE_HOT
    }

    private final int numClasses;
    private final int embeddingDim;
    private final Conditioning conditioning;
    private final Block table;

    /**
     * Creates the block the builder describes.
     *
     * @param builder a validated builder
     */
    protected ClassEmbedding(Builder builder) {
        super(VERSION);
        this.numClasses = builder.numClasses;
        this.conditioning = builder.conditioning;
        this.embeddingDim =
                conditioning == Conditioning.ONE_HOT ? builder.numClasses : builder.embeddingDim;
        this.table =
                conditioning == Conditioning.ONE_HOT
                        ? null
                        : addChildBlock(
                                "table",
                                SpectralNorm.wrapIf(
                                        builder.spectralNorm,
                                        Linear.builder()
                                                .setUnits(embeddingDim)
                                                .optBias(false)
                                                .build()));
    }

    /**
     * Creates a builder for a {@link ClassEmbedding}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the one-hot vectors of a batch of class ids, checking that every id is a whole number
     * in {@code [0, numClasses)}.
     *
     * @param classIds ids of shape {@code (N)}, of any numeric data type
     * @param numClasses K
     * @return a float32 array of shape {@code (N, K)} with one 1 per row
     * @throws IllegalArgumentException if the ids are not of shape {@code (N)} or an id is not a
     *     whole number in {@code [0, K)}
     */
    public static NDArray oneHot(NDArray classIds, int numClasses) {
        if (classIds.getShape().dimension() != 1) {
            throw new IllegalArgumentException(
                    "class ids must have shape (N), got " + classIds.getShape());
        }
        NDManager manager = classIds.getManager();
        NDArray ids = classIds.toType(DataType.FLOAT32, false).reshape(-1, 1);
        NDArray classes =
                manager.arange(0f, numClasses, 1f, DataType.FLOAT32, classIds.getDevice())
                        .reshape(1, numClasses);
        // A comparison rather than NDArray.oneHot: engines differ on the id types they accept,
        // and a row without a match exposes ids that are out of range or not whole.
        NDArray oneHot = ids.eq(classes).toType(DataType.FLOAT32, false);
        if (oneHot.sum(new int[] {1}).neq(1f).any().getBoolean()) {
            throw new IllegalArgumentException(
                    "class ids must be whole numbers in [0, "
                            + numClasses
                            + "), got "
                            + invalidIds(ids.toFloatArray(), numClasses));
        }
        return oneHot;
    }

    private static String invalidIds(float[] ids, int numClasses) {
        StringBuilder invalid = new StringBuilder();
        for (int row = 0; row < ids.length; row++) {
            float id = ids[row];
            if (!(id >= 0f && id < numClasses && id == Math.rint(id))) {
                invalid.append(invalid.length() == 0 ? "" : ", ")
                        .append(id)
                        .append(" at row ")
                        .append(row);
            }
        }
        return invalid.toString();
    }

    /**
     * Returns the number of classes K.
     *
     * @return K
     */
    public int getNumClasses() {
        return numClasses;
    }

    /**
     * Returns the length of each output vector: K for one-hot conditioning.
     *
     * @return the output dimension
     */
    public int getEmbeddingDim() {
        return embeddingDim;
    }

    /**
     * Returns how classes are encoded.
     *
     * @return the conditioning
     */
    public Conditioning getConditioning() {
        return conditioning;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray oneHot = oneHot(inputs.singletonOrThrow(), numClasses);
        if (table == null) {
            return new NDList(oneHot);
        }
        return table.forward(parameterStore, new NDList(oneHot), training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        return new Shape[] {new Shape(inputShapes[0].get(0), embeddingDim)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        if (table != null) {
            table.initialize(manager, dataType, new Shape(inputShapes[0].get(0), numClasses));
        }
    }

    private static void checkInputShapes(Shape[] shapes) {
        if (shapes.length != 1 || shapes[0].dimension() != 1) {
            throw new IllegalArgumentException(
                    "ClassEmbedding expects one input of class ids of shape (N); got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link ClassEmbedding}. */
    public static final class Builder {

        private int numClasses;
        private int embeddingDim = 32;
        private Conditioning conditioning = Conditioning.EMBEDDING;
        private boolean spectralNorm;

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
         * Sets the length of a learned class vector; 32 by default. Ignored for one-hot
         * conditioning, whose vectors have length K.
         *
         * @param embeddingDim the length
         * @return this builder
         */
        public Builder optEmbeddingDim(int embeddingDim) {
            this.embeddingDim = embeddingDim;
            return this;
        }

        /**
         * Sets how classes are encoded; {@link Conditioning#EMBEDDING} by default.
         *
         * @param conditioning the encoding
         * @return this builder
         */
        public Builder optConditioning(Conditioning conditioning) {
            this.conditioning = conditioning;
            return this;
        }

        /**
         * Sets whether the learned embedding is wrapped in {@link SpectralNorm}; false by default.
         *
         * @param spectralNorm true to normalise
         * @return this builder
         */
        public Builder optSpectralNorm(boolean spectralNorm) {
            this.spectralNorm = spectralNorm;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return a new, uninitialised {@link ClassEmbedding}
         * @throws IllegalArgumentException if K was not set, the dimension is not positive or the
         *     conditioning is null
         */
        public ClassEmbedding build() {
            if (numClasses <= 0) {
                throw new IllegalArgumentException(
                        "ClassEmbedding: setNumClasses is required and must be positive, got "
                                + numClasses);
            }
            if (conditioning == null) {
                throw new IllegalArgumentException("ClassEmbedding: conditioning must be set");
            }
            if (conditioning == Conditioning.EMBEDDING && embeddingDim <= 0) {
                throw new IllegalArgumentException(
                        "ClassEmbedding: embedding dimension must be positive, got "
                                + embeddingDim);
            }
            return new ClassEmbedding(this);
        }
    }
}
