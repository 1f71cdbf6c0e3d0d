package dev.annogan.datasets.coco;

import com.google.gson.stream.JsonWriter;
import dev.annogan.core.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes COCO-format files: full datasets (importable into CVAT, Label Studio and pycocotools) and
 * results lists. Files are written atomically: a failed write leaves no partial file.
 */
public final class CocoWriter {

    private CocoWriter() {}

    /** Writes a dataset file with the images, categories and annotations of an index. */
    public static void writeDataset(Path file, CocoIndex index) throws IOException {
        writeDataset(file, index.images(), index.categories(), index.annotations());
    }

    /**
     * Writes a dataset file: {@code info}, {@code licenses} (empty), {@code images}, {@code
     * annotations}, {@code categories}.
     */
    public static void writeDataset(
            Path file,
            List<CocoImage> images,
            List<CocoCategory> categories,
            List<CocoAnnotation> annotations)
            throws IOException {
        try (CocoDatasetWriter writer = CocoDatasetWriter.open(file, categories)) {
            for (CocoImage image : images) {
                writer.addImage(image);
            }
            for (CocoAnnotation annotation : annotations) {
                writer.addAnnotation(annotation, Double.NaN);
            }
            writer.commit();
        }
    }

    /**
     * Writes a results file: a JSON list of {@code {image_id, category_id, bbox|segmentation,
     * score}}, as pycocotools' {@code loadRes} reads it.
     */
    public static void writeResults(Path file, List<CocoPrediction> detections) throws IOException {
        AtomicFile.writeText(
                file,
                out -> {
                    JsonWriter json = new JsonWriter(out);
                    json.beginArray();
                    long position = 0;
                    for (CocoPrediction d : detections) {
                        writeDetection(json, d, ++position);
                    }
                    json.endArray();
                    json.flush();
                });
    }

    /**
     * Writes one result in pycocotools' field order: {@code image_id, category_id}, then {@code
     * bbox} and {@code segmentation} when present, {@code score}. An image-level label (neither box
     * nor mask) also gets an {@code id}: {@code loadRes} numbers box and mask results itself but
     * indexes the others by an {@code id} they must bring, and fails without one.
     *
     * @param position the result's 1-based position in its file, its {@code id} if it needs one
     */
    static void writeDetection(JsonWriter json, CocoPrediction d, long position)
            throws IOException {
        json.beginObject();
        if (d.isTag()) {
            json.name("id").value(position);
        }
        json.name("image_id").value(d.imageId());
        json.name("category_id").value(d.categoryId());
        if (d.bbox() != null) {
            json.name("bbox");
            writeNumbers(json, d.bbox());
        }
        if (d.segmentation() != null) {
            json.name("segmentation");
            writeSegmentation(json, d.segmentation());
        }
        json.name("score").value(d.score());
        json.endObject();
    }

    static void writeImage(JsonWriter json, CocoImage image) throws IOException {
        json.beginObject();
        json.name("id").value(image.id());
        json.name("file_name").value(image.fileName());
        json.name("width").value(image.width());
        json.name("height").value(image.height());
        if (image.license() != null) {
            json.name("license").value(image.license());
        }
        if (image.cocoUrl() != null) {
            json.name("coco_url").value(image.cocoUrl());
        }
        json.endObject();
    }

    /**
     * Writes an annotation, with {@code "segmentation": []} when it has none, and a {@code score}
     * field and CVAT's {@code attributes} when {@code score} is not NaN.
     */
    static void writeAnnotation(JsonWriter json, CocoAnnotation a, double score)
            throws IOException {
        json.beginObject();
        json.name("id").value(a.id());
        json.name("image_id").value(a.imageId());
        json.name("category_id").value(a.categoryId());
        json.name("bbox");
        writeNumbers(json, a.bbox());
        if (a.hasArea()) {
            json.name("area");
            writeNumber(json, a.area());
        }
        json.name("iscrowd").value(a.iscrowd() ? 1 : 0);
        // Always present: CVAT's COCO importer requires the field, an empty list for a box alone.
        json.name("segmentation");
        if (a.segmentation() != null) {
            writeSegmentation(json, a.segmentation());
        } else {
            json.beginArray().endArray();
        }
        if (!Double.isNaN(score)) {
            // A prediction: the score, and the attributes CVAT keeps (marked as automatic).
            json.name("score").value(score);
            json.name("attributes").beginObject();
            json.name("source").value("auto");
            json.name("score").value(score);
            json.endObject();
        }
        json.endObject();
    }

    static void writeCategory(JsonWriter json, CocoCategory category) throws IOException {
        json.beginObject();
        json.name("id").value(category.id());
        json.name("name").value(category.name());
        if (category.supercategory() != null) {
            json.name("supercategory").value(category.supercategory());
        }
        json.endObject();
    }

    /** Writes a segmentation in the form COCO tools expect for its kind. */
    static void writeSegmentation(JsonWriter json, Segmentation segmentation) throws IOException {
        if (segmentation instanceof Segmentation.Polygons polygons) {
            json.beginArray();
            for (double[] ring : polygons.rings()) {
                writeNumbers(json, ring);
            }
            json.endArray();
        } else if (segmentation instanceof Segmentation.Rle rle) {
            json.beginObject();
            json.name("size").beginArray().value(rle.height()).value(rle.width()).endArray();
            json.name("counts").beginArray();
            for (int count : rle.counts()) {
                json.value(count);
            }
            json.endArray();
            json.endObject();
        } else if (segmentation instanceof Segmentation.CompressedRle rle) {
            json.beginObject();
            json.name("size").beginArray().value(rle.height()).value(rle.width()).endArray();
            json.name("counts").value(rle.counts());
            json.endObject();
        }
    }

    private static void writeNumbers(JsonWriter json, double[] values) throws IOException {
        json.beginArray();
        for (double v : values) {
            writeNumber(json, v);
        }
        json.endArray();
    }

    /** Writes integral values without a trailing ".0", as the COCO tools themselves do. */
    private static void writeNumber(JsonWriter json, double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            json.value((long) v);
        } else {
            json.value(v);
        }
    }
}
