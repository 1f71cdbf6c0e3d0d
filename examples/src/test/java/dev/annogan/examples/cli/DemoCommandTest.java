package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void shapesRejectsAnAbsurdSize() {
        CliRun run = CliRun.of("shapes", "--out", dir.toString(), "--size", "2");
        assertEquals(2, run.code());
        assertTrue(
                run.err().startsWith("annogan shapes: --size must be between 16 and 4096, got 2"),
                run.err());
    }
}
