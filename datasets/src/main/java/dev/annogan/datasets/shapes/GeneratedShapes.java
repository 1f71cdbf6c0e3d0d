package dev.annogan.datasets.shapes;

import dev.annogan.datasets.coco.CocoAnnotation;
import dev.annogan.datasets.coco.CocoCategory;
import dev.annogan.datasets.coco.CocoImage;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ShapesDatasetGenerator#generate()} wrote: the files, and the same content in memory.
 *
 * @param annotationsFile the COCO annotations file, {@code annotations.json}
 * @param imageFolder the folder of the images, which {@link CocoImage#fileName()} is relative to
 * @param categories one category per {@link ShapeKind}, ids 1..K
 * @param images the images, ids 1..N in generation order
 * @param annotations the annotations, ids 1..M, grouped by image and in drawing order within one
 */
public record GeneratedShapes(
        Path annotationsFile,
        Path imageFolder,
        List<CocoCategory> categories,
        List<CocoImage> images,
        List<CocoAnnotation> annotations) {}
