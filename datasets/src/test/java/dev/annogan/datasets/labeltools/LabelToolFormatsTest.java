package dev.annogan.datasets.labeltools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.annogan.datasets.coco.CocoImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Label Studio's task JSON and config, and CVAT's XML, from hand-made predictions. */
class LabelToolFormatsTest {

    private static final List<String> NAMES = List.of("circle", "square & co");

    @TempDir Path dir;

    private static ImagePrediction objects(long id, String file, double confidence) {
        return new ImagePrediction(
                new CocoImage(id, file, 200, 100, null, null),
                List.of(),
                List.of(
                        new ImagePrediction.Region(1, new double[] {0, 0, 100, 0, 100, 50}, 0.9),
                        new ImagePrediction.Region(0, new double[] {10, 10, 20, 10, 20, 20}, 0.4)),
                confidence);
    }

    @Test
    void aPredictionIsPolygonsInPercentWithTheirScores() {
        JsonObject prediction = LabelStudio.prediction(objects(1, "a.png", 0.75), NAMES, "v1");
        assertEquals("v1", prediction.get("model_version").getAsString());
        assertEquals(0.75, prediction.get("score").getAsDouble());
        JsonArray result = prediction.getAsJsonArray("result");
        assertEquals(2, result.size());
        JsonObject first = result.get(0).getAsJsonObject();
        assertEquals("polygonlabels", first.get("type").getAsString());
        assertEquals("label", first.get("from_name").getAsString());
        assertEquals("image", first.get("to_name").getAsString());
        assertEquals(200, first.get("original_width").getAsInt());
        assertEquals(0.9, first.get("score").getAsDouble());
        // (100, 50) of a 200x100 image is (50%, 50%).
        assertEquals(
                "[[0.0,0.0],[50.0,0.0],[50.0,50.0]]",
                first.getAsJsonObject("value").get("points").toString());
        assertEquals(
                "square & co",
                first.getAsJsonObject("value")
                        .getAsJsonArray("polygonlabels")
                        .get(0)
                        .getAsString());
    }

    @Test
    void tagsAreOneChoicesResultScoredByItsLeastSureTag() {
        ImagePrediction tags =
                new ImagePrediction(
                        new CocoImage(3, "t.png", 10, 10, null, null),
                        List.of(new ImagePrediction.Tag(0, 0.8), new ImagePrediction.Tag(1, 0.6)),
                        List.of(),
                        0.6);
        JsonArray result = LabelStudio.prediction(tags, NAMES, "v").getAsJsonArray("result");
        assertEquals(1, result.size());
        JsonObject item = result.get(0).getAsJsonObject();
        assertEquals("choices", item.get("type").getAsString());
        assertEquals(
                "[\"circle\",\"square & co\"]",
                item.getAsJsonObject("value").get("choices").toString());
        assertEquals(0.6, item.get("score").getAsDouble());
    }

    @Test
    void theConfigNamesEveryCategoryEscaped() {
        String polygons = LabelStudio.config(NAMES, true);
        assertTrue(polygons.contains("<PolygonLabels name=\"label\" toName=\"image\""), polygons);
        assertTrue(polygons.contains("<Label value=\"square &amp; co\""), polygons);
        String choices = LabelStudio.config(NAMES, false);
        assertTrue(choices.contains("<Choice value=\"circle\"/>"), choices);
        assertFalse(choices.contains("PolygonLabels"));
    }

    @Test
    void tasksAreWrittenLeastConfidentFirstWithEncodedAddresses() throws Exception {
        try (LabelStudioTasksWriter tasks =
                LabelStudioTasksWriter.open(dir, NAMES, true, "v", "http://host/images", true)) {
            tasks.add(objects(1, "sub/a b.png", 0.9));
            tasks.add(objects(2, "c.png", 0.2));
            tasks.add(objects(3, "d.png", 0.5));
            tasks.commit();
        }
        JsonArray written =
                JsonParser.parseString(Files.readString(dir.resolve("tasks.json")))
                        .getAsJsonArray();
        assertEquals(3, written.size());
        String[] order = new String[3];
        for (int i = 0; i < 3; i++) {
            order[i] =
                    written.get(i)
                            .getAsJsonObject()
                            .getAsJsonObject("data")
                            .get("image")
                            .getAsString();
        }
        assertEquals("http://host/images/c.png", order[0]);
        assertEquals("http://host/images/d.png", order[1]);
        assertEquals("http://host/images/sub/a%20b.png", order[2]);
        assertTrue(Files.readString(dir.resolve("config.xml")).startsWith("<View>"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left");
        }
    }

    @Test
    void cvatXmlHoldsPolygonsAndTagsWithTheirScores() throws Exception {
        Path file = dir.resolve("cvat/annotations.xml");
        try (CvatXmlWriter xml = CvatXmlWriter.open(file, NAMES)) {
            xml.add(objects(1, "a.png", 0.7));
            xml.add(
                    new ImagePrediction(
                            new CocoImage(2, "b.png", 10, 10, null, null),
                            List.of(new ImagePrediction.Tag(1, 0.8)),
                            List.of(),
                            0.8));
            xml.commit();
        }
        Document doc =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertEquals("1.1", doc.getElementsByTagName("version").item(0).getTextContent());
        assertEquals(2, doc.getElementsByTagName("label").getLength());
        Element polygon = (Element) doc.getElementsByTagName("polygon").item(0);
        assertEquals("square & co", polygon.getAttribute("label"));
        assertEquals("auto", polygon.getAttribute("source"));
        assertEquals("0.00,0.00;100.00,0.00;100.00,50.00", polygon.getAttribute("points"));
        assertEquals("0.9000", polygon.getElementsByTagName("attribute").item(0).getTextContent());
        Element tag = (Element) doc.getElementsByTagName("tag").item(0);
        assertEquals("square & co", tag.getAttribute("label"));
        Element image = (Element) doc.getElementsByTagName("image").item(1);
        assertEquals("b.png", image.getAttribute("name"));
        assertEquals("1", image.getAttribute("id"));
    }
}
