package dev.annogan.datasets.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Record;
import dev.annogan.datasets.RecordLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of images as unlabelled records. */
class ImageFilesDatasetTest {

    @TempDir Path dir;

    private static void writeImage(Path file, int rgb) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private ImageFilesDataset dataset(Path folder) throws IOException {
        return ImageFilesDataset.builder()
                .setFolder(folder)
                .setImageLoader(ImageLoader.builder().setSize(2, 2).build())
                .setSampling(2, false)
                .build();
    }

    @Test
    void everyImageOfTheFolderAndItsSubfoldersIsAnUnlabelledRecordInNameOrder() throws Exception {
        writeImage(dir.resolve("b.png"), 0xFF0000);
        writeImage(dir.resolve("a/z.png"), 0x0000FF);
        writeImage(dir.resolve(".hidden.png"), 0x00FF00);
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        ImageFilesDataset images = dataset(dir);
        images.prepare(null);
        assertEquals(List.of(dir.resolve("a/z.png"), dir.resolve("b.png")), images.files());
        assertEquals(2, images.size());
        try (NDManager manager = NDManager.newBaseManager()) {
            Record blue = images.get(manager, 0);
            assertEquals(new Shape(3, 2, 2), blue.getData().head().getShape());
            // Symmetric normalisation: 0 -> -1, 255 -> 1.
            assertArrayEquals(
                    new float[] {-1, -1, -1, -1, -1, -1, -1, -1, 1, 1, 1, 1},
                    blue.getData().head().toFloatArray(),
                    1e-6f);
            assertEquals(
                    RecordLayout.UNLABELLED_CLASS, blue.getLabels().head().getFloat(), "no class");
            assertEquals(0f, blue.getLabels().get(1).getFloat(), "labelled flag 0");
            // Served again from memory, the same values.
            assertArrayEquals(
                    blue.getData().head().toFloatArray(),
                    images.get(manager, 0).getData().head().toFloatArray());
        }
    }

    @Test
    void aFolderWithoutImagesOrWithAnUnreadableOneIsRefusedByName() throws IOException {
        NoSuchFileException missing =
                assertThrows(NoSuchFileException.class, () -> dataset(dir.resolve("nowhere")));
        assertEquals(dir.resolve("nowhere").toString(), missing.getFile());
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        NoSuchFileException empty = assertThrows(NoSuchFileException.class, () -> dataset(dir));
        assertTrue(empty.getReason().startsWith("holds no image"), empty.getReason());

        writeImage(dir.resolve("good.png"), 0xFFFFFF);
        Files.writeString(dir.resolve("broken.jpg"), "not a JPEG");
        ImageFilesDataset images = dataset(dir);
        IOException e = assertThrows(IOException.class, () -> images.prepare(null));
        assertTrue(e.getMessage().contains(dir.resolve("broken.jpg").toString()), e.getMessage());
    }
}
