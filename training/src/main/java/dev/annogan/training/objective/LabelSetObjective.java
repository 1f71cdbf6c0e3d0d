package dev.annogan.training.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.annogan.core.labelgan.LabelSetStatistics;
import dev.annogan.training.GanContext;
import dev.annogan.training.GanObjective;
import dev.annogan.training.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's label-set GAN, made correct: G maps noise to K label probabilities, D scores label
 * vectors. Real label vectors are the batch's data. The adversarial loss is whatever the config
 * names; with BCE, fakes are scored against target 0 (the seed used G's own output as the target,
 * which teaches D nothing).
 *
 * <p>G's probabilities become label sets in one of three ways ({@link FakeSets}); D sees fakes made
 * that way and validation samples them that way. Validation compares them with the held-out sets,
 * and does the same for the independent-Bernoulli baseline fitted to the training sets: metrics
 * {@code freq_l1}, {@code cooc_l1}, {@code size_tv} and their {@code bernoulli_} twins (see {@link
 * LabelSetStatistics}). Both models are sampled {@link #SAMPLES_PER_HELD_OUT} times per held-out
 * set: with as many samples as held-out sets (16 in coco-tiny's val file), the sampling noise of
 * the model's own statistics would dominate the distance and hide what either model has learnt.
 */
public final class LabelSetObjective implements GanObjective {

    /** Sets sampled from G and from the Bernoulli baseline per held-out set in validation. */
    public static final int SAMPLES_PER_HELD_OUT = 64;

    private final int noiseDim;
    private final int numLabels;
    private final LabelSetStatistics training;
    private final long seed;
    private final FakeSets fakeSets;

    /** How G's per-label probabilities p become the label sets D judges and sampling returns. */
    public enum FakeSets {
        /**
         * D sees p itself, as in the seed; samples are p thresholded at 0.5. D can tell fakes from
         * 0/1 vectors by their values alone, and a label G gives p = 0.3 is never sampled.
         */
        PROBABILITIES,
        /** D sees and sampling returns p thresholded at 0.5 (gradients pass straight through). */
        THRESHOLDED,
        /**
         * D sees and sampling returns a Bernoulli draw from p (gradients pass straight through), so
         * a label with p = 0.3 appears in 30% of the sets: G is a mixture of independent Bernoullis
         * whose component the noise picks.
         */
        SAMPLED
    }

    /**
     * Creates the objective.
     *
     * @param noiseDim the length of G's noise input
     * @param numLabels K
     * @param trainingSets the training label sets, for the Bernoulli baseline's frequencies
     * @param seed the seed of the baseline's samples
     * @param fakeSets how G's probabilities become label sets
     */
    public LabelSetObjective(
            int noiseDim, int numLabels, float[][] trainingSets, long seed, FakeSets fakeSets) {
        this.noiseDim = noiseDim;
        this.numLabels = numLabels;
        this.training = LabelSetStatistics.of(trainingSets, numLabels);
        this.seed = seed;
        this.fakeSets = fakeSets;
    }

    @Override
    public NDList generate(GanContext context, Batch batch) {
        return new NDList(labelSets(context, batch.getSize()));
    }

    /** Runs G on fresh noise and turns its probabilities into label sets as configured. */
    private NDArray labelSets(GanContext context, long count) {
        NDArray z = context.noise(new Shape(count, noiseDim));
        NDArray p = context.generator(new NDList(z)).head();
        NDArray hard =
                switch (fakeSets) {
                    case PROBABILITIES -> null;
                    case THRESHOLDED -> p.gt(0.5f);
                    case SAMPLED -> context.uniform(p.getShape()).lt(p);
                };
        if (hard == null) {
            return p;
        }
        // Straight-through: the value is the binary set, the gradient that of p.
        hard = hard.toType(p.getDataType(), false);
        return p.add(hard.sub(p).stopGradient());
    }

    @Override
    public DiscriminatorResult discriminatorLoss(GanContext context, Batch batch, NDList fakes) {
        NDArray realLogits = context.discriminator(batch.getData()).head();
        NDArray fakeLogits = context.discriminator(fakes).head();
        NDArray loss = context.adversarialLoss().discriminatorLoss(realLogits, fakeLogits);
        return new DiscriminatorResult(loss, realLogits, fakeLogits);
    }

    @Override
    public NDArray generatorLoss(GanContext context, Batch batch, NDList fakes) {
        NDArray fakeLogits = context.discriminator(fakes).head();
        return context.adversarialLoss().generatorLoss(fakeLogits);
    }

    @Override
    public Validation newValidation(GanContext context) {
        return new LabelSetValidation();
    }

    /** Samples {@code count} binary label sets from G, made as {@link FakeSets} says. */
    public float[][] sample(GanContext context, int count) {
        float[] flat = labelSets(context, count).toFloatArray();
        float[][] sets = new float[count][numLabels];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < numLabels; k++) {
                sets[i][k] = flat[i * numLabels + k] > 0.5f ? 1f : 0f;
            }
        }
        return sets;
    }

    /** Collects held-out sets and as many generated ones, then compares both with the baseline. */
    private final class LabelSetValidation implements Validation {
        private final List<float[]> real = new ArrayList<>();
        private final List<float[]> generated = new ArrayList<>();

        @Override
        public void accept(GanContext context, Batch batch) {
            float[] flat = batch.getData().head().toFloatArray();
            int n = batch.getSize();
            for (int i = 0; i < n; i++) {
                float[] set = new float[numLabels];
                System.arraycopy(flat, i * numLabels, set, 0, numLabels);
                real.add(set);
            }
            for (float[] set : sample(context, n * SAMPLES_PER_HELD_OUT)) {
                generated.add(set);
            }
        }

        @Override
        public Map<String, Double> metrics() {
            LabelSetStatistics heldOut =
                    LabelSetStatistics.of(real.toArray(new float[0][]), numLabels);
            LabelSetStatistics gan =
                    LabelSetStatistics.of(generated.toArray(new float[0][]), numLabels);
            LabelSetStatistics bernoulli =
                    LabelSetStatistics.of(
                            LabelSetStatistics.independentBernoulli(
                                    training, real.size() * SAMPLES_PER_HELD_OUT, seed),
                            numLabels);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("freq_l1", heldOut.frequencyL1(gan));
            metrics.put("cooc_l1", heldOut.cooccurrenceL1(gan));
            metrics.put("size_tv", heldOut.sizeTotalVariation(gan));
            metrics.put("bernoulli_freq_l1", heldOut.frequencyL1(bernoulli));
            metrics.put("bernoulli_cooc_l1", heldOut.cooccurrenceL1(bernoulli));
            metrics.put("bernoulli_size_tv", heldOut.sizeTotalVariation(bernoulli));
            return metrics;
        }
    }
}
