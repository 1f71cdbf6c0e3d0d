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
            GanObjective objective,
            GanConfig config,
            GanCheckpoints checkpoints,
            GanListener listener) {
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
                        .optCheckpoints(checkpoints)
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
        GanCheckpoints checkpoints = new GanCheckpoints(dir, 2, null, false);
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = trainer(new PoisonedObjective(6), config, checkpoints, listener)) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(64, 2), 8);
            DivergenceException e =
                    assertThrows(
                            DivergenceException.class,
                            () -> FitLoop.fit(gan, TrainingStep.adversarial(), 5, data, null));
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
                GanTrainer gan =
                        trainer(
                                objective,
                                config,
                                new GanCheckpoints(dir, 2, null, false),
                                listener)) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(64, 2), 8);
            FitLoop.fit(gan, TrainingStep.adversarial(), 20, data, data);
            assertEquals(List.of(4L), restoredSteps);
            assertEquals(160, gan.step());
            assertEquals(0.5f, gan.generatorOptimizer().getLearningRateScale(), 1e-6);
        }
    }

    /** The label-set objective, but from a given step on D scores every real 10 and fake -10. */
    private static final class PinnedObjective implements GanObjective {
        private final PoisonedObjective inner = new PoisonedObjective(Long.MAX_VALUE);
        private final long from;

        PinnedObjective(long from) {
            this.from = from;
        }

        @Override
        public NDList generate(GanContext context, Batch batch) {
            return inner.generate(context, batch);
        }

        @Override
        public DiscriminatorResult discriminatorLoss(GanContext c, Batch batch, NDList fakes) {
            DiscriminatorResult r = inner.discriminatorLoss(c, batch, fakes);
            if (c.step() < from) {
                return r;
            }
            return new DiscriminatorResult(
                    r.loss(),
                    r.realLogits().zerosLike().add(10),
                    r.fakeLogits().zerosLike().sub(10));
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

    @Test
    void aDPinnedAtPerfectAccuracyIsACollapseThatRestoresThenStops() throws Exception {
        GanConfig config =
                GanConfig.builder()
                        .optSeed(3)
                        .optBatchSize(8)
                        .optCheckpoints(2, 2)
                        .optDivergenceGuard(3, 1, 0.5f)
                        .build();
        List<String> restores = new ArrayList<>();
        GanListener listener =
                new GanListener() {
                    @Override
                    public void onRestore(GanTrainer gan, String reason, long step) {
                        restores.add(step + ": " + reason);
                    }
                };
        GanCheckpoints checkpoints = new GanCheckpoints(dir, 2, null, false);
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = trainer(new PinnedObjective(4), config, checkpoints, listener)) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(64, 2), 8);
            DivergenceException e =
                    assertThrows(
                            DivergenceException.class,
                            () -> FitLoop.fit(gan, TrainingStep.adversarial(), 5, data, null));
            // D's updates of steps 5, 6 and 7 (its steps 4 to 6) score perfectly: the third is a
            // collapse, and the checkpoint of step 6 (saved before the guard had seen three) is
            // restored; steps 7 to 9 collapse again and the one allowed restore is spent.
            assertEquals(
                    List.of(
                            "6: D's accuracy sat at 1 for 3 steps up to step 7 (collapse);"
                                    + " restored step 6"),
                    restores);
            assertTrue(e.getMessage().contains("up to step 9 (collapse)"), e.getMessage());
            assertTrue(e.getMessage().contains("restored 1 times"), e.getMessage());
        }
    }

    @Test
    void withCollapseDetectionOffAPinnedDTrainsOn() throws Exception {
        GanConfig config =
                GanConfig.builder()
                        .optSeed(3)
                        .optBatchSize(8)
                        .optDivergenceGuard(0, 1, 0.5f)
                        .build();
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan =
                        trainer(new PinnedObjective(0), config, null, new GanListener() {})) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(64, 2), 8);
            FitLoop.fit(gan, TrainingStep.adversarial(), 2, data, null);
            assertEquals(16, gan.step());
        }
    }
}
