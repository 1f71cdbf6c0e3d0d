package dev.annogan.examples.annotate;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.model.BlockBuilders;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.datasets.coco.CocoCategory;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.shapes.ShapesDatasetGenerator;
import dev.annogan.training.AnnotatorExport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A shapes folder and two annotators with fixed (untrained, seeded) weights exported from it, for
 * tests of what is done with a trained annotator: pre-annotation and serving.
 *
 * @param shapes the shapes dataset folder
 * @param groundTruth its COCO file
 * @param images its image folder
 * @param segmenter the model folder of a small U-Net segmenter
 * @param tagger the model folder of a small tagger
 */
public record TestAnnotators(
        Path shapes, Path groundTruth, Path images, Path segmenter, Path tagger) {

    /**
     * Writes the shapes images and exports both annotators under {@code dir}.
     *
     * @param dir an empty folder
     * @param size the image side
     * @param count the number of images
     * @return the paths
     * @throws IOException if writing fails
     */
    public static TestAnnotators write(Path dir, int size, int count) throws IOException {
        Path shapes = dir.resolve("shapes");
        ShapesDatasetGenerator.builder()
                .setOutputFolder(shapes)
                .setImageCount(count)
                .optImageSize(size, size)
                .optSeed(5)
                .build()
                .generate();
        Path groundTruth = shapes.resolve(ShapesDatasetGenerator.ANNOTATIONS_FILE);
        List<AnnotatorSpec.Category> categories = new ArrayList<>();
        for (CocoCategory c : CocoIndex.read(groundTruth).categoryMap().categories()) {
            categories.add(new AnnotatorSpec.Category(c.id(), c.name()));
        }
        int k = categories.size();
        Path segmenter = dir.resolve("segmenter");
        export(
                segmenter,
                AnnotatorSpec.Kind.SEGMENTER,
                BlockSpec.of("unet").with("numClasses", k + 1).with("width", 4).with("depth", 2),
                categories,
                size);
        Path tagger = dir.resolve("tagger");
        export(
                tagger,
                AnnotatorSpec.Kind.TAGGER,
                BlockSpec.of("tagger")
                        .with("numLabels", k)
                        .with("inputSize", size)
                        .with("width", 4)
                        .with("depth", 2),
                categories,
                size);
        return new TestAnnotators(
                shapes,
                groundTruth,
                shapes.resolve(ShapesDatasetGenerator.IMAGE_FOLDER),
                segmenter,
                tagger);
    }

    private static void export(
            Path folder,
            AnnotatorSpec.Kind kind,
            BlockSpec generator,
            List<AnnotatorSpec.Category> categories,
            int size)
            throws IOException {
        float[] half = {0.5f, 0.5f, 0.5f};
        AnnotatorSpec spec =
                new AnnotatorSpec(kind, generator, categories, size, size, half, half, 0.5f);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = BlockBuilders.build(generator);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
            AnnotatorExport.save(folder, block, spec);
        }
    }
}
