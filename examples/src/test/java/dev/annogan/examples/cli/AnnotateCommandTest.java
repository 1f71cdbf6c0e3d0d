package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.annogan.core.annotate.AnnotatorTranslatorFactory;
import dev.annogan.core.annotate.ScoredCategoryMask;
import dev.annogan.core.metrics.ConfusionMatrix;
import dev.annogan.core.metrics.MultiLabelAveragePrecision;
import dev.annogan.datasets.coco.CategoryMap;
import dev.annogan.datasets.coco.CocoAnnotation;
import dev.annogan.datasets.coco.CocoCategory;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoPrediction;
import dev.annogan.datasets.coco.CocoTargets;
import dev.annogan.datasets.coco.Segmentation;
import dev.annogan.datasets.coco.eval.CocoEvaluator;
import dev.annogan.datasets.coco.eval.IouType;
import dev.annogan.datasets.coco.mask.MaskPolygons;
import dev.annogan.datasets.coco.mask.PolygonSimplifier;
import dev.annogan.datasets.coco.mask.RunLengthMask;
import dev.annogan.datasets.shapes.ShapesDatasetGenerator;
import dev.annogan.examples.annotate.TestAnnotators;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * {@code annogan annotate} on a folder of shapes images with fixed-weight models, checked against
 * the same models loaded through DJL's {@code Criteria}, and its outputs read back by {@code
 * annogan evaluate}.
 */
class AnnotateCommandTest {

    private static final int SIZE = 32;
    private static final int IMAGES = 12;

    /** The default smallest object of a 32x32 image: 0.1% of it, at least 8 pixels. */
    private static final int MIN_AREA = 8;

    @TempDir static Path data;

    @TempDir Path dir;

    private static Path shapes;
    private static Path groundTruth;
    private static Path segmenter;
    private static Path tagger;

    @BeforeAll
    static void writeShapesAndModels() throws IOException {
        TestAnnotators annotators = TestAnnotators.write(data, SIZE, IMAGES);
        shapes = annotators.shapes();
        groundTruth = annotators.groundTruth();
        segmenter = annotators.segmenter();
        tagger = annotators.tagger();
    }

    private CliRun annotate(Path model, Path images, Path out, String... extra) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "annotate",
                                "--model",
                                model.toString(),
                                "--images",
                                images.toString(),
                                "--out",
                                out.toString()));
        argv.addAll(List.of(extra));
        return CliRun.of(argv.toArray(new String[0]));
    }

    private static Path images() {
        return shapes.resolve(ShapesDatasetGenerator.IMAGE_FOLDER);
    }

    /** Returns the shapes images in name order, as annotate visits them. */
    private static List<Path> imageFiles() throws IOException {
        try (Stream<Path> files = Files.list(images())) {
            return files.sorted().toList();
        }
    }

    /**
     * The objects annotate reports for one image: each connected region of each class of the
     * Criteria-loaded model's mask, at least {@code minArea} pixels, scored by the mean confidence
     * over its pixels times its share of the class's pixels, in annotate's order (class, then first
     * pixel).
     */
    private record Expected(int classIndex, RunLengthMask mask, double score) {}

    private static List<Expected> objects(ScoredCategoryMask mask, int classes, int minArea) {
        List<Expected> objects = new ArrayList<>();
        for (int c = 1; c <= classes; c++) {
            byte[] binary = binary(mask.getMask(), c);
            int classPixels = 0;
            for (byte b : binary) {
                classPixels += b;
            }
            for (MaskPolygons.Region region : MaskPolygons.regions(binary, SIZE, SIZE)) {
                if (region.area() < minArea) {
                    continue;
                }
                byte[] pixels = new byte[SIZE * SIZE];
                double sum = 0;
                for (int p : region.pixels()) {
                    pixels[p] = 1;
                    sum += mask.getConfidence(p / SIZE, p % SIZE);
                }
                objects.add(
                        new Expected(
                                c,
                                RunLengthMask.fromBinary(pixels, SIZE, SIZE, true),
                                (sum / region.area()) * region.area() / classPixels));
            }
        }
        return objects;
    }

    @Test
    void segmenterResultsAreOneObjectPerRegionWithItsOwnScore() throws Exception {
        Path out = dir.resolve("out");
        CliRun run = annotate(segmenter, images(), out, "--ids-from", groundTruth.toString());
        assertEquals(0, run.code(), run.err());

        CocoIndex gt = CocoIndex.read(groundTruth);
        List<CategoryMask> expected = criteriaMasks();
        JsonArray results =
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonArray();
        int n = 0;
        int specks = 0;
        for (int i = 0; i < IMAGES; i++) {
            ScoredCategoryMask mask = (ScoredCategoryMask) expected.get(i);
            long imageId = idOf(gt, imageFiles().get(i));
            int k = gt.categories().size();
            specks += objects(mask, k, 1).size() - objects(mask, k, MIN_AREA).size();
            // Every object, specks included: results are the whole ranking.
            for (Expected object : objects(mask, k, 1)) {
                JsonObject result = results.get(n++).getAsJsonObject();
                assertEquals(
                        List.of("image_id", "category_id", "bbox", "segmentation", "score"),
                        List.copyOf(result.keySet()));
                JsonObject segmentation = result.getAsJsonObject("segmentation");
                assertEquals(List.of("size", "counts"), List.copyOf(segmentation.keySet()));
                assertEquals("[32,32]", segmentation.get("size").toString());
                assertEquals(imageId, result.get("image_id").getAsLong());
                assertEquals(
                        gt.categoryMap().categoryId(object.classIndex() - 1),
                        result.get("category_id").getAsInt());
                RunLengthMask written =
                        RunLengthMask.fromCompressed(
                                SIZE, SIZE, segmentation.get("counts").getAsString());
                assertEquals(object.mask(), written);
                assertArrayEquals(written.toBbox(), numbers(result.getAsJsonArray("bbox")));
                assertEquals(object.score(), result.get("score").getAsDouble(), 1e-6);
            }
        }
        assertEquals(n, results.size());
        assertTrue(n > IMAGES, "the fixed weights draw several objects per image: " + n);
        JsonObject summary =
                JsonParser.parseString(Files.readString(out.resolve("summary.json")))
                        .getAsJsonObject();
        assertEquals(specks, summary.get("specksRemoved").getAsInt());
        assertTrue(specks > 0, "the random weights leave specks to remove");
    }

    @Test
    void segmenterOutputRoundTripsThroughEvaluate() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(
                0, annotate(segmenter, images(), out, "--ids-from", groundTruth.toString()).code());
        CliRun evaluate =
                CliRun.of(
                        "evaluate",
                        "--gt",
                        groundTruth.toString(),
                        "--results",
                        out.resolve("results.json").toString(),
                        "--iou-type",
                        "segm",
                        "--json");
        assertEquals(0, evaluate.code(), evaluate.err());
        JsonObject json = JsonParser.parseString(evaluate.out()).getAsJsonObject();

        // The same numbers from the Criteria-loaded model's masks, without any file in between.
        CocoIndex gt = CocoIndex.read(groundTruth);
        CategoryMap classes = gt.categoryMap();
        List<CategoryMask> masks = criteriaMasks();
        ConfusionMatrix matrix = new ConfusionMatrix(classes.size() + 1);
        List<CocoPrediction> detections = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            CocoImage image = gt.image(idOf(gt, imageFiles().get(i)));
            // Every object: together they paint the class map.
            List<Expected> objects = objects((ScoredCategoryMask) masks.get(i), classes.size(), 1);
            int[] predicted = new int[SIZE * SIZE];
            for (Expected object : objects) {
                byte[] pixels = object.mask().toBinary(true);
                for (int p = 0; p < pixels.length; p++) {
                    if (pixels[p] != 0) {
                        predicted[p] = object.classIndex();
                    }
                }
            }
            matrix.add(
                    CocoTargets.semanticMap(image, gt.annotationsOf(image.id()), classes),
                    predicted,
                    CocoTargets.IGNORE);
            for (Expected object : objects) {
                detections.add(
                        CocoPrediction.ofMask(
                                image.id(),
                                classes.categoryId(object.classIndex() - 1),
                                object.mask(),
                                object.score()));
            }
        }
        assertFalse(detections.isEmpty());
        assertEquals(matrix.meanIoU(), json.get("mIoU").getAsDouble(), 1e-12);
        assertEquals(matrix.pixelAccuracy(), json.get("pixelAccuracy").getAsDouble(), 1e-12);
        assertArrayEquals(
                CocoEvaluator.evaluate(gt, detections, IouType.SEGM).stats(),
                numbers(json.getAsJsonArray("stats")),
                1e-12);
    }

    @Test
    void theDatasetFileHoldsOnePolygonPerObjectWithItsOwnAreaAndBox() throws Exception {
        Path out = dir.resolve("out");
        CliRun run =
                annotate(
                        segmenter,
                        images(),
                        out,
                        "--threshold",
                        "0",
                        "--min-area",
                        "1",
                        "--simplify",
                        "0");
        assertEquals(0, run.code(), run.err());
        CocoIndex dataset = CocoIndex.read(out.resolve("annotations.json"));
        assertEquals(IMAGES, dataset.images().size());
        List<CategoryMask> masks = criteriaMasks();
        for (int i = 0; i < IMAGES; i++) {
            CocoImage image = dataset.images().get(i);
            assertEquals(i + 1, image.id(), "without --ids-from, images count from 1");
            assertEquals(imageFiles().get(i).getFileName().toString(), image.fileName());
            List<Expected> objects =
                    objects((ScoredCategoryMask) masks.get(i), dataset.categories().size(), 1);
            List<CocoAnnotation> annotations = dataset.annotationsOf(image.id());
            assertEquals(objects.size(), annotations.size(), "one annotation per object");
            for (int j = 0; j < objects.size(); j++) {
                CocoAnnotation a = annotations.get(j);
                double[] polygon = ((Segmentation.Polygons) a.segmentation()).rings().get(0);
                assertEquals(PolygonSimplifier.area(polygon), a.area(), 1e-9);
                assertArrayEquals(PolygonSimplifier.bbox(polygon), a.bbox(), 1e-9);
                // The exact outline fills holes: it covers the object's pixels, perhaps more.
                RunLengthMask object = objects.get(j).mask();
                RunLengthMask filled = a.segmentation().toMask(SIZE, SIZE);
                assertEquals(object, RunLengthMask.intersection(List.of(object, filled)));
            }
        }
        BufferedImage overlay = ImageIO.read(out.resolve("overlays/000001.png").toFile());
        // The 32-pixel image enlarged 8 times (to 256) below a legend of whole lines.
        assertEquals(8 * SIZE, overlay.getWidth());
        int legend = overlay.getHeight() - 8 * SIZE;
        assertTrue(legend > 0 && legend % 18 == 0, "the image below a legend of whole lines");

        // Simplified (the default tolerance, 1 px), the polygons keep fewer corners.
        Path simplified = dir.resolve("simplified");
        assertEquals(
                0,
                annotate(segmenter, images(), simplified, "--threshold", "0", "--min-area", "1")
                        .code());
        int exact = corners(CocoIndex.read(out.resolve("annotations.json")));
        int fewer = corners(CocoIndex.read(simplified.resolve("annotations.json")));
        assertTrue(fewer < exact, fewer + " corners simplified, " + exact + " exact");
        // CVAT's COCO reader (datumaro) needs a segmentation on every annotation and at least 3
        // points in every polygon.
        for (JsonElement e :
                JsonParser.parseString(Files.readString(simplified.resolve("annotations.json")))
                        .getAsJsonObject()
                        .getAsJsonArray("annotations")) {
            JsonArray rings = e.getAsJsonObject().getAsJsonArray("segmentation");
            assertFalse(rings.isEmpty());
            for (JsonElement ring : rings) {
                assertTrue(ring.getAsJsonArray().size() >= 6, ring.toString());
            }
        }
    }

    private static int corners(CocoIndex dataset) {
        int n = 0;
        for (CocoAnnotation a : dataset.annotations()) {
            n += ((Segmentation.Polygons) a.segmentation()).rings().get(0).length / 2;
        }
        return n;
    }

    @Test
    void taggerResultsAreImageLevelScoresThatEvaluateAsTags() throws Exception {
        Path out = dir.resolve("out");
        CliRun run = annotate(tagger, images(), out, "--ids-from", groundTruth.toString());
        assertEquals(0, run.code(), run.err());
        CocoIndex gt = CocoIndex.read(groundTruth);
        int k = gt.categories().size();
        JsonArray results =
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonArray();
        assertEquals(IMAGES * k, results.size());

        float[][] scores = new float[IMAGES][k];
        int[][] labels = new int[IMAGES][k];
        List<Classifications> expected = criteriaTags();
        for (int i = 0; i < IMAGES; i++) {
            long imageId = idOf(gt, imageFiles().get(i));
            float[] hot = CocoTargets.multiHot(gt.annotationsOf(imageId), gt.categoryMap());
            for (int c = 0; c < k; c++) {
                JsonObject result = results.get(i * k + c).getAsJsonObject();
                // pycocotools' loadRes indexes image-level results by an id they bring.
                assertEquals(
                        List.of("id", "image_id", "category_id", "score"),
                        List.copyOf(result.keySet()));
                assertEquals(i * k + c + 1, result.get("id").getAsLong());
                assertEquals(imageId, result.get("image_id").getAsLong());
                double score = expected.get(i).getProbabilities().get(c);
                assertEquals(score, result.get("score").getAsDouble(), 1e-5);
                scores[i][c] = (float) score;
                labels[i][c] = hot[c] > 0 ? 1 : 0;
            }
        }

        CliRun evaluate =
                CliRun.of(
                        "evaluate",
                        "--gt",
                        groundTruth.toString(),
                        "--results",
                        out.resolve("results.json").toString(),
                        "--json");
        assertEquals(0, evaluate.code(), evaluate.err());
        JsonObject json = JsonParser.parseString(evaluate.out()).getAsJsonObject();
        assertEquals("tags", json.get("iouType").getAsString());
        assertEquals(IMAGES, json.get("images").getAsInt());
        assertEquals(
                MultiLabelAveragePrecision.meanAveragePrecision(scores, labels),
                json.get("mAP").getAsDouble(),
                1e-6);
        long tp = 0;
        long errors = 0;
        for (int i = 0; i < IMAGES; i++) {
            for (int c = 0; c < k; c++) {
                boolean predicted = scores[i][c] > 0.5f;
                if (predicted && labels[i][c] == 1) {
                    tp++;
                } else if (predicted || labels[i][c] == 1) {
                    errors++;
                }
            }
        }
        assertEquals(2.0 * tp / (2.0 * tp + errors), json.get("f1Micro").getAsDouble(), 1e-9);
    }

    @Test
    void taggerDatasetHasAWholeImageBoxPerTagAboveTheThreshold() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, annotate(tagger, images(), out, "--threshold", "0.5").code());
        CocoIndex dataset = CocoIndex.read(out.resolve("annotations.json"));
        List<Classifications> expected = criteriaTags();
        long tags = 0;
        for (Classifications c : expected) {
            tags += c.getProbabilities().stream().filter(p -> p > 0.5).count();
        }
        assertEquals(tags, dataset.annotations().size());
        for (CocoAnnotation a : dataset.annotations()) {
            assertArrayEquals(new double[] {0, 0, SIZE, SIZE}, a.bbox());
            assertEquals(null, a.segmentation());
        }
        // CVAT's COCO reader needs "segmentation" on every annotation; its attributes keep the
        // score and mark the annotation as automatic.
        JsonArray raw =
                JsonParser.parseString(Files.readString(out.resolve("annotations.json")))
                        .getAsJsonObject()
                        .getAsJsonArray("annotations");
        for (JsonElement e : raw) {
            JsonObject a = e.getAsJsonObject();
            assertEquals("[]", a.get("segmentation").toString());
            JsonObject attributes = a.getAsJsonObject("attributes");
            assertEquals("auto", attributes.get("source").getAsString());
            assertEquals(a.get("score").getAsDouble(), attributes.get("score").getAsDouble());
        }
        // CVAT XML: a <tag> per tag; Label Studio: one choices result per tagged image.
        Document xml = xml(out.resolve("cvat/annotations.xml"));
        assertEquals(tags, xml.getElementsByTagName("tag").getLength());
        assertEquals(IMAGES, xml.getElementsByTagName("image").getLength());
        JsonArray tasks = tasks(out);
        long choices = 0;
        for (JsonElement task : tasks) {
            for (JsonElement item : predictionResult(task)) {
                assertEquals("choices", item.getAsJsonObject().get("type").getAsString());
                choices +=
                        item.getAsJsonObject()
                                .getAsJsonObject("value")
                                .getAsJsonArray("choices")
                                .size();
            }
        }
        assertEquals(tags, choices);
        assertTrue(
                Files.readString(out.resolve("label-studio/config.xml"))
                        .contains("<Choices name=\"tags\" toName=\"image\" choice=\"multiple\""));
    }

    @Test
    void labelStudioAndCvatFilesHoldTheDatasetsObjects() throws Exception {
        Path out = dir.resolve("out");
        CliRun run =
                annotate(
                        segmenter,
                        images(),
                        out,
                        "--threshold",
                        "0.3",
                        "--image-root-url",
                        "http://localhost:8081/shapes/",
                        "--order",
                        "uncertainty");
        assertEquals(0, run.code(), run.err());
        CocoIndex dataset = CocoIndex.read(out.resolve("annotations.json"));
        JsonArray tasks = tasks(out);
        assertEquals(IMAGES, tasks.size());
        double previous = -1;
        int polygons = 0;
        for (JsonElement element : tasks) {
            JsonObject task = element.getAsJsonObject();
            String url = task.getAsJsonObject("data").get("image").getAsString();
            assertTrue(url.startsWith("http://localhost:8081/shapes/"), url);
            String name = url.substring(url.lastIndexOf('/') + 1);
            CocoImage image =
                    dataset.images().stream()
                            .filter(i -> i.fileName().equals(name))
                            .findFirst()
                            .orElseThrow();
            JsonObject prediction = task.getAsJsonArray("predictions").get(0).getAsJsonObject();
            assertTrue(
                    prediction
                            .get("model_version")
                            .getAsString()
                            .matches("annogan-segmenter-[0-9a-f]{8}"),
                    prediction.toString());
            double score = prediction.get("score").getAsDouble();
            assertTrue(score >= previous, "least confident image first");
            previous = score;
            List<CocoAnnotation> annotations = dataset.annotationsOf(image.id());
            JsonArray result = prediction.getAsJsonArray("result");
            assertEquals(annotations.size(), result.size(), name);
            for (int j = 0; j < result.size(); j++) {
                JsonObject item = result.get(j).getAsJsonObject();
                assertEquals("polygonlabels", item.get("type").getAsString());
                double[] polygon =
                        ((Segmentation.Polygons) annotations.get(j).segmentation()).rings().get(0);
                JsonArray points = item.getAsJsonObject("value").getAsJsonArray("points");
                assertEquals(polygon.length / 2, points.size());
                // Percent of the image size, Label Studio's coordinates.
                assertEquals(
                        100.0 * polygon[0] / SIZE,
                        points.get(0).getAsJsonArray().get(0).getAsDouble(),
                        1e-4);
                String label =
                        item.getAsJsonObject("value")
                                .getAsJsonArray("polygonlabels")
                                .get(0)
                                .getAsString();
                assertEquals(
                        dataset.categoryMap()
                                .name(
                                        dataset.categoryMap()
                                                .indexOf(annotations.get(j).categoryId())),
                        label);
                polygons++;
            }
        }
        assertEquals(dataset.annotations().size(), polygons);
        Document xml = xml(out.resolve("cvat/annotations.xml"));
        assertEquals(polygons, xml.getElementsByTagName("polygon").getLength());
        assertEquals(0, xml.getElementsByTagName("tag").getLength());
        String config = Files.readString(out.resolve("label-studio/config.xml"));
        for (CocoCategory c : dataset.categories()) {
            assertTrue(config.contains("<Label value=\"" + c.name() + "\""), config);
        }
    }

    @Test
    void withIdsFromOnlyTheListedImagesAreAnnotated() throws Exception {
        // A folder holding more images than the ground truth lists, as a COCO val folder does.
        Path folder = dir.resolve("more");
        Files.createDirectories(folder);
        for (Path file : imageFiles()) {
            Files.copy(file, folder.resolve(file.getFileName()));
        }
        Files.copy(imageFiles().get(0), folder.resolve("extra-1.png"));
        Files.copy(imageFiles().get(1), folder.resolve("extra-2.png"));
        Path out = dir.resolve("out");
        CliRun run = annotate(tagger, folder, out, "--ids-from", groundTruth.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.out().contains("left out 2 images of the folder that " + groundTruth),
                run.out());
        CliRun evaluate =
                CliRun.of(
                        "evaluate",
                        "--gt",
                        groundTruth.toString(),
                        "--results",
                        out.resolve("results.json").toString());
        assertEquals(0, evaluate.code(), evaluate.err());
    }

    private static JsonArray tasks(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("label-studio/tasks.json")))
                .getAsJsonArray();
    }

    private static JsonArray predictionResult(JsonElement task) {
        return task.getAsJsonObject()
                .getAsJsonArray("predictions")
                .get(0)
                .getAsJsonObject()
                .getAsJsonArray("result");
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void corruptAndUnreadableImagesAreReportedAndSkipped() throws Exception {
        Path folder = dir.resolve("images");
        Files.createDirectories(folder.resolve("sub"));
        for (Path file : imageFiles()) {
            Files.copy(file, folder.resolve("sub").resolve(file.getFileName()));
        }
        byte[] png = Files.readAllBytes(imageFiles().get(0));
        Files.write(folder.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 3));
        Files.writeString(folder.resolve("notes.jpg"), "not an image");
        Files.writeString(folder.resolve("readme.txt"), "not an image name: ignored");
        Path out = dir.resolve("out");

        CliRun run = annotate(segmenter, folder, out);

        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("skipped cut.png: "), run.out());
        assertTrue(run.out().contains("skipped notes.jpg: "), run.out());
        JsonObject summary =
                JsonParser.parseString(Files.readString(out.resolve("summary.json")))
                        .getAsJsonObject();
        assertEquals(IMAGES, summary.get("images").getAsInt());
        List<String> skipped = new ArrayList<>();
        for (JsonElement e : summary.getAsJsonArray("skipped")) {
            skipped.add(e.getAsJsonObject().get("file").getAsString());
            assertFalse(e.getAsJsonObject().get("reason").getAsString().isEmpty());
        }
        assertEquals(List.of("cut.png", "notes.jpg"), skipped);
        CocoIndex dataset = CocoIndex.read(out.resolve("annotations.json"));
        assertEquals("sub/000001.png", dataset.images().get(0).fileName());
        assertTrue(Files.exists(out.resolve("overlays/sub/000001.png")));
    }

    @Test
    void aFinishedRunIsNotOverwrittenUnlessAsked() {
        Path out = dir.resolve("out");
        assertEquals(0, annotate(tagger, images(), out).code());

        CliRun again = annotate(tagger, images(), out);
        assertEquals(2, again.code());
        assertEquals(
                "annogan annotate: "
                        + out
                        + " already holds an annotation run (summary.json); add --overwrite to"
                        + " replace it or choose another --out",
                again.err().lines().findFirst().orElse(""));
        assertFalse(again.err().contains("Exception"), again.err());

        assertEquals(0, annotate(tagger, images(), out, "--overwrite").code());
    }

    @Test
    void leftoversOfAKilledRunAreClearedAndReplaced() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve(".tmp-overlays-1234"));
        Files.writeString(out.resolve(".results.json5678.tmp"), "[{\"image_id\": 1, \"categ");
        Files.writeString(out.resolve("results.json"), "[{\"image_id\": 1, \"categ");

        assertEquals(0, annotate(tagger, images(), out).code());

        try (Stream<Path> files = Files.list(out)) {
            assertEquals(
                    List.of(
                            "annotations.json",
                            "cvat",
                            "label-studio",
                            "overlays",
                            "results.json",
                            "summary.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(
                IMAGES * 6,
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonArray()
                        .size());
    }

    @Test
    void userMistakesAreOneLineNamingTheFolder() {
        CliRun notAModel = annotate(shapes, images(), dir.resolve("out"));
        assertEquals(2, notAModel.code());
        assertTrue(
                notAModel
                        .err()
                        .startsWith(
                                "annogan annotate: " + shapes + " is not an AnnoGAN model folder"),
                notAModel.err());
        CliRun noImages = annotate(segmenter, dir.resolve("nowhere"), dir.resolve("out"));
        assertEquals(2, noImages.code());
        assertTrue(
                noImages.err().startsWith("annogan annotate: --images: no such folder: "),
                noImages.err());
        assertEquals(2, noImages.err().lines().count(), noImages.err());
    }

    private static List<CategoryMask> criteriaMasks() throws Exception {
        Criteria<Path, CategoryMask> criteria =
                Criteria.builder()
                        .setTypes(Path.class, CategoryMask.class)
                        .optModelPath(segmenter)
                        .optTranslatorFactory(new AnnotatorTranslatorFactory())
                        .build();
        try (ZooModel<Path, CategoryMask> model = criteria.loadModel();
                Predictor<Path, CategoryMask> predictor = model.newPredictor()) {
            return predictor.batchPredict(imageFiles());
        }
    }

    private static List<Classifications> criteriaTags() throws Exception {
        Criteria<Path, Classifications> criteria =
                Criteria.builder()
                        .setTypes(Path.class, Classifications.class)
                        .optModelPath(tagger)
                        .optTranslatorFactory(new AnnotatorTranslatorFactory())
                        .build();
        try (ZooModel<Path, Classifications> model = criteria.loadModel();
                Predictor<Path, Classifications> predictor = model.newPredictor()) {
            return predictor.batchPredict(imageFiles());
        }
    }

    private static long idOf(CocoIndex gt, Path file) {
        String name = file.getFileName().toString();
        return gt.images().stream()
                .filter(image -> image.fileName().equals(name))
                .findFirst()
                .orElseThrow()
                .id();
    }

    private static byte[] binary(int[][] mask, int c) {
        byte[] binary = new byte[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                binary[y * SIZE + x] = mask[y][x] == c ? (byte) 1 : 0;
            }
        }
        return binary;
    }

    private static double[] numbers(JsonArray array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsDouble();
        }
        return values;
    }
}
