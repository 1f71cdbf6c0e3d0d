package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annogan.datasets.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training, resuming and sampling the label-set GAN from the command line. */
class LabelGanCommandsTest {

    @TempDir Path dir;

    private static String annotations() {
        return SharedData.cocoTiny().resolve("annotations/instances_val2017.json").toString();
    }

    private CliRun train(int epochs, String... extra) {
        List<String> argv =
                new java.util.ArrayList<>(
                        List.of(
                                "train",
                                "label-gan",
                                "--annotations",
                                annotations(),
                                "--out",
                                dir.resolve("run").toString(),
                                "--epochs",
                                Integer.toString(epochs),
                                "--batch",
                                "16"));
        argv.addAll(List.of(extra));
        return CliRun.of(argv.toArray(new String[0]));
    }

    @Test
    void trainWritesItsFilesAndEndsWithTheSummaryTable() throws IOException {
        CliRun run = train(3);
        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.out().contains("80 images (64 training, 16 held out), 80 categories"),
                run.out());
        assertTrue(run.out().contains("co-occurrence L1"), run.out());
        Path out = dir.resolve("run");
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size(), "header + 3 epochs");
        assertTrue(Files.exists(out.resolve("loss.png")));
        assertTrue(Files.exists(out.resolve("samples/epoch-003.png")));
        assertTrue(Files.exists(out.resolve("model/model.json")));
        assertTrue(Files.exists(out.resolve("checkpoints/latest")));

        CliRun sample = CliRun.of("sample", "label-gan", "--model", out.toString(), "--n", "4");
        assertEquals(0, sample.code(), sample.err());
        assertEquals(4, sample.out().lines().count(), sample.out());
    }

    @Test
    void anExistingRunIsNeverOverwrittenAndResumesOnRequest() throws IOException {
        assertEquals(0, train(2).code());
        CliRun again = train(2);
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a run; add --resume"), again.err());
        CliRun resumed = train(4, "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resumed from step 8 (epoch 3)"), resumed.out());
        assertEquals(5, Files.readAllLines(dir.resolve("run/metrics.csv")).size());
    }

    @Test
    void everyFakeSetModeTrains() {
        for (String mode : new String[] {"thresholded", "probabilities"}) {
            CliRun run =
                    train(
                            1,
                            "--fakes",
                            mode,
                            "--minibatch-averaging",
                            "--out",
                            dir.resolve(mode).toString());
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().contains("labels-per-image total variation"), run.out());
        }
    }

    @Test
    void anUnknownFakeSetModeIsAUserError() {
        CliRun run = train(1, "--fakes", "soft");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--fakes: unknown mode 'soft'"), run.err());
    }

    @Test
    void labelSetsOfSeveralFilesArePooled() {
        String both =
                annotations()
                        + ","
                        + SharedData.cocoTiny().resolve("annotations/instances_train2017.json");
        CliRun run =
                CliRun.of(
                        "train",
                        "label-gan",
                        "--annotations",
                        both,
                        "--out",
                        dir.resolve("pooled").toString(),
                        "--epochs",
                        "1");
        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.out()
                        .contains(
                                "instances_val2017.json + instances_train2017.json: 160 images (128"
                                        + " training, 32 held out)"),
                run.out());
    }

    @Test
    void resumeWithoutARunIsAUserError() {
        CliRun run = train(2, "--resume");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("nothing to resume"), run.err());
    }

    @Test
    void sampleFromAFolderWithoutAModelIsOneLine() {
        CliRun run = CliRun.of("sample", "label-gan", "--model", dir.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("annogan sample label-gan: no such file: "), run.err());
    }
}
