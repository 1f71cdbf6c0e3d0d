package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.annogan.core.model.BlockBuilders;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.core.model.ModelSpec;
import dev.annogan.datasets.SharedData;
import dev.annogan.examples.cgan.FidClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code annogan train cgan} on Fashion-MNIST, a few steps, with a stand-in feature classifier. */
class CganCommandTest {

    @TempDir Path dir;

    private static String fashionMnist() {
        return SharedData.root().resolve("data/fashion-mnist").toString();
    }

    /** Writes an untrained classifier of the kept architecture, so no test trains one. */
    private Path untrainedClassifier() throws IOException {
        Path folder = dir.resolve("classifier");
        ModelSpec spec = FidClassifier.modelSpec(0);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block network = BlockBuilders.build(spec.block());
            network.initialize(manager, DataType.FLOAT32, spec.inputShapes());
            ModelFolder.save(folder, network, spec, null);
        }
        return folder;
    }

    @Test
    void aShortRunWritesItsFilesAndReportsTheFrechetDistance() throws IOException {
        String data = fashionMnist();
        for (String mode : new String[] {"projection", "acgan"}) {
            CliRun run =
                    CliRun.of(
                            cgan(
                                    data,
                                    dir.resolve(mode),
                                    untrainedClassifier().toString(),
                                    "--mode",
                                    mode,
                                    "--max-steps",
                                    "3",
                                    "--batch",
                                    "16",
                                    "--validation-per-class",
                                    "5"));
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().contains("Fréchet distance (classifier features)"), run.out());
            assertTrue(run.out().contains("stopped after 3 steps"), run.out());
            assertTrue(Files.exists(dir.resolve(mode).resolve("samples/final.png")));
            assertTrue(Files.exists(dir.resolve(mode).resolve("checkpoints/latest")));
            assertTrue(Files.exists(dir.resolve(mode).resolve("model/model.json")), "G exported");
        }
    }

    /** {@code train cgan} for one epoch into {@code out}, with {@code more}. */
    private static String[] cgan(String data, Path out, String classifier, String... more) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "train",
                                "cgan",
                                "--data",
                                "fashion-mnist",
                                data,
                                "--out",
                                out.toString(),
                                "--classifier",
                                classifier,
                                "--epochs",
                                "1"));
        argv.addAll(List.of(more));
        return argv.toArray(new String[0]);
    }

    /** {@code train cgan} on the split of {@code labelsPerClass} labels, seed 3, two steps. */
    private static String[] labelledCgan(
            String data, Path out, String classifier, String labelsPerClass, String... more) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--labels-per-class",
                                labelsPerClass,
                                "--max-steps",
                                "2",
                                "--batch",
                                "8",
                                "--validation-per-class",
                                "2",
                                "--seed",
                                "3"));
        argv.addAll(List.of(more));
        return cgan(data, out, classifier, argv.toArray(new String[0]));
    }

    @Test
    void aCganOfTheLabelledSplitGivesTheClassifierLabelledImages() throws IOException {
        String data = fashionMnist();
        Path cgan = dir.resolve("cgan");
        String classifier = untrainedClassifier().toString();
        CliRun train = CliRun.of(labelledCgan(data, cgan, classifier, "2"));
        assertEquals(0, train.code(), train.err());
        assertTrue(
                train.out()
                        .contains(
                                "20 labelled training (2 per class, the labelled split of 'train"
                                        + " ssl --seed 3'"),
                train.out());
        assertTrue(train.out().contains("Fréchet distance (classifier features)"), train.out());
        assertTrue(Files.readString(cgan.resolve("cgan.json")).contains("\"labelsPerClass\":2"));
        String description = Files.readString(cgan.resolve("cgan.json"));
        // Resuming with other labels would train a generator cgan.json does not describe.
        CliRun otherLabels = CliRun.of(labelledCgan(data, cgan, classifier, "3", "--resume"));
        assertEquals(2, otherLabels.code(), otherLabels.err());
        assertTrue(
                otherLabels
                        .err()
                        .contains(
                                "cgan.json: the run was started with labelsPerClass 2, this"
                                        + " resume asks for 3"),
                otherLabels.err());
        assertEquals(description, Files.readString(cgan.resolve("cgan.json")), "left as it was");

        Path ssl = dir.resolve("ssl");
        String[] classifyArgs = {
            "train",
            "ssl",
            "--data",
            "fashion-mnist",
            data,
            "--out",
            ssl.toString(),
            "--baseline",
            "--labels-per-class",
            "2",
            "--validation-per-class",
            "2",
            "--train-limit",
            "40",
            "--batch",
            "10",
            "--hidden",
            "16,8",
            "--epochs",
            "1",
            "--seed",
            "3",
            "--synthetic",
            cgan.toString(),
            "--synthetic-per-class",
            "3"
        };
        CliRun classify = CliRun.of(classifyArgs);
        assertEquals(0, classify.code(), classify.err());
        assertTrue(
                classify.out().contains("20 labelled (2 per class) + 30 synthetic labelled"),
                classify.out());
        String result = Files.readString(ssl.resolve("result.json"));
        assertTrue(result.contains("\"synthetic\": {\"images\": 30, \"perClass\": 3,"), result);
        assertTrue(result.contains("\"checkpointStep\":2,"), result);
        assertTrue(result.contains("\"cganLabelsPerClass\":2,\"noiseSeed\":3}"), result);

        // A run folder without its exported generator (unfinished, or from before the common
        // model format) is refused with what to do.
        try (var files = Files.walk(cgan.resolve("model"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        String[] again = classifyArgs.clone();
        again[java.util.Arrays.asList(again).indexOf(ssl.toString())] =
                dir.resolve("ssl2").toString();
        CliRun noModel = CliRun.of(again);
        assertEquals(2, noModel.code(), noModel.err());
        assertTrue(noModel.err().contains("has no exported generator (model/)"), noModel.err());
    }

    @Test
    void anUnknownModeIsAUserError() {
        CliRun run =
                CliRun.of(
                        "train",
                        "cgan",
                        "--data",
                        "fashion-mnist",
                        dir.toString(),
                        "--out",
                        dir.resolve("run").toString(),
                        "--mode",
                        "stylegan");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--mode: unknown mode 'stylegan'"), run.err());
    }

    @Test
    void aMissingDataFolderIsAUserError() {
        CliRun run =
                CliRun.of(
                        "train",
                        "cgan",
                        "--data",
                        "fashion-mnist",
                        dir.resolve("nope").toString(),
                        "--out",
                        dir.resolve("run").toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("is not a folder"), run.err());
    }
}
