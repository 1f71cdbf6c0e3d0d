package dev.annogan.core.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.WeightNormLinear;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fully connected K+1 discriminator of Salimans et al. 2016 ("Improved Techniques for Training
 * GANs", their MNIST model): the image, flattened, goes through ReLU layers of the configured
 * widths ({@code 1000, 500, 250, 250, 250} by default) and a linear layer to K class logits. Like
 * {@link KPlusOneDiscriminator} it returns {@code NDList(classLogits (N, K), features (N, F))} with
 * the last hidden layer's activations as the features, F being its width, and {@link
 * KPlusOneDiscriminator#realLogit(NDArray)} turns the class logits into the real-vs-fake logit.
 *
 * <p>Regularisation, in training forwards only: zero-mean Gaussian noise of standard deviation
 * {@link Builder#optInputNoise(float) inputNoise} is added to the flattened image and of {@link
 * Builder#optHiddenNoise(float) hiddenNoise} to the input of every later layer (the paper used 0.3
 * and 0.5 on MNIST in {@code [0, 1]}; twice the input value suits images in {@code [-1, 1]}). The
 * returned features are the clean activations; only the classifier sees them noisy.
 *
 * <p>With {@link Builder#optWeightNorm(boolean) weight normalisation} (on by default, as in the
 * paper) every layer is a {@link WeightNormLinear}; otherwise a DJL {@link Linear}. A weight-norm
 * network should start from {@link #initializeFromData data-dependent scales}: then each layer's
 * pre-activations start with zero mean and unit variance on real images.
 *
 * <p>It is cheap on a CPU: about 1.5 million multiply-adds per image with the default widths and
 * 0.5 million with {@code 500, 250, 250}, against about 3 million for {@code KPlusOneDiscriminator}
 * at width 32, all of them in large matrix products.
 *
 * <pre>{@code
 * DenseKPlusOneDiscriminator d = DenseKPlusOneDiscriminator.builder()
 *         .setNumClasses(10).setInputShape(1, 28, 28)
 *         .optInputNoise(0.6f).optHiddenNoise(0.5f).build();
 * d.initialize(manager, DataType.FLOAT32, d.getInputShape(100));
 * d.initializeFromData(store, unlabelledImages);
 * NDList out = d.forward(store, new NDList(images), true);
 * NDArray classLogits = out.get(0); // (100, 10)
 * NDArray features = out.get(1); // (100, 250)
 * }</pre>
 */
public class DenseKPlusOneDiscriminator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int numClasses;
    private final int channels;
    private final int height;
    private final int imageWidth;
    private final int[] hiddenSizes;
    private final float inputNoise;
    private final float hiddenNoise;
    private final boolean weightNorm;
    private final List<Block> layers = new ArrayList<>();

    /**
     * Creates the discriminator the builder describes.
     *
     * @param builder a validated builder
     */
    protected DenseKPlusOneDiscriminator(Builder builder) {
        super(VERSION);
        this.numClasses = builder.numClasses;
        this.channels = builder.channels;
        this.height = builder.height;
        this.imageWidth = builder.imageWidth;
        this.hiddenSizes = builder.hiddenSizes.clone();
        this.inputNoise = builder.inputNoise;
        this.hiddenNoise = builder.hiddenNoise;
        this.weightNorm = builder.weightNorm;
        for (int i = 0; i <= hiddenSizes.length; i++) {
            int units = i < hiddenSizes.length ? hiddenSizes[i] : numClasses;
            String name = i < hiddenSizes.length ? "hidden" + (i + 1) : "classifier";
            layers.add(addChildBlock(name, layer(units)));
        }
    }

    private Block layer(int units) {
        return weightNorm
                ? WeightNormLinear.builder().setUnits(units).build()
                : Linear.builder().setUnits(units).build();
    }

    /**
     * Creates a builder for a {@link DenseKPlusOneDiscriminator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
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
     * Returns the length F of the feature vector: the last hidden layer's width.
     *
     * @return F
     */
    public int getFeatureSize() {
        return hiddenSizes[hiddenSizes.length - 1];
    }

    /**
     * Returns the widths of the hidden layers, input side first.
     *
     * @return a copy of the widths
     */
    public int[] getHiddenSizes() {
        return hiddenSizes.clone();
    }

    /**
     * Returns the standard deviation of the noise added to the image in training forwards.
     *
     * @return the standard deviation, 0 for none
     */
    public float getInputNoise() {
        return inputNoise;
    }

    /**
     * Returns the standard deviation of the noise added to every later layer's input in training
     * forwards.
     *
     * @return the standard deviation, 0 for none
     */
    public float getHiddenNoise() {
        return hiddenNoise;
    }

    /**
     * Returns whether the layers are weight-normalised.
     *
     * @return true if they are
     */
    public boolean isWeightNorm() {
        return weightNorm;
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

    /**
     * Sets every weight-normalised layer's scale and bias from a batch of real images, layer by
     * layer as Salimans and Kingma (2016) initialise weight normalisation: with the training noise
     * of a training forward, each layer's pre-activations on the batch get zero mean and unit
     * variance per unit (see {@link WeightNormLinear#initializeFromData}). Does nothing without
     * weight normalisation. Call it once, after {@code initialize} and before training.
     *
     * @param parameterStore the parameter store
     * @param images a batch of real images, {@code (N, C, H, W)} with N at least 2
     */
    public void initializeFromData(ParameterStore parameterStore, NDArray images) {
        if (!weightNorm) {
            return;
        }
        checkInputShapes(new Shape[] {images.getShape()});
        NDArray x = images.reshape(images.getShape().get(0), -1);
        for (int i = 0; i < layers.size(); i++) {
            x = KPlusOneDiscriminator.addNoise(x, i == 0 ? inputNoise : hiddenNoise, true);
            WeightNormLinear layer = (WeightNormLinear) layers.get(i);
            layer.initializeFromData(parameterStore, x);
            x = layer.forward(parameterStore, new NDList(x), false).head();
            if (i < hiddenSizes.length) {
                x = Activation.relu(x);
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray image = inputs.singletonOrThrow();
        NDArray x = image.reshape(image.getShape().get(0), -1);
        NDArray features = null;
        for (int i = 0; i < layers.size(); i++) {
            NDArray in =
                    KPlusOneDiscriminator.addNoise(x, i == 0 ? inputNoise : hiddenNoise, training);
            x = layers.get(i).forward(parameterStore, new NDList(in), training, params).head();
            if (i < hiddenSizes.length) {
                x = Activation.relu(x);
                features = x;
            }
        }
        return new NDList(x, features);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        long batch = inputShapes[0].get(0);
        return new Shape[] {new Shape(batch, numClasses), new Shape(batch, getFeatureSize())};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        long batch = inputShapes[0].get(0);
        long width = (long) channels * height * imageWidth;
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).initialize(manager, dataType, new Shape(batch, width));
            width = i < hiddenSizes.length ? hiddenSizes[i] : numClasses;
        }
    }

    private void checkInputShapes(Shape[] shapes) {
        if (shapes.length != 1
                || shapes[0].dimension() != 4
                || shapes[0].get(1) != channels
                || shapes[0].get(2) != height
                || shapes[0].get(3) != imageWidth) {
            throw new IllegalArgumentException(
                    "DenseKPlusOneDiscriminator expects one input of shape (N, "
                            + channels
                            + ", "
                            + height
                            + ", "
                            + imageWidth
                            + "); got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link DenseKPlusOneDiscriminator}. */
    public static final class Builder {

        private int numClasses;
        private int channels;
        private int height;
        private int imageWidth;
        private int[] hiddenSizes = {1000, 500, 250, 250, 250};
        private float inputNoise;
        private float hiddenNoise;
        private boolean weightNorm = true;

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
         * @param height H
         * @param width W
         * @return this builder
         */
        public Builder setInputShape(int channels, int height, int width) {
            this.channels = channels;
            this.height = height;
            this.imageWidth = width;
            return this;
        }

        /**
         * Sets the widths of the hidden layers, input side first; {@code 1000, 500, 250, 250, 250}
         * by default (Salimans et al.'s MNIST model). The last one is the feature size.
         *
         * @param hiddenSizes at least one positive width
         * @return this builder
         */
        public Builder optHiddenSizes(int... hiddenSizes) {
            this.hiddenSizes = hiddenSizes.clone();
            return this;
        }

        /**
         * Sets the standard deviation of the Gaussian noise added to the image in training
         * forwards; 0 (none) by default.
         *
         * @param inputNoise the standard deviation, at least 0
         * @return this builder
         */
        public Builder optInputNoise(float inputNoise) {
            this.inputNoise = inputNoise;
            return this;
        }

        /**
         * Sets the standard deviation of the Gaussian noise added to the input of every layer after
         * the first in training forwards; 0 (none) by default.
         *
         * @param hiddenNoise the standard deviation, at least 0
         * @return this builder
         */
        public Builder optHiddenNoise(float hiddenNoise) {
            this.hiddenNoise = hiddenNoise;
            return this;
        }

        /**
         * Sets whether the layers are {@link WeightNormLinear}s (true, the default) or DJL {@link
         * Linear}s.
         *
         * @param weightNorm true to normalise
         * @return this builder
         */
        public Builder optWeightNorm(boolean weightNorm) {
            this.weightNorm = weightNorm;
            return this;
        }

        /**
         * Builds the discriminator.
         *
         * @return a new, uninitialised {@link DenseKPlusOneDiscriminator}
         * @throws IllegalArgumentException if a required value is missing, a size is not positive
         *     or a noise level is negative or not finite
         */
        public DenseKPlusOneDiscriminator build() {
            if (numClasses <= 0) {
                throw new IllegalArgumentException(
                        "DenseKPlusOneDiscriminator: setNumClasses is required and must be"
                                + " positive, got "
                                + numClasses);
            }
            if (channels <= 0 || height <= 0 || imageWidth <= 0) {
                throw new IllegalArgumentException(
                        "DenseKPlusOneDiscriminator: setInputShape is required and must be"
                                + " positive, got "
                                + channels
                                + "x"
                                + height
                                + "x"
                                + imageWidth);
            }
            if (hiddenSizes.length == 0 || Arrays.stream(hiddenSizes).anyMatch(s -> s <= 0)) {
                throw new IllegalArgumentException(
                        "DenseKPlusOneDiscriminator: needs at least one hidden layer, all of"
                                + " positive width; got "
                                + Arrays.toString(hiddenSizes));
            }
            for (float noise : new float[] {inputNoise, hiddenNoise}) {
                if (!(noise >= 0f) || Float.isInfinite(noise)) {
                    throw new IllegalArgumentException(
                            "DenseKPlusOneDiscriminator: noise must be a finite value >= 0, got "
                                    + noise);
                }
            }
            return new DenseKPlusOneDiscriminator(this);
        }
    }
}
