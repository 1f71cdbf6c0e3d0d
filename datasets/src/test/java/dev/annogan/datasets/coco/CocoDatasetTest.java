package dev.annogan.datasets.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import dev.annogan.datasets.SharedData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset yields normalised images with the chosen target, and flags unlabelled records. */
class CocoDatasetTest {

    @TempDir Path dir;

    /**
     * Writes a 16x8 image: white left half, black right half, and an index with a "left" box
     * annotation covering the white half on image 1; image 2 has no annotation.
     */
    private CocoIndex twoImages() throws IOException {
        BufferedImage picture = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        ImageIO.write(picture, "png", dir.resolve("one.png").toFile());
        ImageIO.write(picture, "png", dir.resolve("two.png").toFile());
        CocoImage one = new CocoImage(1, "one.png", 16, 8, null, null);
        CocoImage two = new CocoImage(2, "two.png", 16, 8, null, null);
        CocoAnnotation left =
                new CocoAnnotation(
                        10,
                        1,
                        5,
                        new double[] {0, 0, 8, 8},
                        64,
                        false,
                        new Segmentation.Polygons(List.of(new double[] {0, 0, 8, 0, 8, 8, 0, 8})));
        return CocoIndex.of(
                List.of(one, two),
                List.of(new CocoCategory(5, "left", null), new CocoCategory(6, "other", null)),
                List.of(left));
    }

    private CocoDataset.Builder builder(CocoIndex index) {
        return CocoDataset.builder()
                .setIndex(index)
                .setImageFolder(dir)
                .optImageSize(8, 4)
                .setSampling(2, false);
    }

    @Test
    void multiHotRecordHasNormalisedImageAndLabels() throws IOException {
        CocoDataset dataset = builder(twoImages()).build();
        dataset.prepare(null);
        assertEquals(2, dataset.size());
        try (NDManager manager = NDManager.newBaseManager()) {
            Record record = dataset.get(manager, 0);
            NDArray image = record.getData().singletonOrThrow();
            assertEquals(new Shape(3, 4, 8), image.getShape());
            // White maps to 1, black to -1 with the default symmetric normalisation.
            assertEquals(1f, image.getFloat(0, 0, 0), 1e-6);
            assertEquals(-1f, image.getFloat(2, 3, 7), 1e-6);
            assertArrayEquals(new float[] {1, 0}, record.getLabels().get(0).toFloatArray());
            assertEquals(1f, record.getLabels().get(1).getFloat());
            assertArrayEquals(
                    new float[] {0, 0}, dataset.get(manager, 1).getLabels().get(0).toFloatArray());
        }
    }

    @Test
    void semanticMaskIsResizedWithTheImage() throws IOException {
        CocoDataset dataset =
                builder(twoImages()).optTarget(CocoDataset.Target.SEMANTIC_MASK).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray mask = dataset.get(manager, 0).getLabels().get(0);
            assertEquals(new Shape(4, 8), mask.getShape());
            assertEquals(DataType.INT32, mask.getDataType());
            int[] row = new int[] {1, 1, 1, 1, 0, 0, 0, 0};
            int[] values = mask.toIntArray();
            for (int y = 0; y < 4; y++) {
                assertArrayEquals(row, java.util.Arrays.copyOfRange(values, y * 8, y * 8 + 8));
            }
        }
    }

    @Test
    void boxesAreScaledToTheOutputSize() throws IOException {
        CocoDataset dataset =
                builder(twoImages()).optTarget(CocoDataset.Target.BOXES).optMaxBoxes(2).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            Record record = dataset.get(manager, 0);
            assertArrayEquals(
                    new float[] {0, 0, 0, 4, 4, -1, -1, -1, -1, -1},
                    record.getLabels().get(0).toFloatArray());
            assertEquals(1, record.getLabels().get(1).getInt());
        }
    }

    @Test
    void unlabelledRecordsCarryTheFlagAndNoLabels() throws IOException {
        CocoDataset dataset =
                builder(twoImages())
                        .optKeepUnannotated(true)
                        .optLabelsPerClass(1, 7)
                        .optTarget(CocoDataset.Target.SEMANTIC_MASK)
                        .build();
        assertEquals(List.of(0L), dataset.labelledIndices());
        assertEquals(List.of(1L), dataset.unlabelledIndices());
        try (NDManager manager = NDManager.newBaseManager()) {
            Record unlabelled = dataset.get(manager, 1);
            assertEquals(0f, unlabelled.getLabels().get(1).getFloat());
            for (int v : unlabelled.getLabels().get(0).toIntArray()) {
                assertEquals(CocoTargets.IGNORE, v);
            }
        }
    }

    @Test
    void cachedImagesAreTheSameAndSurviveTheFileGoingAway() throws IOException {
        CocoDataset dataset = builder(twoImages()).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] first = dataset.get(manager, 0).getData().head().toFloatArray();
            Files.delete(dir.resolve("one.png"));
            assertArrayEquals(first, dataset.get(manager, 0).getData().head().toFloatArray());
        }
        CocoDataset uncached = builder(twoImages()).optImageCacheBytes(0).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            uncached.get(manager, 0);
            Files.delete(dir.resolve("one.png"));
            assertThrows(CocoFormatException.class, () -> uncached.get(manager, 0));
        }
    }

    @Test
    void unannotatedImagesCanBeDropped() throws IOException {
        CocoDataset dataset = builder(twoImages()).optKeepUnannotated(false).build();
        assertEquals(1, dataset.size());
        assertEquals(1, dataset.image(0).id());
    }

    @Test
    void categorySubsetReindexesClasses() throws IOException {
        CocoDataset dataset = builder(twoImages()).optCategories(List.of("other")).build();
        assertEquals(List.of("other"), dataset.classes().names());
        try (NDManager manager = NDManager.newBaseManager()) {
            assertArrayEquals(
                    new float[] {0}, dataset.get(manager, 0).getLabels().get(0).toFloatArray());
        }
    }

    @Test
    void missingImageFileNamesTheRecordAndField() throws IOException {
        CocoIndex index = twoImages();
        Files.delete(dir.resolve("two.png"));
        CocoDataset strict = builder(index).build();
        CocoFormatException e = assertThrows(CocoFormatException.class, () -> strict.prepare(null));
        assertTrue(
                e.getMessage().startsWith("<input>: image 2: file_name: image file "),
                e.getMessage());
        CocoDataset lenient = builder(index).optSkipInvalid(true).build();
        lenient.prepare(null);
        assertEquals(1, lenient.size());
        assertEquals(1, lenient.skipped().size());
    }

    @Test
    void corruptImageFileNamesTheRecord() throws IOException {
        CocoIndex index = twoImages();
        Files.write(dir.resolve("two.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        CocoDataset dataset = builder(index).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            CocoFormatException e =
                    assertThrows(CocoFormatException.class, () -> dataset.get(manager, 1));
            assertTrue(e.getMessage().contains("image 2: file_name: "), e.getMessage());
            assertTrue(e.getMessage().contains("two.png"), e.getMessage());
        }
    }

    @Test
    void batchesOfRealCocoImagesWithParallelLoading() throws Exception {
        Path tiny = SharedData.cocoTiny();
        CocoDataset dataset =
                CocoDataset.builder()
                        .setAnnotations(tiny.resolve("annotations/instances_val2017.json"))
                        .setImageFolder(tiny.resolve("val2017"))
                        .optTarget(CocoDataset.Target.SEMANTIC_MASK)
                        .optImageSize(64, 64)
                        .optLabelledFraction(0.25, 3)
                        .setSampling(16, false)
                        .optPrefetchNumber(2)
                        .build();
        dataset.prepare(null);
        assertEquals(80, dataset.size());
        assertEquals(20, dataset.labelledIndices().size());
        ExecutorService executor = Executors.newFixedThreadPool(2);
        int seen = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Batch batch : dataset.getData(manager, executor)) {
                assertEquals(new Shape(16, 3, 64, 64), batch.getData().head().getShape());
                assertEquals(new Shape(16, 64, 64), batch.getLabels().get(0).getShape());
                seen += (int) batch.getSize();
                batch.close();
            }
        } finally {
            executor.shutdownNow();
        }
        assertEquals(80, seen);
    }
}
