package dev.annogan.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import dev.annogan.core.tagging.TaggerGenerator;
import dev.annogan.training.objective.TaggingObjective;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervised baseline loop: G alone on its supervised loss, resumable like a GAN run. */
class SupervisedStepTest {

    private static final int LABELS = 3;
    private static final int NOISE = 2;
    private static final int SIDE = 8;

    @TempDir Path dir;

    private static final GanConfig CONFIG =
            GanConfig.builder()
                    .optSeed(3)
                    .optBatchSize(4)
                    .optLearningRates(1e-2f, 1e-2f)
                    .optCheckpoints(3, 2)
                    .build();

    /** Images whose mean brightness in three quadrants says which of three labels they carry. */
    private static ArrayDataset data(NDManager manager, int count, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[count * 3 * SIDE * SIDE];
        float[][] labels = new float[count][LABELS];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < LABELS; k++) {
                labels[i][k] = random.nextBoolean() ? 1 : 0;
            }
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        int quadrant = (y < SIDE / 2 ? 0 : 2) + (x < SIDE / 2 ? 0 : 1);
                        float on = quadrant < LABELS ? labels[i][quadrant] : 0;
                        pixels[((i * 3 + c) * SIDE + y) * SIDE + x] =
                                on - 0.5f + 0.1f * (float) random.nextGaussian();
                    }
                }
            }
        }
        float[] flags = new float[count];
        java.util.Arrays.fill(flags, 1f);
        return new ArrayDataset.Builder()
                .setData(manager.create(pixels, new Shape(count, 3, SIDE, SIDE)))
                .optLabels(manager.create(labels), manager.create(flags))
                .setSampling(4, false)
                .build();
    }

    private static GanTrainer trainer(GanCheckpoints checkpoints, GanListener... listeners) {
        GanTrainer.Builder builder =
                GanTrainer.builder()
                        .setGenerator(
                                TaggerGenerator.builder()
                                        .setNumLabels(LABELS)
                                        .setInputSize(SIDE)
                                        .optDepth(1)
                                        .optWidth(4)
                                        .optHidden(8)
                                        .optNoiseDim(NOISE)
                                        .build())
                        .setDiscriminator(SupervisedStep.noDiscriminator())
                        .setObjective(new TaggingObjective(NOISE))
                        .optConfig(CONFIG)
                        .optCheckpoints(checkpoints);
        for (GanListener listener : listeners) {
            builder.addListener(listener);
        }
        GanTrainer gan = builder.build();
        gan.initialize(
                new Shape[] {new Shape(1, 3, SIDE, SIDE), new Shape(1, NOISE)},
                SupervisedStep.noDiscriminatorShapes());
        return gan;
    }

    /** Records every step's result; optionally dies at one step like a killed process. */
    private static final class Recorder implements GanListener {
        final List<StepResult> steps = new ArrayList<>();
        final List<EpochResult> epochs = new ArrayList<>();
        private final long dieAt;

        Recorder(long dieAt) {
            this.dieAt = dieAt;
        }

        @Override
        public void onStep(GanTrainer gan, StepResult r) {
            if (r.step() == dieAt) {
                throw new IllegalStateException("killed at step " + dieAt);
            }
            steps.add(r);
        }

        @Override
        public void onEpoch(GanTrainer gan, EpochResult r) {
            epochs.add(r);
        }
    }

    private Recorder run(Path runDir, int epochs, long dieAt, boolean resume) throws Exception {
        Recorder recorder = new Recorder(dieAt);
        GanCheckpoints checkpoints = new GanCheckpoints(runDir, 2, "mAP", true);
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = trainer(checkpoints, recorder)) {
            if (resume) {
                checkpoints.restoreLatest(gan);
            }
            FitLoop.fit(
                    gan,
                    TrainingStep.supervised(),
                    epochs,
                    data(manager, 24, 1),
                    data(manager, 16, 2));
        } catch (IllegalStateException killed) {
            assertTrue(killed.getMessage().startsWith("killed"), killed.getMessage());
        }
        return recorder;
    }

    @Test
    void generatorLearnsFromLabelsAloneWithoutADiscriminator() throws Exception {
        Recorder recorder = run(dir.resolve("run"), 8, -1, false);
        // 24 records in batches of 4: 6 steps an epoch.
        assertEquals(48, recorder.steps.size());
        StepResult first = recorder.steps.get(0);
        assertEquals(0.0, first.discriminatorLoss());
        assertTrue(Double.isNaN(first.discriminatorAccuracy()));
        double start = recorder.epochs.get(0).generatorLoss();
        double end = recorder.epochs.get(7).generatorLoss();
        assertTrue(end < 0.5 * start, "loss " + start + " -> " + end);
        assertTrue(
                recorder.epochs.get(7).validation().get("mAP") > 0.9, recorder.epochs.toString());
    }

    @Test
    void resumedRunContinuesWithTheSameLosses() throws Exception {
        List<StepResult> whole = run(dir.resolve("whole"), 3, -1, false).steps;
        assertEquals(18, whole.size());
        Path runDir = dir.resolve("killed");
        assertEquals(10, run(runDir, 3, 11, false).steps.size());
        List<StepResult> rest = run(runDir, 3, -1, true).steps;
        // Checkpoints every 3 steps: the last before the kill is step 9.
        assertEquals(10, rest.get(0).step());
        for (StepResult resumed : rest) {
            StepResult original = whole.get((int) resumed.step() - 1);
            assertEquals(original.generatorLoss(), resumed.generatorLoss(), 1e-5);
        }
    }

    @Test
    void anObjectiveWithoutSupervisedLossIsRefused() {
        GanTrainer gan = TinyGan.trainer(GanConfig.builder().build());
        try (gan;
                NDManager manager = NDManager.newBaseManager()) {
            NDArray sets = manager.create(TinyGan.labelSets(8, 1));
            ArrayDataset data =
                    new ArrayDataset.Builder().setData(sets).setSampling(4, false).build();
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> FitLoop.fit(gan, TrainingStep.supervised(), 1, data, null));
            assertTrue(e.getMessage().contains("LabelSetObjective"), e.getMessage());
        }
    }
}
