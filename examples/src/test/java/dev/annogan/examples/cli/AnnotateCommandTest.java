package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.annotate.AnnotatorTranslatorFactory;
import dev.annogan.core.annotate.ScoredCategoryMask;
import dev.annogan.core.metrics.ConfusionMatrix;
import dev.annogan.core.metrics.MultiLabelAveragePrecision;
import dev.annogan.core.model.BlockBuilders;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.datasets.coco.CategoryMap;
import dev.annogan.datasets.coco.CocoAnnotation;
import dev.annogan.datasets.coco.CocoCategory;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoPrediction;
import dev.annogan.datasets.coco.CocoTargets;
import dev.annogan.datasets.coco.eval.CocoEvaluator;
import dev.annogan.datasets.coco.eval.IouType;
import dev.annogan.datasets.coco.mask.RunLengthMask;
import dev.annogan.datasets.shapes.ShapesDatasetGenerator;
import dev.annogan.training.AnnotatorExport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code annogan annotate} on a folder of shapes images with fixed-weight models, checked against
 * the same models loaded through DJL's {@code Criteria}, and its outputs read back by {@code
 * annogan evaluate}.
 */
class AnnotateCommandTest {

    private static final int SIZE = 32;
    private static final int IMAGES = 12;

    @TempDir static Path data;

    @TempDir Path dir;

    private static Path shapes;
    private static Path groundTruth;
    private static Path segmenter;
    private static Path tagger;

    @BeforeAll
    static void writeShapesAndModels() throws IOException {
        shapes = data.resolve("shapes");
        ShapesDatasetGenerator.builder()
                .setOutputFolder(shapes)
                .setImageCount(IMAGES)
                .optImageSize(SIZE, SIZE)
                .optSeed(5)
                .build()
                .generate();
        groundTruth = shapes.resolve(ShapesDatasetGenerator.ANNOTATIONS_FILE);
        List<AnnotatorSpec.Category> categories = new ArrayList<>();
        for (CocoCategory c : CocoIndex.read(groundTruth).categoryMap().categories()) {
            categories.add(new AnnotatorSpec.Category(c.id(), c.name()));
        }
        int k = categories.size();
        segmenter = data.resolve("segmenter");
        export(
                segmenter,
                AnnotatorSpec.Kind.SEGMENTER,
                BlockSpec.of("unet").with("numClasses", k + 1).with("width", 4).with("depth", 2),
                categories);
        tagger = data.resolve("tagger");
        export(
                tagger,
                AnnotatorSpec.Kind.TAGGER,
                BlockSpec.of("tagger")
                        .with("numLabels", k)
                        .with("inputSize", SIZE)
                        .with("width", 4)
                        .with("depth", 2),
                categories);
    }

    private static void export(
            Path folder,
            AnnotatorSpec.Kind kind,
            BlockSpec generator,
            List<AnnotatorSpec.Category> categories)
            throws IOException {
        float[] half = {0.5f, 0.5f, 0.5f};
        AnnotatorSpec spec =
                new AnnotatorSpec(kind, generator, categories, SIZE, SIZE, half, half, 0.5f);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = BlockBuilders.build(generator);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
            AnnotatorExport.save(folder, block, spec);
        }
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

    @Test
    void segmenterResultsHoldExactlyPycocotoolsFieldsAndTheCriteriaMasks() throws Exception {
        Path out = dir.resolve("out");
        CliRun run = annotate(segmenter, images(), out, "--ids-from", groundTruth.toString());
        assertEquals(0, run.code(), run.err());

        CocoIndex gt = CocoIndex.read(groundTruth);
        List<CategoryMask> expected = criteriaMasks();
        JsonArray results =
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonArray();
        int n = 0;
        for (int i = 0; i < IMAGES; i++) {
            int[][] mask = expected.get(i).getMask();
            long imageId = idOf(gt, imageFiles().get(i));
            for (int c = 1; c <= gt.categories().size(); c++) {
                byte[] binary = binary(mask, c);
                if (RunLengthMask.fromBinary(binary, SIZE, SIZE, true).area() == 0) {
                    continue;
                }
                JsonObject result = results.get(n++).getAsJsonObject();
                assertEquals(
                        List.of("image_id", "category_id", "bbox", "segmentation", "score"),
                        List.copyOf(result.keySet()));
                JsonObject segmentation = result.getAsJsonObject("segmentation");
                assertEquals(List.of("size", "counts"), List.copyOf(segmentation.keySet()));
                assertEquals("[32,32]", segmentation.get("size").toString());
                assertEquals(imageId, result.get("image_id").getAsLong());
                assertEquals(
                        gt.categoryMap().categoryId(c - 1), result.get("category_id").getAsInt());
                RunLengthMask written =
                        RunLengthMask.fromCompressed(
                                SIZE, SIZE, segmentation.get("counts").getAsString());
                assertEquals(RunLengthMask.fromBinary(binary, SIZE, SIZE, true), written);
                assertArrayEquals(written.toBbox(), numbers(result.getAsJsonArray("bbox")));
            }
        }
        assertEquals(n, results.size());
        assertTrue(n > IMAGES, "the fixed weights draw several classes per image: " + n);
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
            int[][] mask = masks.get(i).getMask();
            int[] predicted = new int[SIZE * SIZE];
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    predicted[y * SIZE + x] = mask[y][x];
                }
            }
            matrix.add(
                    CocoTargets.semanticMap(image, gt.annotationsOf(image.id()), classes),
                    predicted,
                    CocoTargets.IGNORE);
            for (int c = 1; c <= classes.size(); c++) {
                RunLengthMask rle = RunLengthMask.fromBinary(binary(mask, c), SIZE, SIZE, true);
                if (rle.area() > 0) {
                    double score = ((ScoredCategoryMask) masks.get(i)).getScore(c);
                    detections.add(
                            CocoPrediction.ofMask(
                                    image.id(), classes.categoryId(c - 1), rle, score));
                }
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
    void theDatasetFileHoldsOnePolygonPerRegionCoveringEachMask() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, annotate(segmenter, images(), out, "--threshold", "0").code());
        CocoIndex dataset = CocoIndex.read(out.resolve("annotations.json"));
        assertEquals(IMAGES, dataset.images().size());
        List<CategoryMask> masks = criteriaMasks();
        for (int i = 0; i < IMAGES; i++) {
            CocoImage image = dataset.images().get(i);
            assertEquals(i + 1, image.id(), "without --ids-from, images count from 1");
            assertEquals(imageFiles().get(i).getFileName().toString(), image.fileName());
            for (int c = 1; c <= dataset.categories().size(); c++) {
                int categoryId = dataset.categoryMap().categoryId(c - 1);
                RunLengthMask mask =
                        RunLengthMask.fromBinary(
                                binary(masks.get(i).getMask(), c), SIZE, SIZE, true);
                List<RunLengthMask> regions = new ArrayList<>();
                long area = 0;
                for (CocoAnnotation a : dataset.annotationsOf(image.id())) {
                    if (a.categoryId() == categoryId) {
                        regions.add(a.segmentation().toMask(SIZE, SIZE));
                        area += (long) a.area();
                    }
                }
                assertEquals(mask.area(), area, "image " + i + " class " + c);
                if (!regions.isEmpty()) {
                    // Polygons fill holes, so they cover the mask and perhaps more.
                    RunLengthMask union = RunLengthMask.union(regions);
                    assertEquals(mask, RunLengthMask.intersection(List.of(mask, union)));
                }
            }
        }
        BufferedImage overlay = ImageIO.read(out.resolve("overlays/000001.png").toFile());
        int legend = overlay.getHeight() - SIZE;
        assertTrue(legend > 0 && legend % 18 == 0, "the image below a legend of whole lines");
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
                    List.of("annotations.json", "overlays", "results.json", "summary.json"),
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
