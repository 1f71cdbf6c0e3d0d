package dev.annogan.datasets.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader accepts valid COCO files and names the file, record and field of invalid ones. */
class CocoIndexReaderTest {

    @TempDir Path dir;

    private static final String CATEGORIES =
            "\"categories\": [{\"id\": 1, \"name\": \"cat\", \"supercategory\": \"animal\"},"
                    + " {\"id\": 5, \"name\": \"dog\"}]";

    private static final String IMAGE =
            "{\"id\": 7, \"file_name\": \"a.jpg\", \"width\": 40, \"height\": 30}";

    private Path write(String json) throws IOException {
        Path file = dir.resolve("instances.json");
        Files.writeString(file, json);
        return file;
    }

    private Path file(String images, String annotations) throws IOException {
        return write(
                "{\"images\": ["
                        + images
                        + "], \"annotations\": ["
                        + annotations
                        + "], "
                        + CATEGORIES
                        + "}");
    }

    private static String annotation(long id, String fields) {
        return "{\"id\": " + id + ", \"image_id\": 7, \"category_id\": 1, " + fields + "}";
    }

    private String failure(Path file) {
        CocoFormatException e = assertThrows(CocoFormatException.class, () -> CocoIndex.read(file));
        return e.getMessage();
    }

    @Test
    void readsRecordsWithOptionalFieldsOmitted() throws IOException {
        Path file =
                file(
                        IMAGE,
                        annotation(
                                3,
                                "\"bbox\": [1, 2, 10, 5], \"segmentation\":"
                                        + " [[1, 2, 11, 2, 11, 7]]"));
        CocoIndex index = CocoIndex.read(file);
        assertEquals(1, index.images().size());
        CocoImage image = index.image(7);
        assertEquals("a.jpg", image.fileName());
        assertNull(image.cocoUrl());
        assertNull(image.license());
        CocoAnnotation a = index.annotationsOf(7).get(0);
        assertFalse(a.hasArea());
        assertFalse(a.iscrowd());
        assertArrayEquals(new double[] {1, 2, 10, 5}, a.bbox());
        Segmentation.Polygons polygons = (Segmentation.Polygons) a.segmentation();
        assertArrayEquals(new double[] {1, 2, 11, 2, 11, 7}, polygons.rings().get(0));
        assertEquals(List.of(image), index.imagesWith(1));
        assertTrue(index.imagesWith(5).isEmpty());
    }

    @Test
    void categoryMapIsContiguousInIdOrder() throws IOException {
        CategoryMap map = CocoIndex.read(file(IMAGE, "")).categoryMap();
        assertEquals(2, map.size());
        assertEquals(0, map.indexOf(1));
        assertEquals(1, map.indexOf(5));
        assertEquals(-1, map.indexOf(2));
        assertEquals(5, map.categoryId(1));
        assertEquals("dog", map.name(1));
        assertEquals(1, map.indexOfName("dog"));
    }

    @Test
    void readsAllThreeSegmentationKinds() throws IOException {
        // 30x40 image = 1200 pixels.
        Path file =
                file(
                        IMAGE,
                        annotation(
                                        1,
                                        "\"bbox\": [0, 0, 1, 1], \"iscrowd\": 1,"
                                                + " \"segmentation\": {\"size\": [30, 40],"
                                                + " \"counts\": [5, 10, 1185]}")
                                + ","
                                + annotation(
                                        2,
                                        "\"bbox\": [0, 0, 1, 1], \"segmentation\": {\"size\":"
                                                + " [30, 40], \"counts\": \"5:QU1\"}"));
        CocoIndex index = CocoIndex.read(file);
        Segmentation.Rle rle = (Segmentation.Rle) index.annotations().get(0).segmentation();
        assertArrayEquals(new int[] {5, 10, 1185}, rle.counts());
        assertTrue(index.annotations().get(0).iscrowd());
        Segmentation.CompressedRle compressed =
                (Segmentation.CompressedRle) index.annotations().get(1).segmentation();
        assertEquals("5:QU1", compressed.counts());
    }

    @Test
    void malformedJsonNamesFileAndPosition() throws IOException {
        String message = failure(write("{\"images\": [{\"id\": 1,,}]}"));
        assertTrue(message.startsWith("instances.json: malformed JSON"), message);
        assertTrue(message.contains("line 1"), message);
    }

    @Test
    void truncatedFileIsMalformed() throws IOException {
        String message = failure(write("{\"images\": [" + IMAGE));
        assertTrue(message.startsWith("instances.json: malformed JSON"), message);
    }

    @Test
    void missingRequiredFieldNamesRecordAndField() throws IOException {
        String message = failure(file("{\"id\": 7, \"width\": 40, \"height\": 30}", ""));
        assertEquals("instances.json: image 7: file_name: is missing", message);
    }

    @Test
    void missingIdNamesRecordPosition() throws IOException {
        String message =
                failure(
                        file(
                                IMAGE + ", {\"file_name\": \"b.jpg\", \"width\": 4, \"height\": 3}",
                                ""));
        assertEquals("instances.json: image #1: id: is missing", message);
    }

    @Test
    void wrongTypeNamesField() throws IOException {
        String message =
                failure(
                        file(
                                "{\"id\": 7, \"file_name\": \"a.jpg\", \"width\": \"40\","
                                        + " \"height\": 30}",
                                ""));
        assertEquals("instances.json: image 7: width: must be an integer, found a string", message);
    }

    @Test
    void unknownCategoryIdIsRejected() throws IOException {
        String message =
                failure(
                        file(
                                IMAGE,
                                "{\"id\": 3, \"image_id\": 7, \"category_id\": 2,"
                                        + " \"bbox\": [0, 0, 1, 1]}"));
        assertEquals("instances.json: annotation 3: category_id: unknown category id 2", message);
    }

    @Test
    void unknownImageIdIsRejected() throws IOException {
        String message =
                failure(
                        file(
                                IMAGE,
                                "{\"id\": 3, \"image_id\": 8, \"category_id\": 1,"
                                        + " \"bbox\": [0, 0, 1, 1]}"));
        assertEquals("instances.json: annotation 3: image_id: unknown image id 8", message);
    }

    @Test
    void duplicateIdsAreRejected() throws IOException {
        assertEquals(
                "instances.json: image 7: id: duplicate id",
                failure(file(IMAGE + "," + IMAGE, "")));
        String box = "\"bbox\": [0, 0, 1, 1]";
        assertEquals(
                "instances.json: annotation 3: id: duplicate id",
                failure(file(IMAGE, annotation(3, box) + "," + annotation(3, box))));
        assertEquals(
                "instances.json: category 1: id: duplicate id",
                failure(
                        write(
                                "{\"images\": [], \"categories\": [{\"id\": 1, \"name\": \"a\"},"
                                        + " {\"id\": 1, \"name\": \"b\"}]}")));
    }

    @Test
    void bboxOutsideImageIsRejected() throws IOException {
        String message = failure(file(IMAGE, annotation(3, "\"bbox\": [35, 2, 10, 5]")));
        assertEquals(
                "instances.json: annotation 3: bbox: [35, 2, 10, 5] lies outside image 7 (40x30)",
                message);
    }

    @Test
    void bboxWithinRoundingToleranceIsAccepted() throws IOException {
        CocoIndex index = CocoIndex.read(file(IMAGE, annotation(3, "\"bbox\": [30, 2, 10.4, 5]")));
        assertEquals(1, index.annotations().size());
    }

    @Test
    void negativeBboxSizeIsRejected() throws IOException {
        assertEquals(
                "instances.json: annotation 3: bbox: negative width -3.0",
                failure(file(IMAGE, annotation(3, "\"bbox\": [5, 2, -3, 5]"))));
        assertEquals(
                "instances.json: annotation 3: bbox: must be [x, y, width, height], found 3 numbers",
                failure(file(IMAGE, annotation(3, "\"bbox\": [5, 2, 3]"))));
    }

    @Test
    void polygonOutsideImageIsRejected() throws IOException {
        String message =
                failure(
                        file(
                                IMAGE,
                                annotation(
                                        3,
                                        "\"bbox\": [0, 0, 1, 1], \"segmentation\": [[1, 1, 2, 2,"
                                                + " 3, 1], [1, 1, 2, 52.5, 3, 1]]")));
        assertEquals(
                "instances.json: annotation 3: segmentation[1]: point (2, 52.5) lies outside image 7"
                        + " (40x30)",
                message);
    }

    @Test
    void oddPolygonIsRejected() throws IOException {
        String message =
                failure(
                        file(
                                IMAGE,
                                annotation(
                                        3,
                                        "\"bbox\": [0, 0, 1, 1], \"segmentation\": [[1, 1, 2, 2,"
                                                + " 3]]")));
        assertTrue(message.contains("annotation 3: segmentation[0]: a polygon needs"), message);
    }

    @Test
    void rleCountsMustCoverTheImage() throws IOException {
        String message =
                failure(
                        file(
                                IMAGE,
                                annotation(
                                        3,
                                        "\"bbox\": [0, 0, 1, 1], \"segmentation\": {\"size\":"
                                                + " [30, 40], \"counts\": [5, 10, 1000]}")));
        assertEquals(
                "instances.json: annotation 3: segmentation.counts: counts sum to 1015 but a 30x40 mask"
                        + " has 1200 pixels",
                message);
    }

    @Test
    void compressedRleCountsMustCoverTheImage() throws IOException {
        String message =
                failure(
                        file(
                                IMAGE,
                                annotation(
                                        3,
                                        "\"bbox\": [0, 0, 1, 1], \"segmentation\": {\"size\":"
                                                + " [30, 40], \"counts\": \"05\"}")));
        assertTrue(
                message.startsWith("instances.json: annotation 3: segmentation.counts: "), message);
    }

    @Test
    void rleSizeMustMatchImage() throws IOException {
        String message =
                failure(
                        file(
                                IMAGE,
                                annotation(
                                        3,
                                        "\"bbox\": [0, 0, 1, 1], \"segmentation\": {\"size\":"
                                                + " [40, 30], \"counts\": [1200]}")));
        assertEquals(
                "instances.json: annotation 3: segmentation.size: [40, 30] differs from image 7's"
                        + " size [30, 40]",
                message);
    }

    @Test
    void fileNameEscapingTheImageFolderIsRejected() throws IOException {
        String escape =
                failure(
                        file(
                                "{\"id\": 7, \"file_name\": \"../../etc/passwd\", \"width\": 40,"
                                        + " \"height\": 30}",
                                ""));
        assertEquals(
                "instances.json: image 7: file_name: '../../etc/passwd' escapes the image folder",
                escape);
        String absolute =
                failure(
                        file(
                                "{\"id\": 7, \"file_name\": \"/etc/passwd\", \"width\": 40,"
                                        + " \"height\": 30}",
                                ""));
        assertTrue(absolute.contains("image 7: file_name: '/etc/passwd' is an absolute path"));
        // A name that climbs but stays inside is fine.
        CocoIndex.read(
                file(
                        "{\"id\": 7, \"file_name\": \"sub/../a.jpg\", \"width\": 40, \"height\":"
                                + " 30}",
                        ""));
    }

    @Test
    void absurdDimensionsAreRejected() throws IOException {
        assertEquals(
                "instances.json: image 7: width: absurd image dimension 1000000 (limit 65535)",
                failure(
                        file(
                                "{\"id\": 7, \"file_name\": \"a.jpg\", \"width\": 1000000,"
                                        + " \"height\": 30}",
                                "")));
        assertEquals(
                "instances.json: image 7: height: must be positive, found 0",
                failure(
                        file(
                                "{\"id\": 7, \"file_name\": \"a.jpg\", \"width\": 4,"
                                        + " \"height\": 0}",
                                "")));
    }

    @Test
    void skipInvalidKeepsGoodRecordsAndListsEveryProblem() throws IOException {
        Path file =
                file(
                        IMAGE
                                + ", {\"id\": 8, \"file_name\": \"../b.jpg\", \"width\": 4,"
                                + " \"height\": 3}",
                        annotation(1, "\"bbox\": [0, 0, 1, 1]")
                                + ","
                                + annotation(2, "\"bbox\": [0, 0, -1, 1]")
                                + ","
                                + "{\"id\": 4, \"image_id\": 8, \"category_id\": 1, \"bbox\":"
                                + " [0, 0, 1, 1]}"
                                + ","
                                + annotation(5, "\"bbox\": \"oops\""));
        CocoIndex index = CocoIndex.reader().optSkipInvalid(true).read(file);
        assertEquals(1, index.images().size());
        assertEquals(List.of(1L), index.annotations().stream().map(CocoAnnotation::id).toList());
        List<String> problems = index.problems().stream().map(CocoProblem::toString).toList();
        assertEquals(
                List.of(
                        "instances.json: image 8: file_name: '../b.jpg' escapes the image folder",
                        "instances.json: annotation 2: bbox: negative width -1.0",
                        "instances.json: annotation 5: bbox: must be an array of numbers, found a"
                                + " string"),
                problems);
        // Annotation 4 belongs to image 8, whose record is reported: it is left out without a
        // follow-on "unknown image id" for each of the image's annotations.
    }

    @Test
    void notACocoFileIsRejected() throws IOException {
        assertEquals(
                "instances.json: must be a JSON object with images, annotations and categories,"
                        + " found an array",
                failure(write("[1, 2]")));
        assertEquals(
                "instances.json: has no 'images' list: is it a COCO instances file?",
                failure(write("{\"foo\": 1}")));
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> CocoIndex.read(dir.resolve("nope.json")));
    }
}
