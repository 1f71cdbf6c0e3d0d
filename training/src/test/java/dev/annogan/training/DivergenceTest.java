package dev.annogan.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import dev.annogan.core.labelgan.LabelSetDiscriminator;
import dev.annogan.core.labelgan.LabelSetGenerator;
import dev.annogan.training.objective.LabelSetObjective;
import dev.annogan.training.objective.LabelSetObjective.FakeSets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A diverging run is restored with lower learning rates, then stopped with a clear message. */
class DivergenceTest {

    @TempDir Path dir;

    /** The label-set objective, but D's loss turns NaN from a given step on. */
    private static final class PoisonedObjective implements GanObjective {
        private final LabelSetObjective inner =
                new LabelSetObjective(
                        TinyGan.NOISE,
                        TinyGan.LABELS,
                        TinyGan.labelSets(8, 1),
                        1,
                        FakeSets.PROBABILITIES);
        private final long from;
        private final long until;

        PoisonedObjective(long from) {
            this(from, Long.MAX_VALUE);
        }

        PoisonedObjective(long from, long until) {
            this.from = from;
            this.until = until;
        }

        @Override
        public NDList generate(GanContext context, Batch batch) {
            return inner.generate(context, batch);
        }

        @Override
        public DiscriminatorResult discriminatorLoss(GanContext c, Batch batch, NDList fakes) {
            DiscriminatorResult r = inner.discriminatorLoss(c, batch, fakes);
            if (c.step() >= from && c.step() < until && !recovered) {
                NDArray nan = r.loss().mul(Float.NaN);
                return new DiscriminatorResult(nan, r.realLogits(), r.fakeLogits());
            }
            return r;
        }

        private boolean recovered;

        void recovered() {
            recovered = true;
        }

        @Override
        public NDArray generatorLoss(GanContext context, Batch batch, NDList fakes) {
            return inner.generatorLoss(context, batch, fakes);
        }

        @Override
        public Validation newValidation(GanContext context) {
            return inner.newValidation(context);
        }
    }

    private static GanTrainer trainer(
            GanObjective objective, GanConfig config, GanListener listener) {
        GanTrainer gan =
                GanTrainer.builder()
                        .setGenerator(
                                LabelSetGenerator.builder()
                                        .setNumLabels(TinyGan.LABELS)
                                        .optNoiseDim(TinyGan.NOISE)
                                        .build())
                        .setDiscriminator(
                                LabelSetDiscriminator.builder()
                                        .setNumLabels(TinyGan.LABELS)
                                        .build())
                        .setObjective(objective)
                        .optConfig(config)
                        .addListener(listener)
                        .build();
        gan.initialize(
                new Shape[] {new Shape(1, TinyGan.NOISE)},
                new Shape[] {new Shape(1, TinyGan.LABELS)});
        return gan;
    }

    @Test
    void nanLossRestoresLastCheckpointThenStopsNamingIt() throws Exception {
        GanConfig config =
                GanConfig.builder()
                        .optSeed(3)
                        .optBatchSize(8)
                        .optCheckpoints(4, 2)
                        .optDivergenceGuard(0, 2, 0.5f)
                        .build();
        List<String> restores = new ArrayList<>();
        GanListener listener =
                new GanListener() {
                    @Override
                    public void onRestore(GanTrainer gan, String reason, long step) {
                        restores.add(reason);
                    }
                };
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = trainer(new PoisonedObjective(6), config, listener)) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(64, 2), 8);
            GanCheckpoints checkpoints = new GanCheckpoints(dir, 2, null, false);
            DivergenceException e =
                    assertThrows(
                            DivergenceException.class,
                            () -> GanFit.fit(gan, 5, data, null, checkpoints));
            assertEquals(2, restores.size());
            assertTrue(
                    restores.get(0).startsWith("losses became non-finite at step 7"),
                    restores.get(0));
            assertTrue(e.getMessage().contains("restored 2 times"), e.getMessage());
            assertTrue(e.getMessage().contains("step-000000004"), e.getMessage());
            assertEquals(0.25f, gan.discriminatorOptimizer().getLearningRateScale(), 1e-6);
        }
    }

    @Test
    void restoredRunTrainsOnWithLowerLearningRates() throws Exception {
        GanConfig config =
                GanConfig.builder()
                        .optSeed(3)
                        .optBatchSize(8)
                        .optEmaDecay(0.9f)
                        .optCheckpoints(4, 2)
                        .optDivergenceGuard(0, 2, 0.5f)
                        .build();
        PoisonedObjective objective = new PoisonedObjective(6);
        List<Long> restoredSteps = new ArrayList<>();
        GanListener listener =
                new GanListener() {
                    @Override
                    public void onRestore(GanTrainer gan, String reason, long step) {
                        restoredSteps.add(step);
                        objective.recovered();
                    }
                };
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = trainer(objective, config, listener)) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(64, 2), 8);
            GanFit.fit(gan, 20, data, data, new GanCheckpoints(dir, 2, null, false));
            assertEquals(List.of(4L), restoredSteps);
            assertEquals(160, gan.step());
            assertEquals(0.5f, gan.generatorOptimizer().getLearningRateScale(), 1e-6);
        }
    }
}
