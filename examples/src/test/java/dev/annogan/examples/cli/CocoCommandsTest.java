package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.annogan.datasets.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The COCO commands on real and broken files, checked against pycocotools' own figures. */
class CocoCommandsTest {

    @TempDir Path dir;

    private static Path tiny(String path) {
        return SharedData.cocoTiny().resolve(path);
    }

    @Test
    void statsCountsImagesAnnotationsAndCategories() {
        CliRun run =
                CliRun.of(
                        "coco",
                        "stats",
                        "--annotations",
                        tiny("annotations/instances_val2017.json").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("images:      80\n"), run.out());
        assertTrue(run.out().contains("annotations: 815\n"), run.out());
        assertTrue(run.out().contains("categories:  80\n"), run.out());
        // person: 49 images in val; its annotation count from Python's json module.
        assertTrue(
                run.out().matches("(?s).*\\n\\s+1  person\\s+\\d+\\s+\\d+\\s+49\\n.*"), run.out());
    }

    @Test
    void checkPassesOnRealCocoWithItsImages() {
        CliRun run =
                CliRun.of(
                        "coco", "check",
                        "--annotations", tiny("annotations/instances_val2017.json").toString(),
                        "--images", tiny("val2017").toString());
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("instances_val2017.json: OK (80 images"), run.out());
    }

    @Test
    void checkListsEveryProblemWithRecordAndField() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.copy(tiny("val2017/000000532481.jpg"), images.resolve("good.jpg"));
        Files.write(images.resolve("corrupt.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2});
        Path file = dir.resolve("broken.json");
        Files.writeString(
                file,
                """
                {"images": [
                  {"id": 1, "file_name": "good.jpg", "width": 640, "height": 426},
                  {"id": 2, "file_name": "missing.jpg", "width": 10, "height": 10},
                  {"id": 3, "file_name": "corrupt.jpg", "width": 10, "height": 10},
                  {"id": 4, "file_name": "good.jpg", "width": 64, "height": 42},
                  {"id": 5, "file_name": "../escape.jpg", "width": 10, "height": 10}],
                 "annotations": [
                  {"id": 10, "image_id": 1, "category_id": 9, "bbox": [0, 0, 5, 5]},
                  {"id": 11, "image_id": 1, "category_id": 1, "bbox": [0, 0, -5, 5]},
                  {"id": 12, "image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5]}],
                 "categories": [{"id": 1, "name": "person"}]}
                """);
        CliRun run =
                CliRun.of(
                        "coco",
                        "check",
                        "--annotations",
                        file.toString(),
                        "--images",
                        images.toString());
        assertEquals(1, run.code());
        List<String> lines = run.out().lines().toList();
        assertEquals(
                "broken.json: image 5: file_name: '../escape.jpg' escapes the image folder",
                lines.get(0));
        assertEquals("broken.json: annotation 11: bbox: negative width -5.0", lines.get(1));
        assertEquals(
                "broken.json: annotation 10: category_id: unknown category id 9", lines.get(2));
        assertTrue(
                lines.get(3).startsWith("broken.json: image 2: file_name: image file "),
                lines.get(3));
        assertTrue(lines.get(3).endsWith("missing.jpg does not exist"), lines.get(3));
        assertTrue(lines.get(4).startsWith("broken.json: image 3: file_name: "), lines.get(4));
        assertTrue(lines.get(4).contains("corrupt.jpg is corrupt"), lines.get(4));
        assertEquals(
                "broken.json: image 4: width: declared 64x42 but good.jpg is 640x426",
                lines.get(5));
        assertTrue(lines.get(6).startsWith("broken.json: 6 problems"), lines.get(6));
    }

    @Test
    void evaluateJsonMatchesPycocotools() throws IOException {
        for (String split : List.of("train2017", "val2017")) {
            JsonObject golden =
                    JsonParser.parseString(
                                    Files.readString(tiny("golden/" + split + "/golden.json")))
                            .getAsJsonObject()
                            .getAsJsonObject("eval");
            for (String type : List.of("bbox", "segm")) {
                CliRun run =
                        CliRun.of(
                                "evaluate",
                                "--gt",
                                tiny("annotations/instances_" + split + ".json").toString(),
                                "--results",
                                tiny("golden/" + split + "/results_" + type + ".json").toString(),
                                "--iou-type",
                                type,
                                "--json");
                assertEquals(0, run.code(), run.err());
                assertEquals(1, run.out().lines().count(), run.out());
                JsonObject out = JsonParser.parseString(run.out()).getAsJsonObject();
                assertEquals(type, out.get("iouType").getAsString());
                JsonArray stats = out.getAsJsonArray("stats");
                JsonArray expected = golden.getAsJsonArray(type);
                assertEquals(12, stats.size());
                for (int i = 0; i < 12; i++) {
                    assertEquals(
                            expected.get(i).getAsDouble(),
                            stats.get(i).getAsDouble(),
                            1e-4,
                            split + " " + type + " stat " + i);
                }
            }
        }
    }

    @Test
    void evaluateRejectsResultsForUnknownImages() throws IOException {
        Path results = dir.resolve("results.json");
        Files.writeString(
                results,
                "[{\"image_id\": 123, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": 1}]");
        CliRun run =
                CliRun.of(
                        "evaluate",
                        "--gt",
                        tiny("annotations/instances_val2017.json").toString(),
                        "--results",
                        results.toString());
        assertEquals(1, run.code());
        assertEquals(
                "annogan evaluate: results.json: result #0: image_id: image 123 is not in the"
                        + " ground truth\n",
                run.err());
    }
}
