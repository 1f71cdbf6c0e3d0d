package dev.annogan.datasets.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annogan.core.io.AtomicFile;
import dev.annogan.datasets.SharedData;
import dev.annogan.datasets.coco.mask.RunLengthMask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Written datasets and results read back unchanged, and a failed write leaves nothing. */
class CocoWriterTest {

    @TempDir Path dir;

    @Test
    void datasetRoundTripsThroughTheWriter() throws IOException {
        CocoIndex original =
                CocoIndex.read(SharedData.cocoTiny().resolve("annotations/instances_val2017.json"));
        Path copy = dir.resolve("copy.json");
        CocoWriter.writeDataset(copy, original);
        CocoIndex reread = CocoIndex.read(copy);
        assertEquals(original.images(), reread.images());
        assertEquals(original.categories(), reread.categories());
        assertEquals(original.annotations().size(), reread.annotations().size());
        for (int i = 0; i < original.annotations().size(); i++) {
            CocoAnnotation a = original.annotations().get(i);
            CocoAnnotation b = reread.annotations().get(i);
            assertEquals(a.id(), b.id());
            assertEquals(a.imageId(), b.imageId());
            assertEquals(a.categoryId(), b.categoryId());
            assertArrayEquals(a.bbox(), b.bbox());
            assertEquals(a.area(), b.area());
            assertEquals(a.iscrowd(), b.iscrowd());
            assertSameSegmentation(a.segmentation(), b.segmentation());
        }
    }

    private static void assertSameSegmentation(Segmentation a, Segmentation b) {
        if (a instanceof Segmentation.Polygons p) {
            List<double[]> q = ((Segmentation.Polygons) b).rings();
            assertEquals(p.rings().size(), q.size());
            for (int r = 0; r < q.size(); r++) {
                assertArrayEquals(p.rings().get(r), q.get(r));
            }
        } else if (a instanceof Segmentation.Rle rle) {
            Segmentation.Rle other = (Segmentation.Rle) b;
            assertEquals(rle.height(), other.height());
            assertEquals(rle.width(), other.width());
            assertArrayEquals(rle.counts(), other.counts());
        } else {
            assertEquals(a, b);
        }
    }

    @Test
    void resultsRoundTrip() throws IOException {
        CocoIndex gt =
                CocoIndex.of(
                        List.of(new CocoImage(1, "a.jpg", 4, 3, null, null)),
                        List.of(new CocoCategory(7, "cat", null)),
                        List.of());
        List<CocoPrediction> detections =
                List.of(
                        new CocoPrediction(1, 7, new double[] {0.5, 1, 2, 1.25}, null, 0.9),
                        new CocoPrediction(
                                1, 7, null, new Segmentation.CompressedRle(3, 4, "57"), 0.25));
        Path file = dir.resolve("results.json");
        CocoResults.write(file, detections);
        List<CocoPrediction> read = CocoResults.read(file, gt);
        assertEquals(2, read.size());
        assertArrayEquals(detections.get(0).bbox(), read.get(0).bbox());
        assertEquals(0.9, read.get(0).score());
        assertEquals(detections.get(1).segmentation(), read.get(1).segmentation());
        assertEquals(0.25, read.get(1).score());
    }

    @Test
    void maskPredictionsAreWrittenAsCompressedRleWithTheirBox() throws IOException {
        CocoIndex gt =
                CocoIndex.of(
                        List.of(new CocoImage(1, "a.jpg", 4, 3, null, null)),
                        List.of(new CocoCategory(7, "cat", null)),
                        List.of());
        // Column-major 3x4 mask: pixels (x=1, y=0..2) and (x=2, y=0) are on.
        RunLengthMask mask = RunLengthMask.fromCounts(3, 4, new int[] {3, 4, 5});
        Path file = dir.resolve("results.json");
        CocoResults.write(file, List.of(CocoPrediction.ofMask(1, 7, mask, 0.5)));
        CocoPrediction read = CocoResults.read(file, gt).get(0);
        assertArrayEquals(new double[] {1, 0, 2, 3}, read.bbox());
        assertEquals(mask, read.segmentation().toMask(3, 4));
        assertTrue(read.segmentation() instanceof Segmentation.CompressedRle);
    }

    @Test
    void resultsForUnknownImagesAreRejected() throws IOException {
        CocoIndex gt =
                CocoIndex.of(
                        List.of(new CocoImage(1, "a.jpg", 4, 3, null, null)),
                        List.of(new CocoCategory(7, "cat", null)),
                        List.of());
        Path file = dir.resolve("results.json");
        Files.writeString(
                file,
                "[{\"image_id\": 1, \"category_id\": 7, \"bbox\": [0,0,1,1], \"score\": 0.5},"
                        + " {\"image_id\": 2, \"category_id\": 7, \"bbox\": [0,0,1,1], \"score\":"
                        + " 0.5}]");
        CocoFormatException e =
                assertThrows(CocoFormatException.class, () -> CocoResults.read(file, gt));
        assertEquals(
                "results.json: result #1: image_id: image 2 is not in the ground truth",
                e.getMessage());
    }

    @Test
    void resultMasksWhoseCountsDoNotCoverTheImageAreRejected() throws IOException {
        CocoIndex gt =
                CocoIndex.of(
                        List.of(new CocoImage(1, "a.jpg", 4, 3, null, null)),
                        List.of(new CocoCategory(7, "cat", null)),
                        List.of());
        Path file = dir.resolve("results.json");
        Files.writeString(
                file,
                "[{\"image_id\": 1, \"category_id\": 7, \"score\": 0.5, \"segmentation\":"
                        + " {\"size\": [3, 4], \"counts\": \"5:Q\"}}]");
        CocoFormatException e =
                assertThrows(CocoFormatException.class, () -> CocoResults.read(file, gt));
        assertTrue(
                e.getMessage().startsWith("results.json: result #0: segmentation.counts: "),
                e.getMessage());
    }

    @Test
    void failedWriteLeavesThePreviousFileAndNoTemporaries() throws IOException {
        Path file = dir.resolve("data.json");
        Files.writeString(file, "previous");
        assertThrows(
                UncheckedIOException.class,
                () ->
                        AtomicFile.writeText(
                                file,
                                out -> {
                                    out.write("partial");
                                    throw new UncheckedIOException(new IOException("disk full"));
                                }));
        assertEquals("previous", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        assertTrue(Files.exists(file));
    }
}
