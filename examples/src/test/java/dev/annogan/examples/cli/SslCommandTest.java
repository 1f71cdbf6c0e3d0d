package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.core.model.ModelSpec;
import dev.annogan.datasets.SharedData;
import dev.annogan.examples.cgan.CganRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code annogan train ssl} on a sliver of Fashion-MNIST (2 labels and 2 validation images per
 * class, 40 unlabelled images, tiny networks): files, resume, baseline and argument errors.
 */
class SslCommandTest {

    @TempDir Path dir;

    private static String data() {
        return SharedData.root().resolve("data").resolve("fashion-mnist").toString();
    }

    private CliRun train(String run, int epochs, String... extra) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "train",
                                "ssl",
                                "--data",
                                "fashion-mnist",
                                data(),
                                "--out",
                                dir.resolve(run).toString(),
                                "--epochs",
                                Integer.toString(epochs),
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
                                "--generator-hidden",
                                "8"));
        argv.addAll(List.of(extra));
        return CliRun.of(argv.toArray(new String[0]));
    }

    @Test
    void trainWritesItsFilesAndEndsWithTheAccuracyTable() throws IOException {
        CliRun run = train("gan", 2, "--test");
        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.out().contains("20 labelled (2 per class), 40 unlabelled, 20 validation"),
                run.out());
        assertTrue(run.out().contains("k+1 gan"), run.out());
        assertTrue(run.out().contains("Ankle boot"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("  images +20 +10000")), run.out());
        Path out = dir.resolve("gan");
        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size(), "header + 2");
        assertTrue(Files.readAllLines(out.resolve("metrics.csv")).get(0).endsWith(",accuracy"));
        assertTrue(Files.exists(out.resolve("loss.png")));
        assertTrue(Files.exists(out.resolve("samples/epoch-002.png")));
        assertTrue(Files.exists(out.resolve("checkpoints/latest")));
        String result = Files.readString(out.resolve("result.json"));
        assertTrue(result.contains("\"method\": \"k+1 gan with mean teacher\""), result);
        // 2 epochs of 4 steps (40 unlabelled images, 10 a step), a fifth of them ramping up.
        assertTrue(result.contains("\"rampUpSteps\": 2}"), result);
        assertTrue(result.contains("\"discriminatorEmaDecay\": 0.99"), result);
        assertTrue(result.matches("(?s).*\"testAccuracy\": 0\\.\\d{6},.*"), result);
    }

    @Test
    void theConvNetworksTrainOnRequestAndTheResultNamesTheRecipe() throws IOException {
        CliRun run =
                train(
                        "conv",
                        1,
                        "--network",
                        "conv",
                        "--width",
                        "4",
                        "--generator-width",
                        "2",
                        "--decay-from",
                        "1");
        assertEquals(0, run.code(), run.err());
        String result = Files.readString(dir.resolve("conv/result.json"));
        assertTrue(result.contains("\"network\": \"conv\", "), result);
        assertTrue(result.contains("\"width\": 4, \"generatorWidth\": 2"), result);
        assertTrue(result.contains("\"learningRateDecayEnd\": 0}"), result);
    }

    @Test
    void theDenseRecipeDecaysTheLearningRatesOverTheSecondHalfOfTheSteps() throws IOException {
        // 40 unlabelled images in batches of 10: 4 steps an epoch, 8 in two epochs
        CliRun run = train("dense", 2);
        assertEquals(0, run.code(), run.err());
        String result = Files.readString(dir.resolve("dense/result.json"));
        assertTrue(result.contains("\"network\": \"dense\", \"hiddenSizes\": [16, 8]"), result);
        assertTrue(result.contains("\"generatorHiddenSizes\": [8]"), result);
        assertTrue(
                result.contains("\"learningRateDecayStart\": 4, \"learningRateDecayEnd\": 8}"),
                result);
    }

    @Test
    void baselineTrainsTheClassifierAloneAndDataMayBeNamedKindColonFolder() throws IOException {
        List<String> argv =
                new ArrayList<>(List.of("train", "ssl", "--data", "fashion-mnist:" + data()));
        argv.addAll(
                List.of(
                        "--out",
                        dir.resolve("baseline").toString(),
                        "--epochs",
                        "1",
                        "--baseline"));
        argv.addAll(List.of("--labels-per-class", "2", "--validation-per-class", "2"));
        argv.addAll(List.of("--train-limit", "40", "--batch", "10", "--hidden", "16,8"));
        CliRun run = CliRun.of(argv.toArray(new String[0]));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("supervised baseline"), run.out());
        assertTrue(Files.exists(dir.resolve("baseline/samples/epoch-001.png")));
        assertTrue(
                Files.readString(dir.resolve("baseline/result.json"))
                        .contains("\"method\": \"supervised baseline\""));
    }

    @Test
    void aRunStoppedEarlyIsNeverOverwrittenAndResumesWhereItStopped() throws IOException {
        CliRun first = train("run", 2, "--max-steps", "3");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("stopped after --max-steps 3 steps"), first.out());
        assertTrue(first.out().contains("weights of step 3"), first.out());
        assertTrue(first.out().contains("(no --test)"), first.out());
        String result = Files.readString(dir.resolve("run/result.json"));
        assertTrue(result.contains("\"testAccuracy\": null"), result);

        CliRun again = train("run", 2);
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a run; add --resume"), again.err());

        CliRun resumed = train("run", 2, "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resumed from step 3 (epoch 1)"), resumed.out());
        assertEquals(3, Files.readAllLines(dir.resolve("run/metrics.csv")).size(), "2 epochs");
    }

    @Test
    void badArgumentsAreOneLineUserErrors() {
        String out = dir.resolve("bad").toString();
        assertUserError(
                "--data: unknown kind 'mnist'; the only kind is fashion-mnist",
                "train",
                "ssl",
                "--data",
                "mnist",
                dir.toString(),
                "--out",
                out);
        assertUserError(
                "--data needs a kind and a folder: --data fashion-mnist DIR",
                "train",
                "ssl",
                "--data",
                "fashion-mnist",
                "--out",
                out);
        assertUserError(
                "--data: /no/such/folder is not a folder",
                "train",
                "ssl",
                "--data",
                "fashion-mnist",
                "/no/such/folder",
                "--out",
                out);
        assertUserError(
                "--labels-per-class must be between 1 and 6000, got 0",
                "train",
                "ssl",
                "--data",
                "fashion-mnist",
                dir.toString(),
                "--out",
                out,
                "--labels-per-class",
                "0");
        assertUserError(
                "--lr must be a number, got 'fast'",
                "train",
                "ssl",
                "--data",
                "fashion-mnist",
                dir.toString(),
                "--out",
                out,
                "--lr",
                "fast");
        assertUserError(
                "--network must be one of dense|conv, got 'mlp'",
                "train",
                "ssl",
                "--data",
                "fashion-mnist",
                dir.toString(),
                "--out",
                out,
                "--network",
                "mlp");
        assertUserError(
                "--hidden must be layer widths between 1 and 65536 separated by commas, got"
                        + " '500,x'",
                "train",
                "ssl",
                "--data",
                "fashion-mnist",
                dir.toString(),
                "--out",
                out,
                "--hidden",
                "500,x");
        assertFalse(Files.exists(dir.resolve("bad")), "nothing is written for a bad command");
    }

    @Test
    void aSyntheticFolderThatHoldsNoUsableCganIsAUserError() throws IOException {
        String out = dir.resolve("bad").toString();
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertSyntheticRefused(
                empty + " is not a run folder of 'train cgan' (it has no model/)",
                out,
                empty,
                "--baseline");
        Path unfinished = Files.createDirectories(dir.resolve("unfinished"));
        Files.writeString(unfinished.resolve("cgan.json"), "{}");
        assertSyntheticRefused(
                unfinished
                        + " has no exported generator (model/): the run has not finished, or an"
                        + " AnnoGAN from before the common model format trained it; run 'annogan"
                        + " train cgan' on it again with its options and --resume to export it",
                out,
                unfinished);
        Path other = dir.resolve("other");
        BlockSpec fiveClasses = CganRunner.generatorSpec().with("numClasses", 5);
        untrainedGenerator(other, fiveClasses, 10, 1);
        assertSyntheticRefused(
                other.resolve("model/model.json")
                        + ": its generator ("
                        + fiveClasses
                        + ") is not this version's 10-class 28x28 one",
                out,
                other);
        // A cGAN that learnt from every label would bring the unlabelled images' labels in.
        Path allLabels = dir.resolve("all-labels");
        untrainedGenerator(allLabels, CganRunner.generatorSpec(), 0, 1);
        assertSyntheticRefused(
                allLabels
                        + " learnt from every training label, this run has 10 labels per class"
                        + " (validation 100 per class, seed 1); train the cGAN with 'train cgan"
                        + " --labels-per-class 10 --validation-per-class 100 --seed 1'",
                out,
                allLabels);
        Path seedOne = dir.resolve("seed-one");
        untrainedGenerator(seedOne, CganRunner.generatorSpec(), 10, 1);
        assertSyntheticRefused(
                seedOne
                        + " learnt from 10 labels per class (validation 100 per class, seed 1),"
                        + " this run has 10 labels per class (validation 100 per class, seed 2);"
                        + " train the cGAN with 'train cgan --labels-per-class 10"
                        + " --validation-per-class 100 --seed 2'",
                out,
                seedOne,
                "--seed",
                "2");
        // A seed beyond int (and beyond a double's exact integers) is read back exactly.
        Path bigSeed = dir.resolve("big-seed");
        untrainedGenerator(bigSeed, CganRunner.generatorSpec(), 10, 9007199254740993L);
        assertSyntheticRefused(
                bigSeed
                        + " learnt from 10 labels per class (validation 100 per class, seed"
                        + " 9007199254740993), this run has 10 labels per class (validation 100"
                        + " per class, seed 9007199254740992); train the cGAN with 'train cgan"
                        + " --labels-per-class 10 --validation-per-class 100 --seed"
                        + " 9007199254740992'",
                out,
                bigSeed,
                "--seed",
                "9007199254740992");
        assertUserError(
                "--synthetic-per-class needs --synthetic RUN_DIR",
                ssl(out, "--synthetic-per-class", "50"));
        assertFalse(Files.exists(dir.resolve("bad")), "nothing is written for a bad command");
    }

    /**
     * Writes a cGAN run folder whose {@code model/} holds an untrained generator of {@code block},
     * exported as from a run on the given labelled split.
     */
    private static void untrainedGenerator(Path run, BlockSpec block, int labelsPerClass, long seed)
            throws IOException {
        JsonObject details = new JsonObject();
        details.addProperty("mode", "projection");
        details.addProperty("labelsPerClass", labelsPerClass);
        details.addProperty("validationPerClass", 100);
        details.addProperty("seed", seed);
        details.addProperty("step", 0);
        ModelSpec spec =
                new ModelSpec(
                        CganRunner.APPLICATION,
                        block,
                        List.of(
                                ModelSpec.Input.floats(1, CganRunner.NOISE_DIM),
                                ModelSpec.Input.ints(1)),
                        details);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block generator = ModelFolder.newBlock(manager, spec);
            ModelFolder.save(run.resolve(CganRunner.MODEL_FOLDER), generator, spec, null);
        }
    }

    /** {@code train ssl ... --synthetic cgan} fails with {@code "--synthetic: " + message}. */
    private static void assertSyntheticRefused(
            String message, String out, Path cgan, String... more) {
        List<String> extra = new ArrayList<>(List.of(more));
        extra.addAll(List.of("--synthetic", cgan.toString()));
        assertUserError("--synthetic: " + message, ssl(out, extra.toArray(new String[0])));
    }

    /** {@code train ssl} on the shared Fashion-MNIST into {@code out}, with {@code more}. */
    private static String[] ssl(String out, String... more) {
        List<String> argv =
                new ArrayList<>(
                        List.of("train", "ssl", "--data", "fashion-mnist", data(), "--out", out));
        argv.addAll(List.of(more));
        return argv.toArray(new String[0]);
    }

    @Test
    void aFolderWithoutFashionMnistIsOneLine() {
        CliRun run =
                CliRun.of(
                        "train",
                        "ssl",
                        "--data",
                        "fashion-mnist",
                        dir.toString(),
                        "--out",
                        dir.resolve("x").toString());
        assertEquals(2, run.code(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("no such file: "), run.err());
        assertTrue(run.err().contains("train-images-idx3-ubyte.gz"), run.err());
    }

    private static void assertUserError(String message, String... argv) {
        CliRun run = CliRun.of(argv);
        assertEquals(2, run.code(), run.err());
        assertEquals(
                "annogan train ssl: " + message + "\nTry 'annogan train ssl --help'.\n", run.err());
    }
}
