package dev.annogan.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import dev.annogan.core.nn.BufferedBlock;
import dev.annogan.core.nn.ChannelBatchNorm;
import dev.annogan.training.checkpoint.CheckpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed mid-way and resumed from its checkpoint continues with the same losses. */
class ResumeTest {

    @TempDir Path dir;

    private static final GanConfig CONFIG =
            GanConfig.builder()
                    .optSeed(5)
                    .optBatchSize(8)
                    .optLearningRates(5e-3f, 5e-3f)
                    .optEmaDecay(0.9f)
                    .optCheckpoints(5, 2)
                    .build();

    /** Records every step's losses; optionally dies at one step like a killed process. */
    private static final class Recorder implements GanListener {
        final List<double[]> losses = new ArrayList<>();
        private final long dieAt;

        Recorder(long dieAt) {
            this.dieAt = dieAt;
        }

        @Override
        public void onStep(GanTrainer gan, StepResult r) {
            if (r.step() == dieAt) {
                throw new IllegalStateException("killed at step " + dieAt);
            }
            losses.add(new double[] {r.step(), r.discriminatorLoss(), r.generatorLoss()});
        }
    }

    private List<double[]> run(Path runDir, long dieAt, boolean resume) throws Exception {
        Recorder recorder = new Recorder(dieAt);
        GanCheckpoints checkpoints = new GanCheckpoints(runDir, 2, "cooc_l1", false);
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = TinyGan.trainer(CONFIG, checkpoints, recorder)) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(60, 2), 8);
            ArrayDataset heldOut = TinyGan.dataset(manager, TinyGan.labelSets(16, 9), 8);
            if (resume) {
                checkpoints.restoreLatest(gan);
            }
            FitLoop.fit(gan, TrainingStep.adversarial(), 3, data, heldOut);
        } catch (IllegalStateException killed) {
            assertTrue(killed.getMessage().startsWith("killed"));
        }
        return recorder.losses;
    }

    @Test
    void resumedRunContinuesWithTheSameLosses() throws Exception {
        // 60 records in batches of 8: 8 batches an epoch (the last one short), 24 steps in all.
        List<double[]> whole = run(dir.resolve("whole"), -1, false);
        assertEquals(24, whole.size());
        Path runDir = dir.resolve("killed");
        List<double[]> first = run(runDir, 13, false);
        assertEquals(12, first.size());
        List<double[]> rest = run(runDir, -1, true);
        // The last checkpoint before the kill is step 10; the resumed run redoes 11..24.
        assertEquals(11, (long) rest.get(0)[0]);
        assertEquals(14, rest.size());
        for (double[] resumed : rest) {
            double[] original = whole.get((int) resumed[0] - 1);
            assertEquals(original[1], resumed[1], 1e-5, "D loss at step " + (long) resumed[0]);
            assertEquals(original[2], resumed[2], 1e-5, "G loss at step " + (long) resumed[0]);
        }
    }

    @Test
    void aRunStoppedMidEpochResumesWhereItStopped() throws Exception {
        Path runDir = dir.resolve("stopped");
        GanListener stopAt13 =
                new GanListener() {
                    @Override
                    public void onStep(GanTrainer gan, StepResult r) {
                        if (r.step() == 13) {
                            gan.requestStop("enough");
                        }
                    }
                };
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan =
                        TinyGan.trainer(
                                CONFIG, new GanCheckpoints(runDir, 2, null, false), stopAt13)) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(60, 2), 8);
            FitLoop.fit(gan, TrainingStep.adversarial(), 3, data, null);
            assertEquals(13, gan.step());
            assertEquals(1, gan.epoch(), "epoch 2 is not over");
        }
        List<double[]> whole = run(dir.resolve("whole"), -1, false);
        List<double[]> rest = run(runDir, -1, true);
        assertEquals(14, (long) rest.get(0)[0]);
        for (double[] resumed : rest) {
            double[] original = whole.get((int) resumed[0] - 1);
            assertEquals(original[1], resumed[1], 1e-5, "D loss at step " + (long) resumed[0]);
        }
    }

    @Test
    void checkpointMissingAPartIsRefusedAndNothingIsLoaded() throws Exception {
        Path runDir = dir.resolve("run");
        run(runDir, -1, false);
        Path latest;
        try (NDManager manager = NDManager.newBaseManager()) {
            latest = new GanCheckpoints(runDir, 2, null, false).latestDirectory();
        }
        Files.delete(latest.resolve(GanCheckpoints.DISCRIMINATOR_OPTIMIZER));
        try (GanTrainer gan = TinyGan.trainer(CONFIG)) {
            CheckpointException e =
                    assertThrows(
                            CheckpointException.class,
                            () -> new GanCheckpoints(runDir, 2, null, false).restoreLatest(gan));
            assertTrue(
                    e.getMessage().contains(GanCheckpoints.DISCRIMINATOR_OPTIMIZER),
                    e.getMessage());
            assertEquals(0, gan.step(), "nothing was loaded");
        }
    }

    /** The tiny GAN with a batch-normalised generator, whose running statistics are state. */
    private static GanTrainer normalisedGan(GanCheckpoints checkpoints) {
        Block generator =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(16).build())
                        .add(ChannelBatchNorm.builder().build())
                        .add(Activation.reluBlock())
                        .add(Linear.builder().setUnits(TinyGan.LABELS).build())
                        .add(Activation.sigmoidBlock());
        return TinyGan.initialized(
                TinyGan.builder(CONFIG)
                        .setGenerator(generator)
                        .optCheckpoints(checkpoints)
                        .build());
    }

    @Test
    void batchNormStatisticsAreCheckpointedAndRestored() throws Exception {
        Path runDir = dir.resolve("run");
        float[] trained;
        GanCheckpoints checkpoints = new GanCheckpoints(runDir, 2, null, false);
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = normalisedGan(checkpoints)) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(32, 2), 8);
            FitLoop.fit(gan, TrainingStep.adversarial(), 2, data, null);
            checkpoints.save(gan, Double.NaN);
            trained = runningMean(gan).toFloatArray();
        }
        try (GanTrainer resumed = normalisedGan(null)) {
            float[] fresh = runningMean(resumed).toFloatArray();
            assertEquals(0f, fresh[0], "a new network starts at mean 0");
            new GanCheckpoints(runDir, 2, null, false).restoreLatest(resumed);
            assertArrayEquals(trained, runningMean(resumed).toFloatArray());
            assertTrue(Math.abs(trained[0]) + Math.abs(trained[1]) > 0, "the run moved them");
        }
    }

    private static NDArray runningMean(GanTrainer gan) {
        for (var buffer : BufferedBlock.buffersOf(gan.generatorModel().getBlock())) {
            if (buffer.getKey().endsWith("runningMean")) {
                return buffer.getValue();
            }
        }
        throw new AssertionError("no running mean in G");
    }

    @Test
    void onlyTheLastCheckpointsAndTheBestAreKept() throws Exception {
        Path runDir = dir.resolve("run");
        run(runDir, -1, false);
        try (Stream<Path> files = Files.list(runDir)) {
            long steps = files.filter(p -> p.getFileName().toString().startsWith("step-")).count();
            assertTrue(steps >= 2 && steps <= 3, "kept " + steps);
        }
    }

    /**
     * The classifier of the mean-teacher run: an image of 1x4x4 to 3 class logits, through a hidden
     * layer.
     */
    private static GanTrainer teacherTrainer(GanCheckpoints checkpoints, GanListener listener) {
        Block classifier =
                new SequentialBlock()
                        .add(ai.djl.nn.Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(8).build())
                        .add(Activation::relu)
                        .add(Linear.builder().setUnits(3).build());
        GanTrainer gan =
                GanTrainer.builder()
                        .setGenerator(classifier)
                        .setDiscriminator(SupervisedStep.noDiscriminator())
                        .setObjective(
                                new dev.annogan.training.objective.SupervisedClassifierObjective(
                                        new dev.annogan.training.teacher.TeacherTerms(
                                                1, 1, 0.4f, 6),
                                        dev.annogan.training.augment.ImageAugmentation.builder()
                                                .optJitter(0.2f, 0.3f)
                                                .optCutout(0.5f)
                                                .build()))
                        .optConfig(CONFIG)
                        .optCheckpoints(checkpoints)
                        .addListener(listener)
                        .build();
        gan.initialize(
                new ai.djl.ndarray.types.Shape[] {new ai.djl.ndarray.types.Shape(1, 1, 4, 4)},
                SupervisedStep.noDiscriminatorShapes());
        return gan;
    }

    /** 60 images of 1x4x4, a third of them labelled with class (i mod 3), the rest -1. */
    private static ArrayDataset classImages(NDManager manager, int count, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] pixels = new float[count * 16];
        float[] classes = new float[count];
        for (int i = 0; i < count; i++) {
            classes[i] = i % 3 == 0 ? (i / 3) % 3 : -1;
            for (int p = 0; p < 16; p++) {
                pixels[i * 16 + p] = (float) random.nextGaussian() + (p % 3 == i % 3 ? 1 : 0);
            }
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(pixels, new ai.djl.ndarray.types.Shape(count, 1, 4, 4)))
                .optLabels(manager.create(classes))
                .setSampling(8, false)
                .build();
    }

    private List<double[]> runTeacher(Path runDir, long dieAt, boolean resume) throws Exception {
        Recorder recorder = new Recorder(dieAt);
        GanCheckpoints checkpoints = new GanCheckpoints(runDir, 2, "accuracy", true);
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = teacherTrainer(checkpoints, recorder)) {
            ArrayDataset data = classImages(manager, 60, 3);
            ArrayDataset heldOut = classImages(manager, 16, 4);
            if (resume) {
                checkpoints.restoreLatest(gan);
            }
            FitLoop.fit(gan, TrainingStep.supervised(), 3, data, heldOut);
        } catch (IllegalStateException killed) {
            assertTrue(killed.getMessage().startsWith("killed"));
        }
        return recorder.losses;
    }

    @Test
    void resumedMeanTeacherRunRepeatsTheLossesWithTheTeacherFromTheCheckpoint() throws Exception {
        // The loss on unlabelled rows compares the classifier with its moving average, on views
        // drawn from the step's random source: both must come back exactly from the checkpoint.
        List<double[]> whole = runTeacher(dir.resolve("teacher-whole"), -1, false);
        assertEquals(24, whole.size());
        Path runDir = dir.resolve("teacher-killed");
        runTeacher(runDir, 13, false);
        List<double[]> rest = runTeacher(runDir, -1, true);
        assertEquals(11, (long) rest.get(0)[0]);
        for (double[] resumed : rest) {
            double[] original = whole.get((int) resumed[0] - 1);
            assertEquals(original[2], resumed[2], 1e-5, "loss at step " + (long) resumed[0]);
        }
    }
}
