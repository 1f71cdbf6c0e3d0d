package dev.annogan.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic files and folders: the new content whole, or the old one untouched and no leftovers. */
class AtomicWritesTest {

    @TempDir Path dir;

    private List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void textReplacesTheOldFileAndLeavesNothingElse() throws IOException {
        Path file = dir.resolve("sub/run.json");
        AtomicFile.writeString(file, "old");
        AtomicFile.writeText(file, out -> out.write("néw\n"));
        assertEquals("néw\n", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(List.of("run.json"), names(file.getParent()));
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndRemovesItsTemporary() throws IOException {
        Path file = dir.resolve("metrics.json");
        AtomicFile.writeString(file, "kept");
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                AtomicFile.writeText(
                                        file,
                                        out -> {
                                            out.write("half of it");
                                            throw new IOException("disk full");
                                        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("kept", Files.readString(file));
        assertEquals(List.of("metrics.json"), names(dir));
    }

    @Test
    void imagesAndBytesRoundTrip() throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(2, 1, 0x123456);
        Path png = dir.resolve("loss.png");
        AtomicFile.writeImage(png, image, "png");
        assertEquals(0x123456, ImageIO.read(png.toFile()).getRGB(2, 1) & 0xffffff);
        assertThrows(IOException.class, () -> AtomicFile.writeImage(png, image, "no-such"));
        assertEquals(0x123456, ImageIO.read(png.toFile()).getRGB(2, 1) & 0xffffff);
        Path bin = dir.resolve("w.params");
        AtomicFile.write(bin, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(bin));
        assertEquals(List.of("loss.png", "w.params"), names(dir));
    }

    @Test
    void aFolderIsReplacedWholeOrNotAtAll() throws IOException {
        Path model = dir.resolve("model");
        AtomicDirectory.write(model, tmp -> Files.writeString(tmp.resolve("a.txt"), "1"));
        AtomicDirectory.write(model, tmp -> Files.writeString(tmp.resolve("b.txt"), "2"));
        assertEquals(List.of("b.txt"), names(model));
        assertThrows(
                IOException.class,
                () ->
                        AtomicDirectory.write(
                                model,
                                tmp -> {
                                    Files.writeString(tmp.resolve("c.txt"), "3");
                                    throw new IOException("export failed");
                                }));
        assertEquals(List.of("b.txt"), names(model));
        assertEquals(List.of("model"), names(dir));
        assertFalse(Files.exists(model.resolve("c.txt")));
        assertTrue(Files.isDirectory(model));
    }
}
