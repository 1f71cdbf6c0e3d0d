package dev.annogan.training;

import ai.djl.training.tracker.PolynomialDecayTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import dev.annogan.core.loss.AdversarialLoss;
import dev.annogan.core.loss.AdversarialLosses;

/**
 * The knobs of an adversarial training run, fixed for its duration and saved with each checkpoint.
 * Build one with {@link #builder()}.
 */
public final class GanConfig {

    private final String lossName;
    private final float labelSmoothing;
    private final int discriminatorSteps;
    private final float emaDecay;
    private final float discriminatorEmaDecay;
    private final long seed;
    private final int batchSize;
    private final float generatorLearningRate;
    private final float discriminatorLearningRate;
    private final float beta1;
    private final float beta2;
    private final int checkpointEvery;
    private final int keepCheckpoints;
    private final int collapseSteps;
    private final int maxRestores;
    private final float restoreLearningRateFactor;
    private final int decayStart;
    private final int decayEnd;
    private final int loaderThreads;

    private GanConfig(Builder b) {
        lossName = b.lossName;
        labelSmoothing = b.labelSmoothing;
        discriminatorSteps = b.discriminatorSteps;
        emaDecay = b.emaDecay;
        discriminatorEmaDecay = b.discriminatorEmaDecay;
        seed = b.seed;
        batchSize = b.batchSize;
        generatorLearningRate = b.generatorLearningRate;
        discriminatorLearningRate = b.discriminatorLearningRate;
        beta1 = b.beta1;
        beta2 = b.beta2;
        checkpointEvery = b.checkpointEvery;
        keepCheckpoints = b.keepCheckpoints;
        collapseSteps = b.collapseSteps;
        maxRestores = b.maxRestores;
        restoreLearningRateFactor = b.restoreLearningRateFactor;
        decayStart = b.decayStart;
        decayEnd = b.decayEnd;
        loaderThreads = b.loaderThreads;
    }

    /** Returns a builder with the defaults of DCGAN-style training. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding this config's values, to derive a config that differs in some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.lossName = lossName;
        b.labelSmoothing = labelSmoothing;
        b.discriminatorSteps = discriminatorSteps;
        b.emaDecay = emaDecay;
        b.discriminatorEmaDecay = discriminatorEmaDecay;
        b.seed = seed;
        b.batchSize = batchSize;
        b.generatorLearningRate = generatorLearningRate;
        b.discriminatorLearningRate = discriminatorLearningRate;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.checkpointEvery = checkpointEvery;
        b.keepCheckpoints = keepCheckpoints;
        b.collapseSteps = collapseSteps;
        b.maxRestores = maxRestores;
        b.restoreLearningRateFactor = restoreLearningRateFactor;
        b.decayStart = decayStart;
        b.decayEnd = decayEnd;
        b.loaderThreads = loaderThreads;
        return b;
    }

    /** Returns the adversarial loss this config names, with its label smoothing. */
    public AdversarialLoss adversarialLoss() {
        return AdversarialLosses.byName(lossName, labelSmoothing);
    }

    /** Returns the adversarial loss's name, as given to {@link Builder#optLoss}. */
    public String lossName() {
        return lossName;
    }

    /** Returns the one-sided label smoothing of real targets (0 = none). */
    public float labelSmoothing() {
        return labelSmoothing;
    }

    /** Returns how many D updates precede each G update. */
    public int discriminatorSteps() {
        return discriminatorSteps;
    }

    /** Returns the decay of G's exponential moving average, or 0 when there is none. */
    public float emaDecay() {
        return emaDecay;
    }

    /**
     * Returns the decay of D's exponential moving average, or 0 when there is none: the mean
     * teacher of an application whose annotator is D (the K+1 classifier).
     */
    public float discriminatorEmaDecay() {
        return discriminatorEmaDecay;
    }

    /** Returns the seed of noise, data order and initialisation. */
    public long seed() {
        return seed;
    }

    /** Returns the batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Returns G's Adam learning rate. */
    public float generatorLearningRate() {
        return generatorLearningRate;
    }

    /** Returns D's Adam learning rate. */
    public float discriminatorLearningRate() {
        return discriminatorLearningRate;
    }

    /** Returns Adam's beta1 for both networks. */
    public float beta1() {
        return beta1;
    }

    /** Returns Adam's beta2 for both networks. */
    public float beta2() {
        return beta2;
    }

    /** Returns how many steps pass between checkpoints (0 = only at the end). */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** Returns how many recent checkpoints are kept (the best one is kept too). */
    public int keepCheckpoints() {
        return keepCheckpoints;
    }

    /**
     * Returns for how many consecutive steps D's accuracy may sit at exactly 0 or 1 before the run
     * counts as collapsed (0 = never).
     */
    public int collapseSteps() {
        return collapseSteps;
    }

    /** Returns how many times a diverged run is restored before it stops. */
    public int maxRestores() {
        return maxRestores;
    }

    /** Returns the factor applied to both learning rates at each restore. */
    public float restoreLearningRateFactor() {
        return restoreLearningRateFactor;
    }

    /**
     * Returns the update after which both learning rates start to fall linearly, or 0 with {@link
     * #learningRateDecayEnd()} 0 for constant rates.
     */
    public int learningRateDecayStart() {
        return decayStart;
    }

    /** Returns the update at which both learning rates reach 0, or 0 for constant rates. */
    public int learningRateDecayEnd() {
        return decayEnd;
    }

    /**
     * Returns the threads that load training batches in the background while steps run (see {@link
     * BatchFeed}); 0 loads each batch on the training thread when the step asks for it.
     */
    public int loaderThreads() {
        return loaderThreads;
    }

    /**
     * Returns the learning rate of Adam's update {@code t} (counted from 1, per parameter), as a
     * DJL tracker: {@code base} up to {@link #learningRateDecayStart()} updates, then falling
     * linearly to 0 at {@link #learningRateDecayEnd()} and staying there; {@code base} throughout
     * without a decay. Optimizers that save their step counts, as {@code StatefulAdam} does, resume
     * on the same schedule.
     *
     * @param base the rate before the decay
     * @return the tracker
     */
    public Tracker learningRateTracker(float base) {
        if (decayEnd == 0) {
            return Tracker.fixed(base);
        }
        Tracker decay =
                PolynomialDecayTracker.builder()
                        .setBaseValue(base)
                        .setEndLearningRate(0f)
                        .setDecaySteps(decayEnd - decayStart)
                        .optPower(1f)
                        .build();
        if (decayStart == 0) {
            return decay;
        }
        return WarmUpTracker.builder()
                .optWarmUpMode(WarmUpTracker.Mode.CONSTANT)
                .optWarmUpBeginValue(base)
                .optWarmUpSteps(decayStart)
                .setMainTracker(decay)
                .build();
    }

    @Override
    public String toString() {
        return "{\"loss\": \""
                + lossName
                + "\", \"labelSmoothing\": "
                + labelSmoothing
                + ", \"discriminatorSteps\": "
                + discriminatorSteps
                + ", \"emaDecay\": "
                + emaDecay
                + ", \"discriminatorEmaDecay\": "
                + discriminatorEmaDecay
                + ", \"seed\": "
                + seed
                + ", \"batchSize\": "
                + batchSize
                + ", \"generatorLearningRate\": "
                + generatorLearningRate
                + ", \"discriminatorLearningRate\": "
                + discriminatorLearningRate
                + ", \"beta1\": "
                + beta1
                + ", \"beta2\": "
                + beta2
                + ", \"checkpointEvery\": "
                + checkpointEvery
                + ", \"keepCheckpoints\": "
                + keepCheckpoints
                + ", \"collapseSteps\": "
                + collapseSteps
                + ", \"maxRestores\": "
                + maxRestores
                + ", \"restoreLearningRateFactor\": "
                + restoreLearningRateFactor
                + ", \"learningRateDecayStart\": "
                + decayStart
                + ", \"learningRateDecayEnd\": "
                + decayEnd
                + "}";
    }

    /** Builds a {@link GanConfig}. */
    public static final class Builder {
        private String lossName = "bce";
        private float labelSmoothing;
        private int discriminatorSteps = 1;
        private float emaDecay;
        private float discriminatorEmaDecay;
        private long seed = 42;
        private int batchSize = 64;
        private float generatorLearningRate = 2e-4f;
        private float discriminatorLearningRate = 2e-4f;
        private float beta1 = 0.5f;
        private float beta2 = 0.999f;
        private int checkpointEvery = 500;
        private int keepCheckpoints = 3;
        private int collapseSteps = 200;
        private int maxRestores = 3;
        private float restoreLearningRateFactor = 0.5f;
        private int decayStart;
        private int decayEnd;
        private int loaderThreads = 1;

        Builder() {}

        /** Sets the adversarial loss: bce (default), hinge, lsgan or wgan. */
        public Builder optLoss(String name) {
            this.lossName = name;
            return this;
        }

        /** Sets one-sided label smoothing of real targets, in [0, 0.5). */
        public Builder optLabelSmoothing(float smoothing) {
            this.labelSmoothing = smoothing;
            return this;
        }

        /** Sets how many D updates precede each G update; defaults to 1. */
        public Builder optDiscriminatorSteps(int steps) {
            this.discriminatorSteps = steps;
            return this;
        }

        /**
         * Keeps an exponential moving average of G's weights (e.g. 0.999): validation, samples and
         * exports use it, and an objective reads it as a mean teacher through {@link
         * GanContext#generatorEma}. 0 (the default) keeps none.
         */
        public Builder optEmaDecay(float decay) {
            this.emaDecay = decay;
            return this;
        }

        /**
         * Keeps an exponential moving average of D's weights, as {@link #optEmaDecay} does of G's:
         * validation uses it, and an objective reads it through {@link
         * GanContext#discriminatorEma}. 0 (the default) keeps none.
         */
        public Builder optDiscriminatorEmaDecay(float decay) {
            this.discriminatorEmaDecay = decay;
            return this;
        }

        /** Sets the seed; defaults to 42. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the batch size; defaults to 64. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Sets both Adam learning rates; defaults to 2e-4. */
        public Builder optLearningRates(float generator, float discriminator) {
            this.generatorLearningRate = generator;
            this.discriminatorLearningRate = discriminator;
            return this;
        }

        /** Sets Adam's betas; defaults to 0.5 and 0.999 (Radford et al. 2015). */
        public Builder optBetas(float beta1, float beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** Sets the checkpoint interval in steps (0 = only at the end) and how many to keep. */
        public Builder optCheckpoints(int every, int keep) {
            this.checkpointEvery = every;
            this.keepCheckpoints = keep;
            return this;
        }

        /**
         * Sets the divergence guard: collapse after {@code collapseSteps} steps of D accuracy at
         * exactly 0 or 1 (0 = never), at most {@code maxRestores} restores, each multiplying the
         * learning rates by {@code factor}.
         */
        public Builder optDivergenceGuard(int collapseSteps, int maxRestores, float factor) {
            this.collapseSteps = collapseSteps;
            this.maxRestores = maxRestores;
            this.restoreLearningRateFactor = factor;
            return this;
        }

        /**
         * Lets both learning rates fall linearly to 0 over Adam's updates {@code start} to {@code
         * end} (Salimans et al. 2016 decay theirs over the last part of training); constant by
         * default. Both 0 turn the decay off.
         *
         * <p>Each optimizer counts its own updates: with {@code discriminatorSteps} k above 1, D
         * takes k updates a training step, so its rate starts falling after {@code start / k}
         * training steps and reaches 0 after {@code end / k}, before G's. The SSL runner, the one
         * user of the decay, trains with k = 1.
         *
         * @param start the updates at the full rate, at least 0
         * @param end the update at which the rates reach 0, greater than {@code start}
         * @return this builder
         */
        public Builder optLearningRateDecay(int start, int end) {
            this.decayStart = start;
            this.decayEnd = end;
            return this;
        }

        /**
         * Sets the background threads that load training batches ahead of the steps; defaults to 1,
         * which on two cores overlaps decoding with a single-threaded step. 0 loads each batch on
         * the training thread, between steps.
         *
         * @param threads loader threads, at least 0
         * @return this builder
         */
        public Builder optLoaderThreads(int threads) {
            this.loaderThreads = threads;
            return this;
        }

        /**
         * Builds the config.
         *
         * @throws IllegalArgumentException naming the first invalid value
         */
        public GanConfig build() {
            AdversarialLosses.byName(lossName, labelSmoothing); // validates the name
            require(
                    labelSmoothing >= 0 && labelSmoothing < 0.5f,
                    "label smoothing",
                    labelSmoothing);
            require(discriminatorSteps >= 1, "discriminator steps", discriminatorSteps);
            require(emaDecay >= 0 && emaDecay < 1, "EMA decay", emaDecay);
            require(
                    discriminatorEmaDecay >= 0 && discriminatorEmaDecay < 1,
                    "discriminator EMA decay",
                    discriminatorEmaDecay);
            require(batchSize >= 1, "batch size", batchSize);
            require(generatorLearningRate > 0, "generator learning rate", generatorLearningRate);
            require(
                    discriminatorLearningRate > 0,
                    "discriminator learning rate",
                    discriminatorLearningRate);
            require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas", beta1);
            require(checkpointEvery >= 0, "checkpoint interval", checkpointEvery);
            require(keepCheckpoints >= 1, "checkpoints kept", keepCheckpoints);
            require(collapseSteps >= 0, "collapse steps", collapseSteps);
            require(maxRestores >= 0, "max restores", maxRestores);
            require(
                    restoreLearningRateFactor > 0 && restoreLearningRateFactor <= 1,
                    "restore learning-rate factor",
                    restoreLearningRateFactor);
            require(
                    (decayStart == 0 && decayEnd == 0)
                            || (decayStart >= 0 && decayEnd > decayStart),
                    "learning-rate decay (start, end)",
                    decayStart + ", " + decayEnd);
            require(loaderThreads >= 0, "loader threads", loaderThreads);
            return new GanConfig(this);
        }

        private static void require(boolean ok, String what, Object value) {
            if (!ok) {
                throw new IllegalArgumentException("invalid " + what + ": " + value);
            }
        }
    }
}
