package dev.annogan.datasets.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annogan.datasets.coco.mask.RunLengthMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamed results and datasets read back as written, and appear only when committed. */
class CocoStreamWritersTest {

    private static final List<CocoCategory> CATEGORIES =
            List.of(new CocoCategory(1, "circle", null), new CocoCategory(4, "star", "shape"));

    @TempDir Path dir;

    @Test
    void resultsHoldExactlyPycocotoolsFieldsForTagsAndMasks() throws IOException {
        Path file = dir.resolve("results.json");
        byte[] pixels = {0, 1, 1, 0, 1, 0}; // rows 0 1 1 / 0 1 0: box x 1..2, y 0..1
        RunLengthMask mask = RunLengthMask.fromBinary(pixels, 2, 3, true);
        try (CocoResultsWriter results = CocoResultsWriter.open(file)) {
            results.add(CocoPrediction.ofTag(7, 4, 0.25));
            results.add(CocoPrediction.ofMask(7, 1, mask, 0.5));
            results.commit();
            assertEquals(2, results.count());
        }
        assertEquals(
                "[{\"id\":1,\"image_id\":7,\"category_id\":4,\"score\":0.25},"
                        + "{\"image_id\":7,\"category_id\":1,\"bbox\":[1,0,2,2],"
                        + "\"segmentation\":{\"size\":[2,3],\"counts\":\""
                        + mask.toCompressedString()
                        + "\"},\"score\":0.5}]",
                Files.readString(file));
        CocoIndex gt =
                CocoIndex.of(
                        List.of(new CocoImage(7, "a.png", 3, 2, null, null)),
                        CATEGORIES,
                        List.of());
        List<CocoPrediction> read = CocoResults.read(file, gt);
        assertTrue(read.get(0).isTag());
        assertEquals(mask, read.get(1).segmentation().toMask(2, 3));
    }

    @Test
    void resultsThatAreNotCommittedLeaveNoFile() throws IOException {
        Path file = dir.resolve("results.json");
        try (CocoResultsWriter results = CocoResultsWriter.open(file)) {
            results.add(CocoPrediction.ofTag(1, 1, 0.9));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void aStreamedDatasetReadsBackWithItsImagesAnnotationsAndCategories() throws IOException {
        Path file = dir.resolve("annotations.json");
        CocoImage first = new CocoImage(1, "a.png", 3, 2, null, null);
        CocoImage second = new CocoImage(2, "sub/b.png", 4, 4, null, null);
        CocoAnnotation box =
                new CocoAnnotation(1, 2, 4, new double[] {0, 0, 4, 4}, 16, false, null);
        try (CocoDatasetWriter dataset = CocoDatasetWriter.open(file, CATEGORIES)) {
            dataset.addImage(first);
            dataset.addImage(second);
            dataset.addAnnotation(box, 0.75);
            dataset.commit();
        }
        CocoIndex index = CocoIndex.read(file);
        assertEquals(List.of(first, second), index.images());
        assertEquals(CATEGORIES, index.categories());
        assertEquals(1, index.annotations().size());
        assertArrayEquals(box.bbox(), index.annotations().get(0).bbox());
        assertTrue(Files.readString(file).contains("\"score\":0.75"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "the parts are gone");
        }
    }

    @Test
    void anEmptyDatasetIsStillAValidFile() throws IOException {
        Path file = dir.resolve("annotations.json");
        try (CocoDatasetWriter dataset = CocoDatasetWriter.open(file, CATEGORIES)) {
            dataset.commit();
        }
        assertEquals(0, CocoIndex.read(file).images().size());
        assertFalse(Files.readString(file).contains(",,"));
    }
}
