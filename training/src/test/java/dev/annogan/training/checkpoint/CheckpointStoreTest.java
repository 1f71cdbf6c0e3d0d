package dev.annogan.training.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir Path runDirectory;

    @Test
    void savedPartsReadBackAndTheManifestRecordsTheirSizesAndHashes() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);
        byte[] generator = bytes(100_000, 1);
        Checkpoint saved =
                store.save(
                        1234,
                        parts(
                                "generator.params",
                                generator,
                                "state.json",
                                "{\"step\":1234}".getBytes(StandardCharsets.UTF_8)));

        assertEquals(runDirectory.resolve("step-000001234"), saved.directory());
        assertEquals(List.of("generator.params", "state.json"), saved.parts());
        Checkpoint latest = store.latest().orElseThrow();
        assertEquals(1234, latest.step());
        assertArrayEquals(generator, readPart(latest, "generator.params"));
        String manifest =
                Files.readString(
                        saved.directory().resolve("manifest.json"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"size\": 100000"), manifest);
        assertTrue(manifest.contains(sha256(generator)), manifest);
    }

    @Test
    void aWriterThatThrowsLeavesNoPartialCheckpointAndTheLatestIntact() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);
        byte[] first = bytes(5_000, 2);
        store.save(10, parts("generator.params", first));

        Map<String, PartWriter> failing = new LinkedHashMap<>();
        failing.put("discriminator.params", out -> out.write(bytes(5_000, 3)));
        failing.put(
                "generator.params",
                out -> {
                    out.write(bytes(3_000, 4));
                    throw new IOException("disk full");
                });
        CheckpointException error =
                assertThrows(CheckpointException.class, () -> store.save(20, failing));

        assertTrue(error.getMessage().contains("step-000000020"), error.getMessage());
        assertTrue(error.getMessage().contains("'generator.params'"), error.getMessage());
        assertEquals(List.of("latest", "step-000000010"), entries(runDirectory));
        Checkpoint latest =
                CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE).latest().orElseThrow();
        assertEquals(10, latest.step());
        assertArrayEquals(first, readPart(latest, "generator.params"));
    }

    @Test
    void aRuntimeFailureInAWriterAlsoLeavesNothingBehind() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);
        store.save(10, parts("generator.params", bytes(10, 5)));
        Map<String, PartWriter> failing =
                Map.of(
                        "generator.params",
                        out -> {
                            out.write(1);
                            throw new IllegalStateException("NaN in weights");
                        });

        assertThrows(IllegalStateException.class, () -> store.save(20, failing));

        assertEquals(List.of("latest", "step-000000010"), entries(runDirectory));
    }

    @Test
    void leftoversOfACrashedSaveAreIgnoredAndRemovedByTheNextSave() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);
        store.save(10, parts("generator.params", bytes(10, 6)));
        Path leftover = runDirectory.resolve(".tmp-step-000000020-crashed");
        Files.createDirectories(leftover);
        Files.write(leftover.resolve("generator.params"), bytes(7, 7));

        assertEquals(10, store.latest().orElseThrow().step());
        assertEquals(1, store.list().size());
        store.save(30, parts("generator.params", bytes(10, 8)));
        assertFalse(Files.exists(leftover));
    }

    @Test
    void keepsTheLastCheckpointsAndTheBest() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 2, MetricGoal.MAXIMIZE);
        double[] metrics = {0.2, 0.9, 0.4, 0.5, 0.3};
        for (int i = 0; i < metrics.length; i++) {
            store.save(100L * (i + 1), metrics[i], parts("generator.params", bytes(10, i)));
        }

        assertEquals(List.of(200L, 400L, 500L), steps(store.list()));
        assertEquals(200, store.best().orElseThrow().step());
        assertEquals(500, store.latest().orElseThrow().step());
    }

    @Test
    void tracksTheBestWhenHigherIsBetter() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 5, MetricGoal.MAXIMIZE);
        store.save(1, 0.50, parts("generator.params", bytes(10, 1)));
        store.save(2, 0.70, parts("generator.params", bytes(10, 2)));
        store.save(3, 0.60, parts("generator.params", bytes(10, 3)));
        store.save(4, parts("generator.params", bytes(10, 4)));
        store.save(5, 0.70, parts("generator.params", bytes(10, 5)));

        assertEquals(2, store.best().orElseThrow().step());
        assertEquals(0.70, store.best().orElseThrow().metric().getAsDouble());
        assertEquals(
                "step-000000002",
                Files.readString(runDirectory.resolve("best"), StandardCharsets.UTF_8).trim());
    }

    @Test
    void tracksTheBestWhenLowerIsBetter() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 5, MetricGoal.MINIMIZE);
        store.save(1, 3.0, parts("generator.params", bytes(10, 1)));
        store.save(2, 1.5, parts("generator.params", bytes(10, 2)));
        store.save(3, 2.0, parts("generator.params", bytes(10, 3)));

        assertEquals(2, store.best().orElseThrow().step());
    }

    @Test
    void hasNoBestUntilAMetricIsSaved() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 5, MetricGoal.MAXIMIZE);
        store.save(1, parts("generator.params", bytes(10, 1)));

        assertTrue(store.best().isEmpty());
        assertFalse(Files.exists(runDirectory.resolve("best")));
    }

    @Test
    void refusesACheckpointWithAMissingPartAndNamesIt() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);
        Checkpoint saved =
                store.save(
                        7,
                        parts(
                                "discriminator.optimizer", bytes(50, 1),
                                "generator.params", bytes(50, 2)));
        Files.delete(saved.directory().resolve("discriminator.optimizer"));

        Checkpoint latest = store.latest().orElseThrow();
        // Reading an intact part is refused too: a checkpoint loads whole or not at all.
        CheckpointException error =
                assertThrows(CheckpointException.class, () -> latest.read("generator.params"));

        assertTrue(error.getMessage().contains("step-000000007"), error.getMessage());
        assertTrue(
                error.getMessage().contains("'discriminator.optimizer' is missing"),
                error.getMessage());
    }

    @Test
    void refusesAPartWhoseBytesDifferFromTheManifest() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);
        byte[] content = bytes(1_000, 3);
        Checkpoint saved = store.save(8, parts("generator.params", content));
        content[500] ^= 1;
        Files.write(saved.directory().resolve("generator.params"), content);

        CheckpointException error =
                assertThrows(
                        CheckpointException.class,
                        () -> store.latest().orElseThrow().read("generator.params"));

        assertTrue(
                error.getMessage().contains("'generator.params' is corrupt"), error.getMessage());
    }

    @Test
    void refusesAPartOfTheWrongSize() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);
        Checkpoint saved = store.save(9, parts("state.json", bytes(100, 4)));
        Files.write(saved.directory().resolve("state.json"), bytes(60, 4));

        CheckpointException error =
                assertThrows(
                        CheckpointException.class,
                        () -> store.latest().orElseThrow().read("state.json"));

        assertTrue(
                error.getMessage()
                        .contains("'state.json' has 60 bytes where the manifest records 100"),
                error.getMessage());
    }

    @Test
    void refusesAPartTheCheckpointDoesNotHave() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);
        store.save(1, parts("generator.params", bytes(10, 1)));

        CheckpointException error =
                assertThrows(
                        CheckpointException.class,
                        () -> store.latest().orElseThrow().read("generator.optimizer"));

        assertTrue(
                error.getMessage().contains("no part 'generator.optimizer'"), error.getMessage());
    }

    @Test
    void theLatestPointerSurvivesReopeningTheStore() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);
        store.save(5, parts("generator.params", bytes(10, 1)));
        store.save(6, parts("generator.params", bytes(10, 2)));

        CheckpointStore reopened = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);

        assertEquals(6, reopened.latest().orElseThrow().step());
        assertEquals(
                "step-000000006",
                Files.readString(runDirectory.resolve("latest"), StandardCharsets.UTF_8).trim());
    }

    @Test
    void theLatestIsTheLastSavedEvenAfterARollback() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 1, MetricGoal.MAXIMIZE);
        store.save(300, parts("generator.params", bytes(10, 1)));
        store.save(250, parts("generator.params", bytes(10, 2)));

        assertEquals(250, store.latest().orElseThrow().step());
        assertEquals(List.of(250L), steps(store.list()));
    }

    @Test
    void withoutAPointerTheLatestIsTheHighestStep() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);
        store.save(5, parts("generator.params", bytes(10, 1)));
        store.save(6, parts("generator.params", bytes(10, 2)));
        Files.delete(runDirectory.resolve("latest"));

        assertEquals(6, store.latest().orElseThrow().step());
    }

    @Test
    void savingAStepAgainReplacesItsCheckpoint() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);
        store.save(5, parts("generator.params", bytes(10, 1)));
        byte[] replacement = bytes(20, 2);
        store.save(5, parts("generator.params", replacement));

        assertArrayEquals(replacement, readPart(store.latest().orElseThrow(), "generator.params"));
        assertEquals(List.of("latest", "step-000000005"), entries(runDirectory));
    }

    @Test
    void rejectsPartNamesThatAreNotPlainFileNames() throws Exception {
        CheckpointStore store = CheckpointStore.open(runDirectory, 3, MetricGoal.MAXIMIZE);

        for (String name : List.of("../escape", ".hidden", "manifest.json", "a/b", "")) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> store.save(1, parts(name, bytes(1, 1))),
                    name);
        }
        assertEquals(List.of(), entries(runDirectory));
    }

    private static Map<String, PartWriter> parts(Object... namesAndBytes) {
        Map<String, PartWriter> parts = new LinkedHashMap<>();
        for (int i = 0; i < namesAndBytes.length; i += 2) {
            byte[] content = (byte[]) namesAndBytes[i + 1];
            parts.put((String) namesAndBytes[i], out -> out.write(content));
        }
        return parts;
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed * 17);
        }
        return bytes;
    }

    private static byte[] readPart(Checkpoint checkpoint, String part) throws IOException {
        try (InputStream in = checkpoint.read(part)) {
            return in.readAllBytes();
        }
    }

    private static List<Long> steps(List<Checkpoint> checkpoints) {
        return checkpoints.stream().map(Checkpoint::step).toList();
    }

    private static List<String> entries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
