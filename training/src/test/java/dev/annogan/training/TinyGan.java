package dev.annogan.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import dev.annogan.core.labelgan.LabelSetDiscriminator;
import dev.annogan.core.labelgan.LabelSetGenerator;
import dev.annogan.training.objective.LabelSetObjective;
import dev.annogan.training.objective.LabelSetObjective.FakeSets;
import java.util.Random;

/** A small label-set GAN (K = 6, noise 8) and data for the loop's tests. */
final class TinyGan {

    static final int LABELS = 6;
    static final int NOISE = 8;

    private TinyGan() {}

    /** Returns random label sets where labels 0 and 1 always appear together. */
    static float[][] labelSets(int count, long seed) {
        Random random = new Random(seed);
        float[][] sets = new float[count][LABELS];
        for (float[] set : sets) {
            boolean pair = random.nextBoolean();
            set[0] = pair ? 1 : 0;
            set[1] = pair ? 1 : 0;
            for (int k = 2; k < LABELS; k++) {
                set[k] = random.nextDouble() < 0.3 ? 1 : 0;
            }
        }
        return sets;
    }

    static ArrayDataset dataset(NDManager manager, float[][] sets, int batchSize) {
        NDArray data = manager.create(sets);
        return new ArrayDataset.Builder().setData(data).setSampling(batchSize, false).build();
    }

    static GanTrainer trainer(GanConfig config, GanListener... listeners) {
        return trainer(config, null, listeners);
    }

    /** The tiny trainer, checkpointing into {@code checkpoints} (may be null). */
    static GanTrainer trainer(
            GanConfig config, GanCheckpoints checkpoints, GanListener... listeners) {
        GanTrainer.Builder builder = builder(config).optCheckpoints(checkpoints);
        for (GanListener listener : listeners) {
            builder.addListener(listener);
        }
        return initialized(builder.build());
    }

    /** Returns the tiny GAN's builder, to add to before building and {@link #initialized}. */
    static GanTrainer.Builder builder(GanConfig config) {
        return GanTrainer.builder()
                .setGenerator(
                        LabelSetGenerator.builder()
                                .setNumLabels(LABELS)
                                .optNoiseDim(NOISE)
                                .optHiddenSizes(16, 16)
                                .build())
                .setDiscriminator(
                        LabelSetDiscriminator.builder()
                                .setNumLabels(LABELS)
                                .optHiddenSizes(16, 8)
                                .build())
                .setObjective(
                        new LabelSetObjective(
                                NOISE, LABELS, labelSets(64, 1), 5, FakeSets.PROBABILITIES))
                .optConfig(config);
    }

    /** Initialises a tiny GAN built from {@link #builder}. */
    static GanTrainer initialized(GanTrainer gan) {
        gan.initialize(new Shape[] {new Shape(1, NOISE)}, new Shape[] {new Shape(1, LABELS)});
        return gan;
    }
}
