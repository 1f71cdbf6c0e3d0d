package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.annogan.core.backbone.ImageBackbone;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.core.nn.ImageEncoder;
import dev.annogan.core.nn.StridedConvStack;
import dev.annogan.core.segmentation.Pix2PixGenerator;
import dev.annogan.core.tagging.TaggerGenerator;
import dev.annogan.datasets.shapes.ShapesDatasetGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code annogan pretrain} on 40 tiny shapes images, and annotators started from the backbone it
 * exports: frozen, fine-tuned at their own learning rate, exported and loaded again.
 */
class PretrainCommandTest {

    @TempDir static Path data;

    @TempDir Path dir;

    private static Path shapes;
    private static Path backbone;
    private static CliRun pretrain;

    @BeforeAll
    static void pretrainOnce() throws IOException {
        shapes = data.resolve("shapes");
        ShapesDatasetGenerator.builder()
                .setOutputFolder(shapes)
                .setImageCount(40)
                .optImageSize(32, 32)
                .optSeed(3)
                .build()
                .generate();
        pretrain =
                CliRun.of(
                        "pretrain",
                        "--images",
                        shapes.resolve(ShapesDatasetGenerator.IMAGE_FOLDER).toString(),
                        "--out",
                        data.resolve("pt").toString(),
                        "--size",
                        "32",
                        "--width",
                        "8",
                        "--depth",
                        "3",
                        "--g-width",
                        "8",
                        "--batch",
                        "8",
                        "--epochs",
                        "1");
        backbone = data.resolve("pt/backbone");
    }

    private CliRun train(String application, String... extra) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "train",
                                application,
                                "--data",
                                "shapes",
                                shapes.toString(),
                                "--out",
                                dir.resolve("run").toString(),
                                "--epochs",
                                "1",
                                "--batch",
                                "4",
                                "--size",
                                "32",
                                "--labeled-fraction",
                                "0.25"));
        argv.addAll(List.of(extra));
        return CliRun.of(argv.toArray(new String[0]));
    }

    @Test
    void pretrainingExportsDsEncoderAsABackboneThatCriteriaLoads() throws Exception {
        assertEquals(0, pretrain.code(), pretrain.err());
        assertTrue(
                pretrain.out().contains("pretrain: 40 images of ")
                        && pretrain.out().contains("at 32x32"),
                pretrain.out());
        assertTrue(pretrain.out().contains("backbone saved to " + backbone), pretrain.out());
        Path run = data.resolve("pt");
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(2, csv.size(), "one row per epoch");
        assertTrue(csv.get(0).endsWith("real_accuracy,fake_accuracy"), csv.get(0));
        assertTrue(Files.exists(run.resolve("samples/final.png")));
        assertTrue(Files.exists(run.resolve("samples/epoch-001.png")));

        assertEquals(
                new ImageBackbone.Architecture(8, 3, true), ImageBackbone.architecture(backbone));
        // DJL alone, from the path: an encoder of 32x32 images into 32 maps of 4x4.
        try (ZooModel<NDList, NDList> model =
                        Criteria.builder()
                                .setTypes(NDList.class, NDList.class)
                                .optModelPath(backbone)
                                .build()
                                .loadModel();
                NDManager manager = NDManager.newBaseManager()) {
            assertInstanceOf(ImageEncoder.class, model.getBlock());
            NDList features =
                    model.newPredictor()
                            .predict(new NDList(manager.randomNormal(new Shape(2, 3, 32, 32))));
            assertEquals(new Shape(2, 32 * 4 * 4), features.head().getShape());
        }
    }

    @Test
    void aFrozenBackboneIsExportedUnchangedInsideTheTagger() throws Exception {
        CliRun run = train("tagger", "--backbone", backbone.toString(), "--freeze-backbone");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("backbone " + backbone + " (frozen)"), run.out());
        float[][] want = backboneWeights();
        try (ModelFolder.LoadedModel tagger =
                ModelFolder.load(dir.resolve("run/model"), "tagger")) {
            StridedConvStack convs =
                    (StridedConvStack)
                            ((TaggerGenerator) tagger.block()).getEncoder().getConvolutions();
            assertEquals(8, convs.getWidth(), "G takes the backbone's width");
            assertEquals(3, convs.getDepth(), "and depth");
            float[][] got = weights(convs, want.length);
            for (int i = 0; i < want.length; i++) {
                assertArrayEquals(want[i], got[i], "parameter " + i + " stayed the backbone's");
            }
        }
        String identity = Files.readString(dir.resolve("run/run.json"));
        assertTrue(identity.contains("\"freeze\":true"), identity);
    }

    @Test
    void aFineTunedBackboneMovesAtItsOwnLearningRate() throws Exception {
        float[][] want = backboneWeights();
        CliRun slow =
                train("segmenter", "--backbone", backbone.toString(), "--backbone-lr", "1e-6");
        assertEquals(0, slow.code(), slow.err());
        assertTrue(slow.out().contains("fine-tuned at 1.0E-6 x G's learning rate"), slow.out());
        double slowChange = largestChange(want, segmenterEncoder());
        // A second run in a fresh folder: nothing shared with the first but the backbone.
        try (Stream<Path> files = Files.walk(dir.resolve("run"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        CliRun fast = train("segmenter", "--backbone", backbone.toString(), "--backbone-lr", "1");
        assertEquals(0, fast.code(), fast.err());
        double fastChange = largestChange(want, segmenterEncoder());
        // 6 Adam steps move a weight by at most about 6 x lr: 6e-9 at a millionth of 1e-3.
        assertTrue(slowChange < 1e-6, "slow backbone moved by " + slowChange);
        assertTrue(fastChange > 1e-4, "fine-tuned backbone moved by only " + fastChange);
    }

    @Test
    void anAnnotatorOnABackboneAnnotatesLikeAnyOther() throws IOException {
        CliRun run = train("segmenter", "--backbone", backbone.toString(), "--baseline");
        assertEquals(0, run.code(), run.err());
        Path out = dir.resolve("annotated");
        CliRun annotate =
                CliRun.of(
                        "annotate",
                        "--model",
                        dir.resolve("run/model").toString(),
                        "--images",
                        shapes.resolve(ShapesDatasetGenerator.IMAGE_FOLDER).toString(),
                        "--out",
                        out.toString());
        assertEquals(0, annotate.code(), annotate.err());
        JsonArray results =
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonArray();
        assertFalse(results.isEmpty(), "the segmenter finds objects in 40 images");
        // The exported annotator needs nothing of the backbone folder.
        try (ModelFolder.LoadedModel model =
                ModelFolder.load(dir.resolve("run/model"), "segmenter")) {
            assertInstanceOf(Pix2PixGenerator.class, model.block());
        }
    }

    @Test
    void mistakesAreOneLineNamingTheFolder() throws IOException {
        CliRun missing = train("tagger", "--backbone", dir.resolve("nowhere").toString());
        assertEquals(2, missing.code());
        assertTrue(
                missing.err()
                                .startsWith(
                                        "annogan train tagger: --backbone "
                                                + dir.resolve("nowhere"))
                        && missing.err().contains("annogan pretrain"),
                missing.err());

        CliRun notABackbone = train("tagger", "--backbone", data.resolve("pt").toString());
        assertEquals(2, notABackbone.code());
        assertTrue(notABackbone.err().contains("not an AnnoGAN model folder"), notABackbone.err());

        CliRun flat = train("tagger", "--backbone", backbone.toString(), "--encoder", "flat");
        assertEquals(2, flat.code());
        assertTrue(flat.err().contains("is batch-normalised: use --encoder pooled"), flat.err());

        CliRun unet = train("segmenter", "--backbone", backbone.toString(), "--generator", "unet");
        assertEquals(2, unet.code());
        assertTrue(unet.err().contains("--backbone needs --generator pix2pix"), unet.err());

        CliRun freezeAlone = train("tagger", "--freeze-backbone");
        assertEquals(2, freezeAlone.code());
        assertTrue(
                freezeAlone.err().contains("--freeze-backbone needs --backbone"),
                freezeAlone.err());

        for (CliRun run : List.of(missing, notABackbone, flat, unet, freezeAlone)) {
            assertEquals(2, run.err().lines().count(), run.err());
            assertFalse(Files.exists(dir.resolve("run/checkpoints")), "nothing trained");
        }
    }

    @Test
    void pretrainingRefusesFoldersWithoutReadableImages() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun none =
                CliRun.of(
                        "pretrain",
                        "--images",
                        empty.toString(),
                        "--out",
                        dir.resolve("a").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains(empty + ": holds no image"), none.err());

        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("photo.jpg"), "not a JPEG");
        CliRun corrupt =
                CliRun.of(
                        "pretrain",
                        "--images",
                        broken.toString(),
                        "--out",
                        dir.resolve("b").toString());
        // Bad data, as a broken COCO file: exit code 1 and one line naming the file.
        assertEquals(1, corrupt.code());
        assertTrue(corrupt.err().contains(broken.resolve("photo.jpg").toString()), corrupt.err());
        assertEquals(1, corrupt.err().lines().count(), corrupt.err());
        assertFalse(Files.exists(dir.resolve("b/checkpoints")), "nothing trained");
    }

    private static float[][] backboneWeights() throws IOException {
        try (ModelFolder.LoadedModel model =
                ModelFolder.load(backbone, ImageBackbone.APPLICATION)) {
            StridedConvStack convs =
                    (StridedConvStack) ((ImageEncoder) model.block()).getConvolutions();
            return weights(convs, convs.getParameters().size());
        }
    }

    private float[][] segmenterEncoder() throws IOException {
        try (ModelFolder.LoadedModel model =
                ModelFolder.load(dir.resolve("run/model"), "segmenter")) {
            return weights(model.block(), backboneWeights().length);
        }
    }

    /** The first {@code count} parameters of a block, in {@code getParameters()} order. */
    private static float[][] weights(Block block, int count) {
        float[][] values = new float[count][];
        int i = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (i == count) {
                break;
            }
            values[i++] = p.getValue().getArray().toFloatArray();
        }
        return values;
    }

    private static double largestChange(float[][] a, float[][] b) {
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                largest = Math.max(largest, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return largest;
    }
}
