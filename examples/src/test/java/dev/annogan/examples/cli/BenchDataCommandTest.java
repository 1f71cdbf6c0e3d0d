package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.annogan.datasets.shapes.ShapesDatasetGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench data} measures the loader and the tagger's wait for data on a small set. */
class BenchDataCommandTest {

    @TempDir Path dir;

    @Test
    void reportsImagesPerSecondAndTheDataWaitOfEachSize() throws IOException {
        Path shapes = dir.resolve("shapes");
        ShapesDatasetGenerator.builder()
                .setOutputFolder(shapes)
                .setImageCount(60)
                .optImageSize(32, 32)
                .optSeed(3)
                .build()
                .generate();
        CliRun run =
                CliRun.of(
                        "bench",
                        "data",
                        "--data",
                        "shapes",
                        shapes.toString(),
                        "--size",
                        "16",
                        "32",
                        "--batch",
                        "4",
                        "--batches",
                        "7",
                        "--json");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().strip().lines().toList();
        assertEquals(2, lines.size(), run.out());
        int[] sizes = {16, 32};
        for (int i = 0; i < 2; i++) {
            JsonObject json = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertEquals(sizes[i], json.get("size").getAsInt());
            assertEquals(7, json.get("steps").getAsInt(), lines.get(i));
            for (String rate :
                    new String[] {
                        "images_per_s_decoding",
                        "images_per_s_cached",
                        "images_per_s_with_masks",
                        "training_images_per_s",
                        "image_ms",
                        "step_ms"
                    }) {
                assertTrue(json.get(rate).getAsDouble() > 0, rate + ": " + lines.get(i));
            }
            for (String fraction :
                    new String[] {"data_wait_fraction", "data_wait_fraction_steady"}) {
                double f = json.get(fraction).getAsDouble();
                assertTrue(f >= 0 && f <= 1, fraction + ": " + lines.get(i));
            }
        }
    }

    @Test
    void theTextReportNamesTheWait() throws IOException {
        Path shapes = dir.resolve("shapes");
        ShapesDatasetGenerator.builder()
                .setOutputFolder(shapes)
                .setImageCount(40)
                .optImageSize(32, 32)
                .optSeed(4)
                .build()
                .generate();
        CliRun run =
                CliRun.of(
                        "bench",
                        "data",
                        "--data",
                        "shapes:" + shapes,
                        "--size",
                        "16",
                        "--batch",
                        "4",
                        "--batches",
                        "6",
                        "--loaders",
                        "0");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().matches("(?s).*data wait \\d+\\.\\d% of step time.*"), run.out());
    }

    @Test
    void aMissingDataFolderIsOneLineAndExitCode2() {
        Path missing = dir.resolve("nowhere");
        CliRun run = CliRun.of("bench", "data", "--data", "coco", missing.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("no such folder: " + missing), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void aCocoFolderWithoutASplitIsNamed() {
        CliRun run = CliRun.of("bench", "data", "--data", "coco", dir.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("holds no COCO split"), run.err());
    }
}
