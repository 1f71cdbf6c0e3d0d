package dev.annogan.core.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.SpectralNorm;
import dev.annogan.core.nn.StridedConvStack;
import java.util.Arrays;

/**
 * The discriminator of semi-supervised GAN training (Salimans et al. 2016, "Improved Techniques for
 * Training GANs"): a K-way image classifier whose "fake" class K+1 is implicit.
 *
 * <p>With class logits {@code l_1..l_K} and {@code Z(x) = sum_k exp(l_k)}, the probability that
 * {@code x} is real is {@code D(x) = Z(x) / (Z(x) + 1)}, i.e. {@code sigmoid(logsumexp(l))}: the
 * fake class's logit is fixed at 0, which removes the redundancy of K+1 free logits. {@link
 * #realLogit(NDArray)} computes that real-vs-fake logit, so any {@link
 * dev.annogan.core.loss.AdversarialLoss} applies to it unchanged, while the cross-entropy of the
 * class logits on labelled images is the supervised loss.
 *
 * <p>The network, for images of shape {@code (N, C, H, W)} with H and W divisible by 4:
 *
 * <ol>
 *   <li>a {@link StridedConvStack} of depth 2: 4x4 stride-2 convolutions with {@code width} and
 *       {@code 2*width} channels and LeakyReLU(0.2), giving {@code (N, 2*width, H/4, W/4)};
 *   <li>a 3x3 stride-2 convolution with padding 1 to {@code 4*width} channels and LeakyReLU(0.2),
 *       which rounds odd sizes up, so Fashion-MNIST's 28x28 goes 14, 7, 4 without padding the image
 *       (and 32x32 goes 16, 8, 4);
 *   <li>flattened, a {@link Linear} layer to {@code featureSize} units and LeakyReLU(0.2): the
 *       penultimate layer, whose activations are the features for feature matching;
 *   <li>a {@link Linear} layer to K class logits.
 * </ol>
 *
 * <p>The forward's output is {@code NDList(classLogits, features)}: class logits of shape {@code
 * (N, K)} first, then the penultimate activations of shape {@code (N, featureSize)}. A dense
 * penultimate layer rather than global average pooling was chosen because, in one run of 300 Adam
 * steps at width 32 on 10 labels per class of Fashion-MNIST alone, it reached 71% test accuracy
 * against 66% for pooling.
 *
 * <p>Regularisation, active in training forwards only: {@link Builder#optGaussianNoise(float)} adds
 * zero-mean Gaussian noise to the image (or {@link Builder#optInputNoise(float)}'s amount) and to
 * the input of every later weight layer (the 3x3 convolution, the feature layer and the
 * classifier), and {@link Builder#optDropout(float)} applies dropout to those hidden inputs (not to
 * the image). The returned features are the feature layer's clean activations; the noise and
 * dropout on them only reach the classifier. With {@link Builder#optSpectralNorm(boolean) spectral
 * normalisation} every convolution and linear layer is wrapped in {@link SpectralNorm}.
 *
 * <pre>{@code
 * KPlusOneDiscriminator d = KPlusOneDiscriminator.builder()
 *         .setNumClasses(10).setInputShape(1, 28, 28).optWidth(32).build();
 * d.initialize(manager, DataType.FLOAT32, d.getInputShape(100));
 * NDList out = d.forward(store, new NDList(images), true);
 * NDArray classLogits = out.get(0); // (100, 10)
 * NDArray features = out.get(1); // (100, 128)
 * NDArray realLogit = KPlusOneDiscriminator.realLogit(classLogits); // (100, 1)
 * }</pre>
 */
public class KPlusOneDiscriminator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int numClasses;
    private final int channels;
    private final int height;
    private final int imageWidth;
    private final int width;
    private final int featureSize;
    private final float dropout;
    private final float gaussianNoise;
    private final float inputNoise;
    private final boolean spectralNorm;
    private final StridedConvStack trunk;
    private final Block stage3;
    private final Block featureLayer;
    private final Block classifier;

    /**
     * Creates the discriminator the builder describes.
     *
     * @param builder a validated builder
     */
    protected KPlusOneDiscriminator(Builder builder) {
        super(VERSION);
        this.numClasses = builder.numClasses;
        this.channels = builder.channels;
        this.height = builder.height;
        this.imageWidth = builder.imageWidth;
        this.width = builder.width;
        this.featureSize = builder.featureSize > 0 ? builder.featureSize : 4 * builder.width;
        this.dropout = builder.dropout;
        this.gaussianNoise = builder.gaussianNoise;
        this.inputNoise =
                Float.isNaN(builder.inputNoise) ? builder.gaussianNoise : builder.inputNoise;
        this.spectralNorm = builder.spectralNorm;
        this.trunk =
                addChildBlock(
                        "trunk",
                        StridedConvStack.builder()
                                .optInputChannels(channels)
                                .optWidth(width)
                                .optDepth(2)
                                .optSpectralNorm(spectralNorm)
                                .build());
        this.stage3 =
                addChildBlock(
                        "stage3",
                        SpectralNorm.wrapIf(
                                spectralNorm,
                                Conv2d.builder()
                                        .setKernelShape(new Shape(3, 3))
                                        .optStride(new Shape(2, 2))
                                        .optPadding(new Shape(1, 1))
                                        .setFilters(4 * width)
                                        .build()));
        this.featureLayer =
                addChildBlock(
                        "features",
                        SpectralNorm.wrapIf(
                                spectralNorm, Linear.builder().setUnits(featureSize).build()));
        this.classifier =
                addChildBlock(
                        "classifier",
                        SpectralNorm.wrapIf(
                                spectralNorm, Linear.builder().setUnits(numClasses).build()));
    }

    /**
     * Creates a builder for a {@link KPlusOneDiscriminator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the real-vs-fake logit of the implicit K+1 formulation, {@code logsumexp} of the
     * class logits over the last axis, computed stably by subtracting the largest logit first.
     *
     * <p>{@code sigmoid(realLogit(l)) = Z / (Z + 1)} with {@code Z = sum_k exp(l_k)}, the
     * probability that the image is real. The gradient with respect to the logits is {@code
     * softmax(l)}.
     *
     * @param classLogits finite logits of shape {@code (N, K)} (or any shape with classes last)
     * @return the logits' logsumexp, of shape {@code (N, 1)} (the input's shape with the last axis
     *     kept at size 1)
     * @throws IllegalArgumentException if the array is a scalar
     */
    public static NDArray realLogit(NDArray classLogits) {
        int dimension = classLogits.getShape().dimension();
        if (dimension < 1) {
            throw new IllegalArgumentException(
                    "realLogit needs class logits with a class axis, got a scalar");
        }
        int[] classAxis = {dimension - 1};
        // The shift is a constant of the function; detaching it leaves the gradient softmax(l).
        NDArray max = classLogits.max(classAxis, true).stopGradient();
        return classLogits.sub(max).exp().sum(classAxis, true).log().add(max);
    }

    /**
     * Returns the number of real classes K, the width of the class logits.
     *
     * @return K
     */
    public int getNumClasses() {
        return numClasses;
    }

    /**
     * Returns the length F of the feature vector, the second output's width.
     *
     * @return F
     */
    public int getFeatureSize() {
        return featureSize;
    }

    /**
     * Returns the width parameter: the convolutions have {@code width, 2*width, 4*width} channels.
     *
     * @return the width
     */
    public int getWidth() {
        return width;
    }

    /**
     * Returns the dropout rate on hidden layer inputs in training forwards.
     *
     * @return the rate, 0 for none
     */
    public float getDropout() {
        return dropout;
    }

    /**
     * Returns the standard deviation of the Gaussian noise added in training forwards.
     *
     * @return the standard deviation, 0 for none
     */
    public float getGaussianNoise() {
        return gaussianNoise;
    }

    /**
     * Returns the standard deviation of the Gaussian noise added to the image in training forwards.
     *
     * @return the standard deviation, 0 for none
     */
    public float getInputNoise() {
        return inputNoise;
    }

    /**
     * Returns whether every layer is spectrally normalised.
     *
     * @return true if it is
     */
    public boolean isSpectralNorm() {
        return spectralNorm;
    }

    /**
     * Returns the shape of a batch of images this discriminator accepts.
     *
     * @param batchSize the batch size
     * @return {@code (batchSize, C, H, W)}
     */
    public Shape getInputShape(long batchSize) {
        return new Shape(batchSize, channels, height, imageWidth);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray image = addNoise(inputs.singletonOrThrow(), inputNoise, training);
        NDArray maps = trunk.forward(parameterStore, new NDList(image), training, params).head();
        maps = stage3.forward(parameterStore, hiddenInput(maps, training), training, params).head();
        NDArray flat =
                Blocks.batchFlatten(Activation.leakyRelu(maps, StridedConvStack.NEGATIVE_SLOPE));
        NDArray features =
                featureLayer
                        .forward(parameterStore, hiddenInput(flat, training), training, params)
                        .head();
        features = Activation.leakyRelu(features, StridedConvStack.NEGATIVE_SLOPE);
        NDArray logits =
                classifier
                        .forward(parameterStore, hiddenInput(features, training), training, params)
                        .head();
        return new NDList(logits, features);
    }

    private NDList hiddenInput(NDArray activations, boolean training) {
        NDArray x = activations;
        if (training && dropout > 0f) {
            x = Dropout.dropout(x, dropout, true).head();
        }
        return new NDList(addNoise(x, gaussianNoise, training));
    }

    /**
     * Returns {@code x} plus zero-mean Gaussian noise of the given standard deviation in a training
     * forward, and {@code x} itself otherwise or when the deviation is 0; shared by the K+1
     * discriminators.
     */
    static NDArray addNoise(NDArray x, float standardDeviation, boolean training) {
        if (!training || standardDeviation == 0f) {
            return x;
        }
        NDArray noise =
                x.getManager()
                        .randomNormal(
                                0f,
                                standardDeviation,
                                x.getShape(),
                                x.getDataType(),
                                x.getDevice());
        return x.add(noise);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        long batch = inputShapes[0].get(0);
        return new Shape[] {new Shape(batch, numClasses), new Shape(batch, featureSize)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        long batch = inputShapes[0].get(0);
        trunk.initialize(manager, dataType, inputShapes);
        Shape trunkShape = trunk.getOutputShapes(inputShapes)[0];
        stage3.initialize(manager, dataType, trunkShape);
        Shape stage3Shape = stage3.getOutputShapes(new Shape[] {trunkShape})[0];
        featureLayer.initialize(manager, dataType, new Shape(batch, stage3Shape.size() / batch));
        classifier.initialize(manager, dataType, new Shape(batch, featureSize));
    }

    private void checkInputShapes(Shape[] shapes) {
        if (shapes.length != 1
                || shapes[0].dimension() != 4
                || shapes[0].get(1) != channels
                || shapes[0].get(2) != height
                || shapes[0].get(3) != imageWidth) {
            throw new IllegalArgumentException(
                    "KPlusOneDiscriminator expects one input of shape (N, "
                            + channels
                            + ", "
                            + height
                            + ", "
                            + imageWidth
                            + "); got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link KPlusOneDiscriminator}. */
    public static final class Builder {

        private int numClasses;
        private int channels;
        private int height;
        private int imageWidth;
        private int width = 64;
        private int featureSize;
        private float dropout;
        private float gaussianNoise;

        /** NaN until set: every other value, -1 included, is the caller's and is checked. */
        private float inputNoise = Float.NaN;

        private boolean spectralNorm;

        Builder() {}

        /**
         * Sets the number of real classes K. Required.
         *
         * @param numClasses K, for example 10 for Fashion-MNIST
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
         * @param height H, divisible by 4
         * @param width W, divisible by 4
         * @return this builder
         */
        public Builder setInputShape(int channels, int height, int width) {
            this.channels = channels;
            this.height = height;
            this.imageWidth = width;
            return this;
        }

        /**
         * Sets the width parameter; 64 by default. The convolutions have {@code width, 2*width,
         * 4*width} channels. Width 32 costs about a third of the default and suits CPU budgets.
         *
         * @param width the first convolution's channels
         * @return this builder
         */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the length F of the feature vector, the penultimate layer's units; {@code 4 * width}
         * by default.
         *
         * @param featureSize F
         * @return this builder
         */
        public Builder optFeatureSize(int featureSize) {
            this.featureSize = featureSize;
            return this;
        }

        /**
         * Sets the dropout rate on the inputs of the hidden layers in training forwards; 0 (none)
         * by default. Salimans et al. used 0.5 on CIFAR-10's hidden layers.
         *
         * @param dropout the rate, in {@code [0, 1)}
         * @return this builder
         */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Sets the standard deviation of the Gaussian noise added to the image and to the inputs of
         * the hidden layers in training forwards; 0 (none) by default. Salimans et al. used 0.3 on
         * MNIST's input and 0.5 on its hidden layers.
         *
         * @param gaussianNoise the standard deviation, at least 0
         * @return this builder
         */
        public Builder optGaussianNoise(float gaussianNoise) {
            this.gaussianNoise = gaussianNoise;
            return this;
        }

        /**
         * Sets the standard deviation of the Gaussian noise added to the image in training
         * forwards, in place of {@link #optGaussianNoise(float)}'s value there; by default the
         * image gets the same noise as the hidden layers.
         *
         * @param inputNoise the standard deviation, at least 0
         * @return this builder
         */
        public Builder optInputNoise(float inputNoise) {
            if (Float.isNaN(inputNoise)) {
                throw new IllegalArgumentException(
                        "KPlusOneDiscriminator: input noise must be a finite value >= 0, got NaN");
            }
            this.inputNoise = inputNoise;
            return this;
        }

        /**
         * Sets whether every convolution and linear layer is wrapped in {@link SpectralNorm}; false
         * by default.
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
         * @return a new, uninitialised {@link KPlusOneDiscriminator}
         * @throws IllegalArgumentException if a required value is missing, a size is not positive,
         *     H or W is not divisible by 4, or a rate is out of range
         */
        public KPlusOneDiscriminator build() {
            if (numClasses <= 0) {
                throw new IllegalArgumentException(
                        "KPlusOneDiscriminator: setNumClasses is required and must be positive, got "
                                + numClasses);
            }
            if (channels <= 0 || height <= 0 || imageWidth <= 0) {
                throw new IllegalArgumentException(
                        "KPlusOneDiscriminator: setInputShape is required and must be positive,"
                                + " got "
                                + channels
                                + "x"
                                + height
                                + "x"
                                + imageWidth);
            }
            if (height % 4 != 0 || imageWidth % 4 != 0) {
                throw new IllegalArgumentException(
                        "KPlusOneDiscriminator: input size "
                                + height
                                + "x"
                                + imageWidth
                                + " must be divisible by 4 (two stride-2 4x4 convolutions come"
                                + " first); pad or resize the images");
            }
            if (width <= 0 || width > (1 << 24) || featureSize < 0) {
                throw new IllegalArgumentException(
                        "KPlusOneDiscriminator: width must be positive and the feature size not"
                                + " negative, got "
                                + width
                                + " and "
                                + featureSize);
            }
            if (!(dropout >= 0f && dropout < 1f)) {
                throw new IllegalArgumentException(
                        "KPlusOneDiscriminator: dropout must be in [0, 1), got " + dropout);
            }
            if (!(gaussianNoise >= 0f) || Float.isInfinite(gaussianNoise)) {
                throw new IllegalArgumentException(
                        "KPlusOneDiscriminator: Gaussian noise must be a finite value >= 0, got "
                                + gaussianNoise);
            }
            if (!Float.isNaN(inputNoise) && (inputNoise < 0f || Float.isInfinite(inputNoise))) {
                throw new IllegalArgumentException(
                        "KPlusOneDiscriminator: input noise must be a finite value >= 0, got "
                                + inputNoise);
            }
            return new KPlusOneDiscriminator(this);
        }
    }
}
