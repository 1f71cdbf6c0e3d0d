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
import dev.annogan.core.nn.ImageEncoder;
import dev.annogan.core.nn.SpectralNorm;
import java.util.Arrays;

/**
 * A class-conditional discriminator: an {@link ImageEncoder} gives features {@code phi(x)} of
 * length F, and one of two heads scores them.
 *
 * <ul>
 *   <li>{@link Mode#ACGAN} (Odena et al. 2017, "Conditional Image Synthesis with Auxiliary
 *       Classifier GANs"): input {@code NDList(image)}; output {@code NDList(realFakeLogit,
 *       classLogits)} of shapes {@code (N, 1)} and {@code (N, K)}, two linear heads on {@code
 *       phi(x)}. The class head is trained with cross-entropy on real and generated images.
 *   <li>{@link Mode#PROJECTION} (Miyato and Koyama 2018, "cGANs with Projection Discriminator"):
 *       input {@code NDList(image, classIds)} with ids of shape {@code (N)}; output {@code
 *       NDList(logit)} of shape {@code (N, 1)} with {@code logit = psi(phi(x)) + <embed(y),
 *       phi(x)>}, where {@code psi} is a linear layer to one unit and {@code embed} a learned
 *       F-dimensional vector per class (a {@link ClassEmbedding}).
 * </ul>
 *
 * <p>Images have shape {@code (N, C, H, W)}, fixed at build time. The encoder's depth (its number
 * of stride-2 convolutions) is by default the largest of 3, 2 and 1 that divides H and W, so
 * Fashion-MNIST's 28x28 uses 2 (a 7x7 map) and 32x32 uses 3 (a 4x4 map). With {@link
 * Builder#optSpectralNorm(boolean) spectral normalisation} the encoder's convolutions, the heads
 * and the class embedding are all wrapped in {@link SpectralNorm}, as Miyato and Koyama do.
 *
 * <pre>{@code
 * ConditionalDiscriminator d = ConditionalDiscriminator.builder()
 *         .setNumClasses(10).setInputShape(3, 32, 32).optMode(Mode.PROJECTION)
 *         .optSpectralNorm(true).build();
 * d.initialize(manager, DataType.FLOAT32, d.getImageShape(64), new Shape(64));
 * NDArray logit = d.forward(store, new NDList(images, classIds), true).singletonOrThrow();
 * }</pre>
 */
public class ConditionalDiscriminator extends AbstractBlock {

    private static final byte VERSION = 1;

    /** How the class enters the discriminator. */
    public enum Mode {
        /** A real/fake head and an auxiliary class head; the class is not an input. */
        ACGAN,
        /** One logit with the class embedding projected onto the image features. */
        PROJECTION
    }

    private final int numClasses;
    private final Mode mode;
    private final ImageEncoder encoder;
    private final Block realFakeHead;
    private final Block classHead;
    private final ClassEmbedding projection;

    /**
     * Creates the discriminator the builder describes.
     *
     * @param builder a validated builder
     */
    protected ConditionalDiscriminator(Builder builder) {
        super(VERSION);
        this.numClasses = builder.numClasses;
        this.mode = builder.mode;
        this.encoder = addChildBlock("encoder", builder.builtEncoder);
        boolean sn = builder.spectralNorm;
        this.realFakeHead =
                addChildBlock(
                        "realFake", SpectralNorm.wrapIf(sn, Linear.builder().setUnits(1).build()));
        if (mode == Mode.ACGAN) {
            this.classHead =
                    addChildBlock(
                            "classes",
                            SpectralNorm.wrapIf(sn, Linear.builder().setUnits(numClasses).build()));
            this.projection = null;
        } else {
            this.classHead = null;
            this.projection =
                    addChildBlock(
                            "projection",
                            ClassEmbedding.builder()
                                    .setNumClasses(numClasses)
                                    .optEmbeddingDim(Math.toIntExact(encoder.getFeatureSize()))
                                    .optSpectralNorm(sn)
                                    .build());
        }
    }

    /**
     * Creates a builder for a {@link ConditionalDiscriminator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
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
     * Returns how the class enters the discriminator.
     *
     * @return the mode
     */
    public Mode getMode() {
        return mode;
    }

    /**
     * Returns the image encoder {@code phi}.
     *
     * @return the encoder
     */
    public ImageEncoder getEncoder() {
        return encoder;
    }

    /**
     * Returns the shape of a batch of images this discriminator accepts.
     *
     * @param batchSize the batch size
     * @return {@code (batchSize, C, H, W)}
     */
    public Shape getImageShape(long batchSize) {
        return encoder.getInputShape(batchSize);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDList features =
                encoder.forward(parameterStore, new NDList(inputs.get(0)), training, params);
        NDArray realFake =
                realFakeHead.forward(parameterStore, features, training, params).singletonOrThrow();
        if (mode == Mode.ACGAN) {
            NDArray classLogits =
                    classHead
                            .forward(parameterStore, features, training, params)
                            .singletonOrThrow();
            return new NDList(realFake, classLogits);
        }
        NDArray classVectors =
                projection
                        .forward(parameterStore, new NDList(inputs.get(1)), training, params)
                        .singletonOrThrow();
        NDArray projected = classVectors.mul(features.singletonOrThrow()).sum(new int[] {1}, true);
        return new NDList(realFake.add(projected));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        long batch = inputShapes[0].get(0);
        if (mode == Mode.ACGAN) {
            return new Shape[] {new Shape(batch, 1), new Shape(batch, numClasses)};
        }
        return new Shape[] {new Shape(batch, 1)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        encoder.initialize(manager, dataType, inputShapes[0]);
        Shape features = new Shape(inputShapes[0].get(0), encoder.getFeatureSize());
        realFakeHead.initialize(manager, dataType, features);
        if (classHead != null) {
            classHead.initialize(manager, dataType, features);
        } else {
            projection.initialize(manager, dataType, inputShapes[1]);
        }
    }

    private void checkInputShapes(Shape[] shapes) {
        Shape image = encoder.getInputShape(-1);
        boolean imageOk =
                shapes.length >= 1
                        && shapes[0].dimension() == 4
                        && shapes[0].slice(1).equals(image.slice(1));
        boolean ok =
                mode == Mode.ACGAN
                        ? imageOk && shapes.length == 1
                        : imageOk
                                && shapes.length == 2
                                && shapes[1].dimension() == 1
                                && shapes[1].get(0) == shapes[0].get(0);
        if (!ok) {
            String expected =
                    "(image (N, "
                            + image.get(1)
                            + ", "
                            + image.get(2)
                            + ", "
                            + image.get(3)
                            + ")"
                            + (mode == Mode.ACGAN ? "" : ", class ids (N)")
                            + ")";
            throw new IllegalArgumentException(
                    "ConditionalDiscriminator in "
                            + mode
                            + " mode expects inputs "
                            + expected
                            + "; got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link ConditionalDiscriminator}. */
    public static final class Builder {

        private int numClasses;
        private int channels;
        private int height;
        private int imageWidth;
        private int width = 32;
        private int depth = -1;
        private Mode mode = Mode.PROJECTION;
        private boolean spectralNorm;
        private ImageEncoder builtEncoder;

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
         * Sets the shape of one input image. Required.
         *
         * @param channels C
         * @param height H, divisible by {@code 2^depth}
         * @param width W, divisible by {@code 2^depth}
         * @return this builder
         */
        public Builder setInputShape(int channels, int height, int width) {
            this.channels = channels;
            this.height = height;
            this.imageWidth = width;
            return this;
        }

        /**
         * Sets the encoder's first convolution's channels; 32 by default, each later one doubles.
         *
         * @param width the width
         * @return this builder
         */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the encoder's number of stride-2 convolutions; by default the largest of 3, 2 and 1
         * that divides H and W.
         *
         * @param depth the depth, with H and W divisible by {@code 2^depth}
         * @return this builder
         */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Sets how the class enters the discriminator; {@link Mode#PROJECTION} by default.
         *
         * @param mode ACGAN or projection
         * @return this builder
         */
        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Sets whether every convolution, head and the class embedding are wrapped in {@link
         * SpectralNorm}; false by default.
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
         * @return a new, uninitialised {@link ConditionalDiscriminator}
         * @throws IllegalArgumentException if a required value is missing, the mode is null or the
         *     image size does not suit the depth
         */
        public ConditionalDiscriminator build() {
            if (numClasses <= 0) {
                throw new IllegalArgumentException(
                        "ConditionalDiscriminator: setNumClasses is required and must be"
                                + " positive, got "
                                + numClasses);
            }
            if (channels <= 0 || height <= 0 || imageWidth <= 0) {
                throw new IllegalArgumentException(
                        "ConditionalDiscriminator: setInputShape is required and must be"
                                + " positive, got "
                                + channels
                                + "x"
                                + height
                                + "x"
                                + imageWidth);
            }
            if (mode == null) {
                throw new IllegalArgumentException("ConditionalDiscriminator: mode must be set");
            }
            int resolvedDepth = depth < 0 ? defaultDepth(height, imageWidth) : depth;
            if (resolvedDepth < 1) {
                throw new IllegalArgumentException(
                        "ConditionalDiscriminator: input size "
                                + height
                                + "x"
                                + imageWidth
                                + " must be even to be encoded (depth "
                                + resolvedDepth
                                + ")");
            }
            // The encoder checks divisibility by 2^depth and the other sizes.
            builtEncoder =
                    ImageEncoder.builder()
                            .setInputSize(height, imageWidth)
                            .optInputChannels(channels)
                            .optWidth(width)
                            .optDepth(resolvedDepth)
                            .optSpectralNorm(spectralNorm)
                            .build();
            if (builtEncoder.getFeatureSize() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "ConditionalDiscriminator: feature size "
                                + builtEncoder.getFeatureSize()
                                + " is too large; raise the depth or lower the width");
            }
            return new ConditionalDiscriminator(this);
        }

        private static int defaultDepth(int height, int width) {
            for (int candidate = 3; candidate >= 1; candidate--) {
                int factor = 1 << candidate;
                if (height % factor == 0 && width % factor == 0) {
                    return candidate;
                }
            }
            return 0;
        }
    }
}
