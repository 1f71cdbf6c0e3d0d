package dev.annogan.datasets.coco.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.annogan.datasets.SharedData;
import dev.annogan.datasets.coco.Segmentation;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every coco-tiny annotation, turned into a mask, matches the mask pycocotools made of it: the same
 * compressed counts, area and box. The files are read with plain Gson so that this test checks the
 * mask code alone.
 */
class RunLengthMaskGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"train2017", "val2017"})
    void everyAnnotationMaskMatchesPycocotools(String split) throws IOException {
        Path coco = SharedData.cocoTiny();
        JsonObject instances = readJson(coco.resolve("annotations/instances_" + split + ".json"));
        JsonObject golden = readJson(coco.resolve("golden/" + split + "/golden.json"));

        Map<Long, int[]> imageSize = new HashMap<>();
        for (JsonElement image : instances.getAsJsonArray("images")) {
            JsonObject o = image.getAsJsonObject();
            imageSize.put(
                    o.get("id").getAsLong(),
                    new int[] {o.get("height").getAsInt(), o.get("width").getAsInt()});
        }
        Map<Long, JsonObject> expectedById = new HashMap<>();
        for (JsonElement entry : golden.getAsJsonArray("annotations")) {
            expectedById.put(
                    entry.getAsJsonObject().get("id").getAsLong(), entry.getAsJsonObject());
        }

        JsonArray annotations = instances.getAsJsonArray("annotations");
        assertEquals(annotations.size(), expectedById.size(), "golden entries per annotation");
        List<String> mismatches = new ArrayList<>();
        for (JsonElement element : annotations) {
            JsonObject annotation = element.getAsJsonObject();
            long id = annotation.get("id").getAsLong();
            int[] size = imageSize.get(annotation.get("image_id").getAsLong());
            RunLengthMask mask =
                    (segmentation(annotation.get("segmentation"))).toMask(size[0], size[1]);
            JsonObject expected = expectedById.get(id);
            String problem = compare(mask, expected);
            if (problem != null) {
                mismatches.add("annotation " + id + ": " + problem);
            }
        }
        assertTrue(
                mismatches.isEmpty(),
                mismatches.size()
                        + " of "
                        + annotations.size()
                        + " masks differ, first: "
                        + mismatches.subList(0, Math.min(5, mismatches.size())));
    }

    private static String compare(RunLengthMask mask, JsonObject expected) {
        JsonArray size = expected.getAsJsonArray("size");
        if (mask.height() != size.get(0).getAsInt() || mask.width() != size.get(1).getAsInt()) {
            return "size " + mask.height() + "x" + mask.width() + ", expected " + size;
        }
        String counts = mask.toCompressedString();
        if (!counts.equals(expected.get("counts").getAsString())) {
            return "counts " + counts + ", expected " + expected.get("counts").getAsString();
        }
        if (mask.area() != expected.get("area").getAsLong()) {
            return "area " + mask.area() + ", expected " + expected.get("area");
        }
        double[] bbox = numbers(expected.getAsJsonArray("bbox"));
        if (!Arrays.equals(mask.toBbox(), bbox)) {
            return "bbox " + Arrays.toString(mask.toBbox()) + ", expected " + Arrays.toString(bbox);
        }
        RunLengthMask decoded = RunLengthMask.fromCompressed(mask.height(), mask.width(), counts);
        if (!decoded.equals(mask)) {
            return "compressed counts do not decode back to the same runs";
        }
        return null;
    }

    private static Segmentation segmentation(JsonElement element) {
        if (element.isJsonArray()) {
            List<double[]> rings = new ArrayList<>();
            for (JsonElement ring : element.getAsJsonArray()) {
                rings.add(numbers(ring.getAsJsonArray()));
            }
            return new Segmentation.Polygons(rings);
        }
        JsonObject rle = element.getAsJsonObject();
        JsonArray size = rle.getAsJsonArray("size");
        int h = size.get(0).getAsInt();
        int w = size.get(1).getAsInt();
        JsonElement counts = rle.get("counts");
        if (counts.isJsonPrimitive()) {
            return new Segmentation.CompressedRle(h, w, counts.getAsString());
        }
        double[] runs = numbers(counts.getAsJsonArray());
        return new Segmentation.Rle(h, w, Arrays.stream(runs).mapToInt(r -> (int) r).toArray());
    }

    private static double[] numbers(JsonArray array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsDouble();
        }
        return values;
    }

    private static JsonObject readJson(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return JsonParser.parseReader(in).getAsJsonObject();
        }
    }
}
