package dev.annogan.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.annotate.AnnotatorSpec.Category;
import dev.annogan.core.annotate.AnnotatorTranslatorFactory;
import dev.annogan.core.model.BlockBuilders;
import dev.annogan.core.model.BlockSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exported generator loads through DJL's {@code Criteria} alone and predicts what the trained
 * Block in memory predicts.
 */
class AnnotatorExportTest {

    private static final float[] HALF = {0.5f, 0.5f, 0.5f};
    private static final int SIZE = 16;

    @TempDir Path dir;

    @Test
    void exportedSegmenterLoadsThroughCriteriaAndDrawsTheInMemoryMask() throws Exception {
        BlockSpec unet =
                BlockSpec.of("unet").with("numClasses", 3).with("width", 4).with("depth", 1);
        AnnotatorSpec spec = spec(AnnotatorSpec.Kind.SEGMENTER, unet);
        Path folder = dir.resolve("model");
        try (NDManager manager = NDManager.newBaseManager()) {
            Block trained = trainedLooking(manager, unet);
            AnnotatorExport.save(folder, trained, spec);
            Image image = randomImage(SIZE, SIZE, 1);

            Criteria<Image, CategoryMask> criteria =
                    Criteria.builder()
                            .setTypes(Image.class, CategoryMask.class)
                            .optModelPath(folder)
                            .optTranslatorFactory(new AnnotatorTranslatorFactory())
                            .build();
            int[][] mask;
            try (ZooModel<Image, CategoryMask> model = criteria.loadModel();
                    Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
                CategoryMask predicted = predictor.predict(image);
                assertEquals(List.of("background", "circle", "square"), predicted.getClasses());
                mask = predicted.getMask();
            }

            float[] logits = forward(manager, trained, image).toFloatArray();
            int plane = SIZE * SIZE;
            for (int p = 0; p < plane; p++) {
                int best = 0;
                for (int c = 1; c < 3; c++) {
                    if (logits[c * plane + p] > logits[best * plane + p]) {
                        best = c;
                    }
                }
                assertEquals(best, mask[p / SIZE][p % SIZE], "pixel " + p);
            }
        }
        assertTrue(Files.isRegularFile(folder.resolve("model-0000.params")));
        assertEquals(spec, AnnotatorSpec.read(folder));
    }

    @Test
    void exportedTaggerGivesTheSigmoidOfTheInMemoryLogitsAtZeroNoise() throws Exception {
        BlockSpec tagger =
                BlockSpec.of("tagger")
                        .with("numLabels", 2)
                        .with("inputSize", SIZE)
                        .with("width", 4)
                        .with("depth", 2)
                        .with("noiseDim", 3)
                        .with("batchNorm", true);
        AnnotatorSpec spec = spec(AnnotatorSpec.Kind.TAGGER, tagger);
        Path folder = dir.resolve("tagger");
        try (NDManager manager = NDManager.newBaseManager()) {
            Block trained = trainedLooking(manager, tagger);
            AnnotatorExport.save(folder, trained, spec);
            Image image = randomImage(SIZE, SIZE, 2);

            Criteria<Image, Classifications> criteria =
                    Criteria.builder()
                            .setTypes(Image.class, Classifications.class)
                            .optModelPath(folder)
                            .optTranslatorFactory(new AnnotatorTranslatorFactory())
                            .build();
            List<Double> probabilities;
            try (ZooModel<Image, Classifications> model = criteria.loadModel();
                    Predictor<Image, Classifications> predictor = model.newPredictor()) {
                Classifications tags = predictor.predict(image);
                assertEquals(List.of("circle", "square"), tags.getClassNames());
                probabilities = tags.getProbabilities();
            }

            float[] logits = forward(manager, trained, image).toFloatArray();
            for (int k = 0; k < 2; k++) {
                assertEquals(1 / (1 + Math.exp(-logits[k])), probabilities.get(k), 1e-6);
            }
        }
    }

    @Test
    void batchesOfImagesOfDifferentSizesGetMasksOfTheirOwnSizesInOrder() throws Exception {
        BlockSpec unet =
                BlockSpec.of("unet").with("numClasses", 3).with("width", 4).with("depth", 1);
        Path folder = dir.resolve("model");
        try (NDManager manager = NDManager.newBaseManager()) {
            AnnotatorExport.save(
                    folder,
                    trainedLooking(manager, unet),
                    spec(AnnotatorSpec.Kind.SEGMENTER, unet));
        }
        Criteria<Image, CategoryMask> criteria =
                Criteria.builder()
                        .setTypes(Image.class, CategoryMask.class)
                        .optModelPath(folder)
                        .optTranslatorFactory(new AnnotatorTranslatorFactory())
                        .build();
        try (ZooModel<Image, CategoryMask> model = criteria.loadModel();
                Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
            List<CategoryMask> masks =
                    predictor.batchPredict(
                            List.of(
                                    randomImage(40, 24, 3),
                                    randomImage(8, 8, 4),
                                    randomImage(16, 16, 5)));
            int[][] sizes = {{24, 40}, {8, 8}, {16, 16}};
            for (int i = 0; i < 3; i++) {
                int[][] mask = masks.get(i).getMask();
                assertArrayEquals(sizes[i], new int[] {mask.length, mask[0].length}, "image " + i);
            }
        }
    }

    @Test
    void aDescriptionThatDoesNotRebuildTheTrainedNetworkIsRefusedAndWritesNothing() {
        BlockSpec trainedAs =
                BlockSpec.of("unet").with("numClasses", 3).with("width", 4).with("depth", 1);
        BlockSpec describedAs = trainedAs.with("width", 8);
        Path folder = dir.resolve("model");
        try (NDManager manager = NDManager.newBaseManager()) {
            Block trained = trainedLooking(manager, trainedAs);
            IOException e =
                    assertThrows(
                            IOException.class,
                            () ->
                                    AnnotatorExport.save(
                                            folder,
                                            trained,
                                            spec(AnnotatorSpec.Kind.SEGMENTER, describedAs)));
            assertTrue(
                    e.getMessage().contains("does not rebuild the trained network"),
                    e.getMessage());
        }
        assertFalse(Files.exists(folder));
    }

    @Test
    void aSecondExportReplacesTheFirstWholly() throws Exception {
        BlockSpec unet =
                BlockSpec.of("unet").with("numClasses", 3).with("width", 4).with("depth", 1);
        Path folder = dir.resolve("model");
        try (NDManager manager = NDManager.newBaseManager()) {
            AnnotatorExport.save(
                    folder,
                    trainedLooking(manager, unet),
                    spec(AnnotatorSpec.Kind.SEGMENTER, unet));
            Files.writeString(folder.resolve("stale.txt"), "from before");
            AnnotatorExport.save(
                    folder,
                    trainedLooking(manager, unet),
                    spec(AnnotatorSpec.Kind.SEGMENTER, unet));
        }
        assertFalse(Files.exists(folder.resolve("stale.txt")));
        try (var entries = Files.list(dir)) {
            assertEquals(List.of(folder), entries.toList(), "no temporary folders left");
        }
    }

    private static AnnotatorSpec spec(AnnotatorSpec.Kind kind, BlockSpec generator) {
        return new AnnotatorSpec(
                kind,
                generator,
                List.of(new Category(1, "circle"), new Category(7, "square")),
                SIZE,
                SIZE,
                HALF,
                HALF,
                0.5f);
    }

    /**
     * Returns a generator with random weights whose batch-norm statistics have moved away from
     * their initial values, as after training, so that the export must carry them.
     */
    private static Block trainedLooking(NDManager manager, BlockSpec spec) {
        Block block = BlockBuilders.build(spec);
        block.initialize(manager, DataType.FLOAT32, new Shape(4, 3, SIZE, SIZE));
        NDArray batch = manager.randomNormal(2f, 3f, new Shape(4, 3, SIZE, SIZE), DataType.FLOAT32);
        for (int i = 0; i < 3; i++) {
            // As in training: inside a collector (MXNet refuses a training forward outside one)
            // and backpropagated (MXNet moves the statistics in the backward pass).
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray out =
                        block.forward(new ParameterStore(manager, false), new NDList(batch), true)
                                .head();
                collector.backward(out.sum());
            }
        }
        return block;
    }

    /** Runs the in-memory block on an image prepared by hand: (v / 255 - 0.5) / 0.5. */
    private static NDArray forward(NDManager manager, Block block, Image image) {
        BufferedImage pixels = (BufferedImage) image.getWrappedImage();
        float[] chw = new float[3 * SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int rgb = pixels.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int v = (rgb >> (16 - 8 * c)) & 0xFF;
                    chw[(c * SIZE + y) * SIZE + x] = (v / 255f - 0.5f) / 0.5f;
                }
            }
        }
        NDArray input = manager.create(chw, new Shape(1, 3, SIZE, SIZE));
        return block.forward(new ParameterStore(manager, false), new NDList(input), false)
                .head()
                .get(0);
    }

    private static Image randomImage(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return ImageFactory.getInstance().fromImage(image);
    }
}
