package dev.annogan.core.labelgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The label-set discriminator: an MLP from a vector of K label scores to one real/fake logit.
 *
 * <p>With the default sizes the layers are {@code K → Linear 256 → LeakyReLU(0.2) → Linear 128 →
 * LeakyReLU(0.2) → Linear 1}. The input has shape {@code (batch, K)}; the output has shape {@code
 * (batch, 1)} and is a logit, not a probability, so that the adversarial losses can work on it
 * stably.
 *
 * <p>With {@link Builder#optMinibatchAveraging(boolean) minibatch averaging}, each label vector is
 * concatenated with the mean of its batch (as in medGAN, Choi et al. 2017), so the first layer sees
 * {@code 2K} values: D can then tell a batch whose label frequencies are off, which a per-vector D
 * cannot, and G is pushed away from emitting too few labels or one mode. Score real and fake
 * vectors in separate batches when it is on.
 *
 * <pre>{@code
 * LabelSetDiscriminator discriminator = LabelSetDiscriminator.builder().setNumLabels(80).build();
 * }</pre>
 */
public class LabelSetDiscriminator extends LabelSetMlp {

    private final float negativeSlope;
    private final boolean minibatchAveraging;

    /**
     * Creates the discriminator the builder describes.
     *
     * @param builder a validated builder
     */
    protected LabelSetDiscriminator(Builder builder) {
        super(
                builder.numLabels,
                "a label vector",
                linearStack(
                        builder.hiddenSizes,
                        1,
                        () -> Activation.leakyReluBlock(builder.negativeSlope)));
        this.negativeSlope = builder.negativeSlope;
        this.minibatchAveraging = builder.minibatchAveraging;
    }

    @Override
    NDList layerInput(NDList inputs) {
        if (!minibatchAveraging) {
            return inputs;
        }
        NDArray x = inputs.head();
        NDArray mean = x.mean(new int[] {0}, true).broadcast(x.getShape());
        return new NDList(x.concat(mean, 1));
    }

    @Override
    Shape layerInputShape(Shape inputShape) {
        return minibatchAveraging ? new Shape(inputShape.get(0), 2 * getNumLabels()) : inputShape;
    }

    /**
     * Returns whether each vector is scored together with its batch's mean.
     *
     * @return whether minibatch averaging is on
     */
    public boolean isMinibatchAveraging() {
        return minibatchAveraging;
    }

    /**
     * Creates a builder for a {@link LabelSetDiscriminator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of labels K, the width of the input.
     *
     * @return K
     */
    public int getNumLabels() {
        return Math.toIntExact(getInputWidth());
    }

    /**
     * Returns the slope of the leaky ReLUs for negative inputs.
     *
     * @return the negative slope
     */
    public float getNegativeSlope() {
        return negativeSlope;
    }

    /** The builder for a {@link LabelSetDiscriminator}. */
    public static final class Builder {

        private int numLabels;
        private int[] hiddenSizes = {256, 128};
        private float negativeSlope = 0.2f;
        private boolean minibatchAveraging;

        Builder() {}

        /**
         * Sets the number of labels K, the width of the input. Required.
         *
         * @param numLabels K, for example 80 for COCO
         * @return this builder
         */
        public Builder setNumLabels(int numLabels) {
            this.numLabels = numLabels;
            return this;
        }

        /**
         * Sets the widths of the hidden layers, each followed by a leaky ReLU; {@code (256, 128)}
         * by default. No widths gives a single linear layer.
         *
         * @param hiddenSizes the widths, from the input side
         * @return this builder
         */
        public Builder optHiddenSizes(int... hiddenSizes) {
            this.hiddenSizes = hiddenSizes.clone();
            return this;
        }

        /**
         * Sets the slope of the leaky ReLUs for negative inputs; 0.2 by default, as in DCGAN.
         *
         * @param negativeSlope the slope, in {@code [0, 1)}
         * @return this builder
         */
        public Builder optNegativeSlope(float negativeSlope) {
            this.negativeSlope = negativeSlope;
            return this;
        }

        /**
         * Sets whether each label vector is scored together with the mean of its batch; off by
         * default, as in the seed.
         *
         * @param minibatchAveraging whether to append the batch mean to every vector
         * @return this builder
         */
        public Builder optMinibatchAveraging(boolean minibatchAveraging) {
            this.minibatchAveraging = minibatchAveraging;
            return this;
        }

        /**
         * Builds the discriminator.
         *
         * @return a new, uninitialised {@link LabelSetDiscriminator}
         * @throws IllegalArgumentException if the number of labels was not set, a width is not
         *     positive or the slope is outside {@code [0, 1)}
         */
        public LabelSetDiscriminator build() {
            validate();
            return new LabelSetDiscriminator(this);
        }

        private void validate() {
            if (numLabels <= 0) {
                throw new IllegalArgumentException(
                        "LabelSetDiscriminator: setNumLabels is required and must be positive,"
                                + " got "
                                + numLabels);
            }
            checkWidths("LabelSetDiscriminator: hidden sizes", hiddenSizes);
            // A slope of 1 or more makes the layers one linear map; a negative one is not leaky.
            if (!(negativeSlope >= 0f && negativeSlope < 1f)) {
                throw new IllegalArgumentException(
                        "LabelSetDiscriminator: negative slope must be in [0, 1), got "
                                + negativeSlope);
            }
        }
    }
}
