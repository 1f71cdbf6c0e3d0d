package dev.annogan.core.labelgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;

/**
 * The label-set generator: an MLP from a noise vector to the probability of each of K labels.
 *
 * <p>With the default sizes the layers are {@code noise(100) → Linear 256 → ReLU → Linear 512 →
 * ReLU → Linear K → sigmoid}. The input is a batch of noise of shape {@code (batch, noiseDim)}, for
 * example from {@link #sampleNoise(NDManager, long)}; the output is one array of shape {@code
 * (batch, K)}.
 *
 * <pre>{@code
 * LabelSetGenerator generator = LabelSetGenerator.builder().setNumLabels(80).build();
 * }</pre>
 */
public class LabelSetGenerator extends LabelSetMlp {

    private final int numLabels;
    private final boolean outputLogits;

    /**
     * Creates the generator the builder describes.
     *
     * @param builder a validated builder
     */
    protected LabelSetGenerator(Builder builder) {
        super(builder.noiseDim, "noise", layers(builder));
        this.numLabels = builder.numLabels;
        this.outputLogits = builder.outputLogits;
    }

    private static SequentialBlock layers(Builder builder) {
        SequentialBlock layers =
                linearStack(builder.hiddenSizes, builder.numLabels, Activation::reluBlock);
        return builder.outputLogits ? layers : layers.add(Activation.sigmoidBlock());
    }

    /**
     * Creates a builder for a {@link LabelSetGenerator}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a batch of standard normal noise, the generator's input.
     *
     * @param manager the manager that owns the returned array
     * @param batchSize how many noise vectors
     * @return an array of shape {@code (batchSize, noiseDim)}
     */
    public NDArray sampleNoise(NDManager manager, long batchSize) {
        return manager.randomNormal(new Shape(batchSize, getNoiseDim()));
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
     * Returns the width of the noise input.
     *
     * @return the noise dimension
     */
    public int getNoiseDim() {
        return Math.toIntExact(getInputWidth());
    }

    /**
     * Returns whether the output is pre-sigmoid logits rather than probabilities.
     *
     * @return true if the last sigmoid is left out
     */
    public boolean isOutputLogits() {
        return outputLogits;
    }

    /** The factor {@link #setOutputFrequencies} scales the output layer's weights by. */
    public static final float OUTPUT_WEIGHT_SCALE = 0.1f;

    /**
     * Sets the output layer's bias to the log-odds of the given label frequencies, so that an
     * initialised generator starts near the independent model of the data (each label at its own
     * frequency) and training has only the co-occurrence left to learn. Without it G starts at
     * probability ½ for every label, tens of labels per set where real ones have three, and spends
     * most of a short run unlearning that. Call it after {@code initialize}.
     *
     * <p>The output layer's weights are also scaled by {@link #OUTPUT_WEIGHT_SCALE}: with their
     * random initial size, {@code W h} spreads each label's logit around its bias, and since the
     * sigmoid is convex over the log-odds of rare labels, that spread raises their mean probability
     * (on coco-tiny's 80 categories, G began at 26 co-occurrence L1 where the independent model of
     * the same frequencies has 18).
     *
     * @param frequencies K fractions in {@code [0, 1]}; each is clamped to {@code [0.001, 0.999]}
     *     so that a label never seen in training keeps a finite bias
     * @throws IllegalStateException if the generator is not initialised
     * @throws IllegalArgumentException if there are not K frequencies
     */
    public void setOutputFrequencies(float[] frequencies) {
        if (frequencies.length != numLabels) {
            throw new IllegalArgumentException(
                    "LabelSetGenerator: "
                            + frequencies.length
                            + " frequencies for "
                            + numLabels
                            + " labels");
        }
        Parameter bias = getParameters().valueAt(getParameters().size() - 1);
        if (!bias.isInitialized()) {
            throw new IllegalStateException(
                    "LabelSetGenerator: initialize the generator before setting its frequencies");
        }
        float[] logOdds = new float[numLabels];
        for (int k = 0; k < numLabels; k++) {
            double f = Math.min(0.999, Math.max(0.001, frequencies[k]));
            logOdds[k] = (float) Math.log(f / (1 - f));
        }
        bias.getArray().set(logOdds);
        Parameter weight = getParameters().valueAt(getParameters().size() - 2);
        weight.getArray().muli(OUTPUT_WEIGHT_SCALE);
    }

    /** The builder for a {@link LabelSetGenerator}. */
    public static final class Builder {

        private int numLabels;
        private int noiseDim = 100;
        private int[] hiddenSizes = {256, 512};
        private boolean outputLogits;

        Builder() {}

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
         * Sets the width of the noise input; 100 by default.
         *
         * @param noiseDim the noise dimension
         * @return this builder
         */
        public Builder optNoiseDim(int noiseDim) {
            this.noiseDim = noiseDim;
            return this;
        }

        /**
         * Sets the widths of the hidden layers, each followed by a ReLU; {@code (256, 512)} by
         * default. No widths gives a single linear layer.
         *
         * @param hiddenSizes the widths, from the noise side
         * @return this builder
         */
        public Builder optHiddenSizes(int... hiddenSizes) {
            this.hiddenSizes = hiddenSizes.clone();
            return this;
        }

        /**
         * Sets whether the generator outputs pre-sigmoid logits instead of probabilities; false by
         * default.
         *
         * <p>Logits cost nothing extra. A caller that needs both can take logits, compute a loss on
         * them stably (cross-entropy as softplus, rather than the log of a probability that has
         * rounded to 0 or 1) and apply {@link Activation#sigmoid(NDArray)} itself where
         * probabilities are needed, such as the discriminator's input.
         *
         * @param outputLogits true to leave out the final sigmoid
         * @return this builder
         */
        public Builder optOutputLogits(boolean outputLogits) {
            this.outputLogits = outputLogits;
            return this;
        }

        /**
         * Builds the generator.
         *
         * @return a new, uninitialised {@link LabelSetGenerator}
         * @throws IllegalArgumentException if the number of labels was not set or a width is not
         *     positive
         */
        public LabelSetGenerator build() {
            validate();
            return new LabelSetGenerator(this);
        }

        private void validate() {
            if (numLabels <= 0) {
                throw new IllegalArgumentException(
                        "LabelSetGenerator: setNumLabels is required and must be positive, got "
                                + numLabels);
            }
            if (noiseDim <= 0) {
                throw new IllegalArgumentException(
                        "LabelSetGenerator: noiseDim must be positive, got " + noiseDim);
            }
            checkWidths("LabelSetGenerator: hidden sizes", hiddenSizes);
        }
    }
}
