package dev.annogan.datasets.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.Segmentation;
import dev.annogan.datasets.coco.mask.RunLengthMask;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files {@link ShapesDatasetGenerator} writes. */
class ShapesDatasetGeneratorTest {

    @TempDir Path dir;

    private static GeneratedShapes generate(Path folder, int images, long seed, double crowd)
            throws Exception {
        return ShapesDatasetGenerator.builder()
                .setOutputFolder(folder)
                .setImageCount(images)
                .optImageSize(96, 80)
                .optSeed(seed)
                .optCrowdFraction(crowd)
                .build()
                .generate();
    }

    private static JsonObject parse(Path file) throws Exception {
        try (Reader in = Files.newBufferedReader(file)) {
            return JsonParser.parseReader(in).getAsJsonObject();
        }
    }

    @Test
    void sameSeedWritesIdenticalBytes() throws Exception {
        GeneratedShapes a = generate(dir.resolve("a"), 12, 7, 0.3);
        GeneratedShapes b = generate(dir.resolve("b"), 12, 7, 0.3);
        assertArrayEquals(
                Files.readAllBytes(a.annotationsFile()), Files.readAllBytes(b.annotationsFile()));
        for (var image : a.images()) {
            assertArrayEquals(
                    Files.readAllBytes(a.imageFolder().resolve(image.fileName())),
                    Files.readAllBytes(b.imageFolder().resolve(image.fileName())),
                    image.fileName());
        }
    }

    @Test
    void threadCountDoesNotChangeTheOutput() throws Exception {
        GeneratedShapes[] runs = new GeneratedShapes[2];
        int[] threads = {1, 3};
        for (int r = 0; r < 2; r++) {
            runs[r] =
                    ShapesDatasetGenerator.builder()
                            .setOutputFolder(dir.resolve("t" + threads[r]))
                            .setImageCount(10)
                            .optSeed(21)
                            .optCrowdFraction(0.5)
                            .optThreads(threads[r])
                            .build()
                            .generate();
        }
        assertArrayEquals(
                Files.readAllBytes(runs[0].annotationsFile()),
                Files.readAllBytes(runs[1].annotationsFile()));
        for (var image : runs[0].images()) {
            assertArrayEquals(
                    Files.readAllBytes(runs[0].imageFolder().resolve(image.fileName())),
                    Files.readAllBytes(runs[1].imageFolder().resolve(image.fileName())));
        }
    }

    @Test
    void otherSeedWritesOtherContent() throws Exception {
        GeneratedShapes a = generate(dir.resolve("a"), 3, 7, 0.3);
        GeneratedShapes b = generate(dir.resolve("b"), 3, 8, 0.3);
        assertFalse(
                Files.readString(a.annotationsFile())
                        .equals(Files.readString(b.annotationsFile())));
    }

    @Test
    void imageDependsOnlyOnSeedAndIndexNotOnCount() throws Exception {
        GeneratedShapes few = generate(dir.resolve("few"), 2, 5, 0.5);
        GeneratedShapes many = generate(dir.resolve("many"), 6, 5, 0.5);
        assertArrayEquals(
                Files.readAllBytes(few.imageFolder().resolve("000002.png")),
                Files.readAllBytes(many.imageFolder().resolve("000002.png")));
    }

    @Test
    void everyAnnotationLiesInsideItsImage() throws Exception {
        GeneratedShapes shapes = generate(dir, 40, 11, 0.3);
        JsonObject json = parse(shapes.annotationsFile());
        Map<Long, int[]> sizes = new HashMap<>();
        for (JsonElement e : json.getAsJsonArray("images")) {
            JsonObject image = e.getAsJsonObject();
            sizes.put(
                    image.get("id").getAsLong(),
                    new int[] {image.get("width").getAsInt(), image.get("height").getAsInt()});
            assertTrue(
                    Files.isRegularFile(
                            shapes.imageFolder().resolve(image.get("file_name").getAsString())));
        }
        JsonArray annotations = json.getAsJsonArray("annotations");
        assertEquals(shapes.annotations().size(), annotations.size());
        for (JsonElement e : annotations) {
            JsonObject a = e.getAsJsonObject();
            int[] size = sizes.get(a.get("image_id").getAsLong());
            String id = "annotation " + a.get("id");
            JsonArray box = a.getAsJsonArray("bbox");
            double x = box.get(0).getAsDouble();
            double y = box.get(1).getAsDouble();
            double w = box.get(2).getAsDouble();
            double h = box.get(3).getAsDouble();
            assertTrue(x >= 0 && y >= 0 && w > 0 && h > 0, id + " box " + box);
            assertTrue(x + w <= size[0] + 1e-9 && y + h <= size[1] + 1e-9, id + " box " + box);
            assertTrue(a.get("area").getAsDouble() > 0, id);
            if (a.get("iscrowd").getAsInt() == 0) {
                JsonArray rings = a.getAsJsonArray("segmentation");
                assertEquals(1, rings.size(), id);
                JsonArray ring = rings.get(0).getAsJsonArray();
                assertTrue(ring.size() >= 6 && ring.size() % 2 == 0, id);
                for (int i = 0; i < ring.size(); i++) {
                    double v = ring.get(i).getAsDouble();
                    assertTrue(v >= 0 && v <= size[i % 2], id + " coordinate " + v);
                }
            }
        }
    }

    @Test
    void boxOfAPolygonIsItsExtent() throws Exception {
        GeneratedShapes shapes = generate(dir, 5, 3, 0);
        for (var a : shapes.annotations()) {
            double[] ring = ((Segmentation.Polygons) a.segmentation()).rings().get(0);
            double minX = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            for (int i = 0; i < ring.length; i += 2) {
                minX = Math.min(minX, ring[i]);
                maxX = Math.max(maxX, ring[i]);
            }
            assertEquals(minX, a.bbox()[0], 1e-9);
            assertEquals(maxX - minX, a.bbox()[2], 0.006);
        }
    }

    @Test
    void shapeSizeBoundsEveryShapesExtent() throws Exception {
        // On 64 x 64 images: radius 0.3 * 64 = 19.2 px, radius 0.08 * 64 = 5.12 px.
        for (double[] range : new double[][] {{0.3, 0.3}, {0.08, 0.08}}) {
            Path folder = dir.resolve("r" + range[0]);
            GeneratedShapes shapes =
                    ShapesDatasetGenerator.builder()
                            .setOutputFolder(folder)
                            .setImageCount(10)
                            .optImageSize(64, 64)
                            .optSeed(5)
                            .optCrowdFraction(0)
                            .optShapeSize(range[0], range[1])
                            .build()
                            .generate();
            double radius = range[0] * 64;
            for (var a : shapes.annotations()) {
                double extent = Math.max(a.bbox()[2], a.bbox()[3]);
                // A regular polygon with circumradius r spans more than r and at most 2r.
                assertTrue(extent > radius && extent <= 2 * radius + 1e-6, "extent " + extent);
            }
        }
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        ShapesDatasetGenerator.builder()
                                .setOutputFolder(dir)
                                .setImageCount(1)
                                .optShapeSize(0.3, 0.2)
                                .build());
    }

    @Test
    void everyClassAppears() throws Exception {
        GeneratedShapes shapes = generate(dir, 30, 1, 0.1);
        Set<Integer> seen = new HashSet<>();
        shapes.annotations().forEach(a -> seen.add(a.categoryId()));
        assertEquals(ShapeKind.values().length, seen.size());
        JsonArray categories = parse(shapes.annotationsFile()).getAsJsonArray("categories");
        assertEquals(ShapeKind.values().length, categories.size());
        for (ShapeKind kind : ShapeKind.values()) {
            JsonObject category = categories.get(kind.ordinal()).getAsJsonObject();
            assertEquals(kind.categoryId(), category.get("id").getAsInt());
            assertEquals(kind.categoryName(), category.get("name").getAsString());
        }
    }

    @Test
    void crowdRegionsAreUncompressedRunLengths() throws Exception {
        GeneratedShapes shapes = generate(dir, 30, 2, 0.5);
        int crowds = 0;
        for (JsonElement e : parse(shapes.annotationsFile()).getAsJsonArray("annotations")) {
            JsonObject a = e.getAsJsonObject();
            if (a.get("iscrowd").getAsInt() != 1) {
                continue;
            }
            crowds++;
            JsonObject rle = a.getAsJsonObject("segmentation");
            JsonArray size = rle.getAsJsonArray("size");
            assertEquals(80, size.get(0).getAsInt());
            assertEquals(96, size.get(1).getAsInt());
            JsonArray counts = rle.getAsJsonArray("counts");
            int[] runs = new int[counts.size()];
            long sum = 0;
            long ones = 0;
            for (int i = 0; i < runs.length; i++) {
                runs[i] = counts.get(i).getAsInt();
                assertTrue(runs[i] >= 0);
                sum += runs[i];
                ones += i % 2 == 1 ? runs[i] : 0;
            }
            assertEquals(80L * 96, sum);
            assertEquals(ones, a.get("area").getAsLong());
            double[] box = RunLengthMask.fromCounts(80, 96, runs).toBbox();
            for (int i = 0; i < 4; i++) {
                assertEquals(box[i], a.getAsJsonArray("bbox").get(i).getAsDouble(), 1e-9);
            }
        }
        assertTrue(crowds >= 5, "only " + crowds + " crowd regions in 30 images");
    }

    @Test
    void polygonAreaIsThePixelCountOfItsMask() throws Exception {
        GeneratedShapes shapes = generate(dir, 4, 9, 0);
        for (var a : shapes.annotations()) {
            var rings = ((Segmentation.Polygons) a.segmentation()).rings();
            assertEquals(RunLengthMask.fromPolygons(rings, 80, 96).area(), a.area(), 0);
        }
    }

    @Test
    void projectCocoReaderAcceptsTheFile() throws Exception {
        GeneratedShapes shapes = generate(dir, 10, 4, 0.3);
        CocoIndex index = CocoIndex.read(shapes.annotationsFile());
        assertEquals(10, index.images().size());
        assertEquals(shapes.annotations().size(), index.annotations().size());
        assertEquals(ShapeKind.values().length, index.categories().size());
    }

    @Test
    void leavesNoTemporaryFiles() throws Exception {
        generate(dir, 3, 4, 0.3);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    Set.of(
                            ShapesDatasetGenerator.ANNOTATIONS_FILE,
                            ShapesDatasetGenerator.IMAGE_FOLDER),
                    new HashSet<>(files.map(p -> p.getFileName().toString()).toList()));
        }
    }

    @Test
    void builderRejectsMissingSettings() {
        assertThrows(
                NullPointerException.class,
                () -> ShapesDatasetGenerator.builder().setImageCount(3).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> ShapesDatasetGenerator.builder().setOutputFolder(dir).build());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        ShapesDatasetGenerator.builder()
                                .setOutputFolder(dir)
                                .setImageCount(1)
                                .optCrowdFraction(1.5)
                                .build());
    }
}
