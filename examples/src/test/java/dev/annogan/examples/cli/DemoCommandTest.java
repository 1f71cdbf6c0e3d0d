package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick-start job and the shapes command, end to end on a small dataset. */
class DemoCommandTest {

    @TempDir Path dir;

    @Test
    void demoGeneratesChecksStreamsAndDrawsThePreview() throws IOException {
        CliRun run = CliRun.of("demo", "--out", dir.toString(), "--images", "40", "--size", "64");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("40 images"), run.out());
        assertTrue(run.out().contains("6 categories: no problems"), run.out());
        // 1/8 of 40 records keep their labels.
        assertTrue(run.out().contains("40 records (5 labelled, 35 unlabelled)"), run.out());
        BufferedImage preview = ImageIO.read(dir.resolve("preview.png").toFile());
        assertEquals(1024, preview.getWidth());
        assertEquals(1024, preview.getHeight());
    }

    private CliRun shapes(String folder) {
        return CliRun.of(
                "shapes",
                "--out",
                dir.resolve(folder).toString(),
                "--images",
                "5",
                "--size",
                "32",
                "--seed",
                "3");
    }

    @Test
    void shapesIsDeterministicForASeed() throws IOException {
        assertEquals(0, shapes("a").code());
        assertEquals(0, shapes("b").code());
        assertEquals(
                Files.readString(dir.resolve("a/annotations.json")),
                Files.readString(dir.resolve("b/annotations.json")));
    }

    @Test
    void shapesTakesTheSceneStyleAndNamesABadValue() throws IOException {
        CliRun run =
                CliRun.of(
                        "shapes",
                        "--out",
                        dir.resolve("one").toString(),
                        "--images",
                        "6",
                        "--size",
                        "32",
                        "--shapes-per-image",
                        "1",
                        "1",
                        "--crowd-fraction",
                        "0");
        assertEquals(0, run.code(), run.err());
        // One shape per image, no crowd: one annotation each.
        assertTrue(
                run.out().contains("generated 6 images (32x32, seed 42) with 6 annotations"),
                run.out());

        String[][] bad = {
            {"--shapes-per-image", "3", "1", "shapes per image must satisfy 1 <= min <= max"},
            {"--shape-size", "0.1", "x", "--shape-size: 'x' is not a number"},
            {"--shape-size", "0.2", "0.9", "shape size must satisfy 0 < min <= max <= 0.5"},
            {"--crowd-fraction", "2", "--crowd-fraction"}
        };
        for (String[] c : bad) {
            List<String> argv =
                    new ArrayList<>(List.of("shapes", "--out", dir.resolve("bad").toString()));
            argv.addAll(List.of(c).subList(0, c.length - 1));
            CliRun failed = CliRun.of(argv.toArray(new String[0]));
            assertEquals(2, failed.code(), String.join(" ", argv));
            assertTrue(failed.err().contains(c[c.length - 1]), failed.err());
        }
    }

    @Test
    void shapesRejectsAnAbsurdSize() {
        CliRun run = CliRun.of("shapes", "--out", dir.toString(), "--size", "2");
        assertEquals(2, run.code());
        assertTrue(
                run.err().startsWith("annogan shapes: --size must be between 16 and 4096, got 2"),
                run.err());
    }
}
