package dev.annogan.examples.labelgan;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.annogan.core.labelgan.LabelSetDiscriminator;
import dev.annogan.core.labelgan.LabelSetGenerator;
import dev.annogan.core.labelgan.LabelSetStatistics;
import dev.annogan.core.model.BlockBuilders;
import dev.annogan.datasets.coco.CategoryMap;
import dev.annogan.training.GanApplication;
import dev.annogan.training.GanObjective;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.objective.LabelSetObjective;
import dev.annogan.training.objective.LabelSetObjective.FakeSets;
import java.awt.image.BufferedImage;

/**
 * The label-set GAN, the seed's application: G ({@link LabelSetGenerator}) turns noise into the
 * probabilities of each label, D ({@link LabelSetDiscriminator}) tells sets of real images' labels
 * from G's, and {@link LabelSetObjective} is the game and the held-out statistics (label
 * frequencies, co-occurrence, set sizes). G starts at the labels' independent frequencies, so the
 * run spends its steps on co-occurrence; the co-occurrence L1 on held-out sets picks the best
 * checkpoint.
 */
final class LabelGan implements GanApplication {

    private final CategoryMap categories;
    private final int noiseDim;
    private final float[][] train;
    private final float[][] heldOut;
    private final boolean minibatchAveraging;
    private final LabelSetObjective objective;

    /**
     * Describes a run.
     *
     * @param categories the labels
     * @param noiseDim the length of G's noise
     * @param train the training label sets, one multi-hot row per image
     * @param heldOut the held-out label sets, for validation and the pictures
     * @param seed the run's seed (the objective draws fake sets from it)
     * @param fakeSets how G's probabilities become the sets D sees
     * @param minibatchAveraging whether D scores each set together with its batch's mean
     */
    LabelGan(
            CategoryMap categories,
            int noiseDim,
            float[][] train,
            float[][] heldOut,
            long seed,
            FakeSets fakeSets,
            boolean minibatchAveraging) {
        this.categories = categories;
        this.noiseDim = noiseDim;
        this.train = train;
        this.heldOut = heldOut;
        this.minibatchAveraging = minibatchAveraging;
        this.objective = new LabelSetObjective(noiseDim, categories.size(), train, seed, fakeSets);
    }

    @Override
    public String name() {
        return "label-gan";
    }

    @Override
    public Block newGenerator() {
        return BlockBuilders.build(LabelGanModel.generatorSpec(categories.size(), noiseDim));
    }

    @Override
    public Shape[] generatorInputs() {
        return new Shape[] {new Shape(1, noiseDim)};
    }

    @Override
    public Block newDiscriminator() {
        return LabelSetDiscriminator.builder()
                .setNumLabels(categories.size())
                .optMinibatchAveraging(minibatchAveraging)
                .build();
    }

    @Override
    public Shape[] discriminatorInputs() {
        return new Shape[] {new Shape(1, categories.size())};
    }

    @Override
    public GanObjective objective() {
        return objective;
    }

    @Override
    public String metric() {
        return "cooc_l1";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public BufferedImage picture(GanTrainer gan) {
        return LabelSetPicture.render(gan, categories, heldOut);
    }

    /** Starts G at the independent model of the training sets' label frequencies. */
    @Override
    public void afterInitialize(GanTrainer gan) {
        ((LabelSetGenerator) gan.generatorModel().getBlock())
                .setOutputFrequencies(frequencies(train, categories.size()));
    }

    private static float[] frequencies(float[][] sets, int k) {
        LabelSetStatistics statistics = LabelSetStatistics.of(sets, k);
        float[] frequencies = new float[k];
        for (int c = 0; c < k; c++) {
            frequencies[c] = (float) statistics.frequency(c);
        }
        return frequencies;
    }
}
