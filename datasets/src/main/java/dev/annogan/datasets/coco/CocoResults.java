package dev.annogan.datasets.coco;

import dev.annogan.datasets.coco.JsonCursor.Token;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes COCO results files: JSON lists of {@code {image_id, category_id, bbox |
 * segmentation, score}}, the format pycocotools' {@code loadRes} and the COCO evaluation server
 * take. A result with neither box nor segmentation is an image-level label (a tag), which {@code
 * loadRes} accepts as it is.
 */
public final class CocoResults {

    // As for datasets: predicted polygons may reach a rounding pixel past the border.
    private static final double BOUNDS_TOLERANCE = 1.0;

    private CocoResults() {}

    /** Writes detections as a results file, atomically. */
    public static void write(Path file, List<CocoPrediction> detections) throws IOException {
        CocoWriter.writeResults(file, detections);
    }

    /**
     * Reads a results file and checks it against the ground truth it will be evaluated on: every
     * image and category must exist there, masks must have their image's size.
     *
     * @throws CocoFormatException naming the result's position and field, on the first problem
     */
    public static List<CocoPrediction> read(Path file, CocoIndex groundTruth) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such results file");
        }
        List<CocoPrediction> detections = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            JsonCursor json = new JsonCursor(in);
            if (json.peek() != Token.BEGIN_ARRAY) {
                throw new CocoFormatException(
                        CocoProblem.ofFile(
                                file,
                                "a results file must be a JSON list, found "
                                        + FieldReader.describe(json.peek())));
            }
            FieldReader fields = new FieldReader(json);
            json.beginArray();
            while (json.hasNext()) {
                detections.add(readOne(file, fields, detections.size(), groundTruth));
            }
            json.endArray();
            if (json.peek() != Token.END_DOCUMENT) {
                throw new CocoFormatException(
                        CocoProblem.ofFile(file, "malformed JSON: data after the list"));
            }
        } catch (CocoFormatException e) {
            throw e;
        } catch (JsonCursor.JsonSyntaxException | EOFException e) {
            throw new CocoFormatException(
                    List.of(CocoProblem.ofFile(file, "malformed JSON: " + e.getMessage())), e);
        }
        return detections;
    }

    private static CocoPrediction readOne(
            Path file, FieldReader fields, int position, CocoIndex groundTruth) throws IOException {
        JsonCursor json = fields.json();
        if (json.peek() != Token.BEGIN_OBJECT) {
            throw new CocoFormatException(
                    new CocoProblem(
                            file,
                            "result",
                            null,
                            position,
                            null,
                            "must be an object, found " + FieldReader.describe(json.peek())));
        }
        fields.startRecord();
        long imageId = Long.MIN_VALUE;
        int categoryId = Integer.MIN_VALUE;
        double[] bbox = null;
        Segmentation segmentation = null;
        double score = Double.NaN;
        json.beginObject();
        while (json.hasNext()) {
            String key = json.nextName();
            if (fields.skipNull()) {
                continue;
            }
            switch (key) {
                case "image_id" -> imageId = fields.readLong("image_id", Long.MIN_VALUE);
                case "category_id" -> categoryId = fields.readInt("category_id", Integer.MIN_VALUE);
                case "bbox" -> bbox = fields.readNumbers("bbox");
                case "segmentation" -> segmentation = fields.readSegmentation("segmentation");
                case "score" -> score = fields.readDouble("score");
                default -> json.skipValue();
            }
        }
        json.endObject();
        if (fields.errors().isEmpty()) {
            if (imageId == Long.MIN_VALUE) {
                fields.error("image_id", "is missing");
            } else if (!groundTruth.hasImage(imageId)) {
                fields.error("image_id", "image " + imageId + " is not in the ground truth");
            }
            if (categoryId == Integer.MIN_VALUE) {
                fields.error("category_id", "is missing");
            } else if (!groundTruth.categoryMap().contains(categoryId)) {
                fields.error(
                        "category_id", "category " + categoryId + " is not in the ground truth");
            }
            if (Double.isNaN(score)) {
                fields.error("score", "is missing");
            }
            if (bbox != null && (bbox.length != 4 || bbox[2] < 0 || bbox[3] < 0)) {
                fields.error("bbox", "must be [x, y, width, height] with non-negative sizes");
            }
            if (segmentation != null && groundTruth.hasImage(imageId)) {
                String[] problem =
                        SegmentationCheck.problem(
                                segmentation, groundTruth.image(imageId), BOUNDS_TOLERANCE);
                if (problem != null) {
                    fields.error(problem[0], problem[1]);
                }
            }
        }
        if (!fields.errors().isEmpty()) {
            String[] first = fields.errors().get(0);
            throw new CocoFormatException(
                    new CocoProblem(file, "result", null, position, first[0], first[1]));
        }
        return new CocoPrediction(imageId, categoryId, bbox, segmentation, score);
    }
}
