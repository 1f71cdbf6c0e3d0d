package dev.annogan.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import com.google.gson.JsonObject;
import dev.annogan.core.labelgan.LabelSetDiscriminator;
import dev.annogan.core.labelgan.LabelSetGenerator;
import dev.annogan.training.FitLoop;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.TrainingStep;
import dev.annogan.training.objective.LabelSetObjective;
import dev.annogan.training.objective.LabelSetObjective.FakeSets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder is never overwritten, resumes only as the same training, and fills as expected. */
class TrainingRunTest {

    @TempDir Path dir;

    private static final TrainingRun.Checkpoints KEEP = new TrainingRun.Checkpoints(2, null, true);

    private static JsonObject identity(String mode) {
        JsonObject json = new JsonObject();
        json.addProperty("application", "label-gan");
        json.addProperty("mode", mode);
        return json;
    }

    private static float[][] sets(int count) {
        Random random = new Random(4);
        float[][] sets = new float[count][5];
        for (float[] set : sets) {
            set[random.nextInt(5)] = 1;
        }
        return sets;
    }

    /** Trains two epochs of a tiny label-set GAN in {@code run}. */
    private static void train(TrainingRun run, PrintStream out) throws Exception {
        float[][] sets = sets(32);
        GanConfig config = GanConfig.builder().optSeed(1).optBatchSize(8).build();
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan =
                        run.withStandardListeners(
                                        GanTrainer.builder()
                                                .setGenerator(
                                                        LabelSetGenerator.builder()
                                                                .setNumLabels(5)
                                                                .optNoiseDim(4)
                                                                .build())
                                                .setDiscriminator(
                                                        LabelSetDiscriminator.builder()
                                                                .setNumLabels(5)
                                                                .build())
                                                .setObjective(
                                                        new LabelSetObjective(
                                                                4, 5, sets, 1, FakeSets.SAMPLED))
                                                .optConfig(config),
                                        out,
                                        g -> new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB))
                                .build()) {
            gan.initialize(new Shape[] {new Shape(1, 4)}, new Shape[] {new Shape(1, 5)});
            run.resumeIfAsked(gan, out);
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(manager.create(sets))
                            .setSampling(8, false)
                            .build();
            FitLoop.fit(gan, TrainingStep.adversarial(), run.resume() ? 3 : 2, data, data);
        }
    }

    @Test
    void aRunFillsItsFolderAndResumesOnlyAsItself() throws Exception {
        Path folder = dir.resolve("run");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true);
        train(TrainingRun.open(folder, false, KEEP, "run.json", identity("adversarial")), out);
        assertEquals(
                "{\"application\":\"label-gan\",\"mode\":\"adversarial\",\"runFormat\":2}\n",
                Files.readString(folder.resolve("run.json")));
        for (String file : new String[] {"metrics.csv", "loss.png", "samples/epoch-002.png"}) {
            assertTrue(Files.exists(folder.resolve(file)), file);
        }
        assertTrue(run(folder).checkpoints().hasLatest());

        RunSetupException again =
                assertThrows(
                        RunSetupException.class,
                        () -> TrainingRun.open(folder, false, KEEP, "run.json", identity("x")));
        assertTrue(again.getMessage().contains("already holds a run; add --resume"));

        RunSetupException other =
                assertThrows(
                        RunSetupException.class,
                        () -> TrainingRun.open(folder, true, KEEP, "run.json", identity("base")));
        assertTrue(
                other.getMessage()
                        .endsWith(
                                "run.json: the run was started with mode \"adversarial\", this"
                                        + " resume asks for \"base\"; resume with the run's"
                                        + " options or choose another --out"),
                other.getMessage());

        JsonObject withTeacher = identity("adversarial");
        withTeacher.addProperty("teacher", "mean");
        RunSetupException added =
                assertThrows(
                        RunSetupException.class,
                        () -> TrainingRun.open(folder, true, KEEP, "run.json", withTeacher));
        assertTrue(
                added.getMessage()
                        .contains("started with teacher none, this resume asks for \"mean\""),
                added.getMessage());
        JsonObject without = new JsonObject();
        without.addProperty("application", "label-gan");
        RunSetupException left =
                assertThrows(
                        RunSetupException.class,
                        () -> TrainingRun.open(folder, true, KEEP, "run.json", without));
        assertTrue(
                left.getMessage()
                        .contains("started with mode \"adversarial\", this resume asks for none"),
                left.getMessage());

        // A run folder of an earlier version recorded fewer fields: those it has must match, the
        // others are not asked for.
        Path file = folder.resolve("run.json");
        String current = Files.readString(file);
        Files.writeString(file, "{\"application\":\"label-gan\",\"mode\":\"adversarial\"}\n");
        TrainingRun.open(folder, true, KEEP, "run.json", withTeacher);
        RunSetupException legacyOther =
                assertThrows(
                        RunSetupException.class,
                        () -> TrainingRun.open(folder, true, KEEP, "run.json", identity("base")));
        assertTrue(
                legacyOther.getMessage().contains("started with mode"), legacyOther.getMessage());
        Files.writeString(file, current);

        train(run(folder), out);
        assertTrue(log.toString().contains("resumed from step 8 (epoch 3)"), log.toString());
        assertEquals(4, Files.readAllLines(folder.resolve("metrics.csv")).size(), "header + 3");
    }

    private static TrainingRun run(Path folder) throws Exception {
        return TrainingRun.open(folder, true, KEEP, "run.json", identity("adversarial"));
    }

    @Test
    void aFinishedRunIsCheckedAsAResumeWouldBeWithNumbersAsTheyReadBack() throws Exception {
        Path folder = dir.resolve("finished");
        JsonObject identity = identity("baseline");
        identity.addProperty("rate", 0.1f); // 0.10000000149 as a double, 0.1 in the file
        TrainingRun.open(folder, false, KEEP, "run.json", identity);
        TrainingRun.requireIdentity(folder, "run.json", identity);
        JsonObject other = identity("baseline");
        other.addProperty("rate", 0.2f);
        RunSetupException e =
                assertThrows(
                        RunSetupException.class,
                        () -> TrainingRun.requireIdentity(folder, "run.json", other));
        assertTrue(
                e.getMessage()
                        .contains("the run was started with rate 0.1, this resume asks for 0.2"),
                e.getMessage());
        RunSetupException missing =
                assertThrows(
                        RunSetupException.class,
                        () ->
                                TrainingRun.requireIdentity(
                                        dir.resolve("nowhere"), "run.json", other));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
    }

    @Test
    void nothingToResumeIsRefused() {
        RunSetupException e =
                assertThrows(
                        RunSetupException.class,
                        () -> TrainingRun.open(dir, true, KEEP, "run.json", identity("a")));
        assertTrue(e.getMessage().startsWith("nothing to resume: "), e.getMessage());
    }
}
