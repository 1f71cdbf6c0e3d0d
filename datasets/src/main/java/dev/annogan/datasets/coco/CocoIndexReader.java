package dev.annogan.datasets.coco;

import dev.annogan.datasets.coco.JsonCursor.Token;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads and validates a COCO instances file into a {@link CocoIndex}.
 *
 * <p>The file is streamed (never held as a JSON tree), so a train2017-sized file needs little more
 * memory than the index itself. Every record is checked: types and required fields, duplicate ids,
 * references to unknown images and categories, boxes and polygons outside their image, negative
 * sizes, RLE sizes and counts, file names that escape the image folder, absurd dimensions.
 *
 * <p>By default the first problem throws a {@link CocoFormatException} naming the file, the record
 * and the field. With {@link #optSkipInvalid(boolean) skipInvalid} a bad record is instead left out
 * and its problem kept in {@link CocoIndex#problems()}, so a tool can list every problem in a file
 * at once. Malformed JSON always throws: nothing after it can be trusted.
 */
public final class CocoIndexReader {

    /** The largest image side accepted; JPEG itself stops at 65535. */
    public static final int MAX_IMAGE_SIDE = 65_535;

    /** The most pixels an image may declare (masks index pixels with an int). */
    public static final long MAX_IMAGE_PIXELS = Integer.MAX_VALUE;

    private boolean skipInvalid;
    private double boundsTolerance = 1.0;

    CocoIndexReader() {}

    /**
     * Sets whether invalid records are skipped (and listed in {@link CocoIndex#problems()}) instead
     * of failing the read. Defaults to false.
     */
    public CocoIndexReader optSkipInvalid(boolean skipInvalid) {
        this.skipInvalid = skipInvalid;
        return this;
    }

    /**
     * Sets how far, in pixels, a box or polygon may reach past its image's border before it is an
     * error. Exporters round coordinates, so the default allows 1 pixel.
     */
    public CocoIndexReader optBoundsTolerance(double pixels) {
        if (!(pixels >= 0)) {
            throw new IllegalArgumentException("bounds tolerance must be >= 0, got " + pixels);
        }
        this.boundsTolerance = pixels;
        return this;
    }

    /**
     * Reads a COCO instances file ({@code .json}, or {@code .json.gz}).
     *
     * @throws CocoFormatException if the file is malformed or, without skipInvalid, any record is
     *     invalid
     * @throws NoSuchFileException if the file does not exist
     */
    public CocoIndex read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such annotation file");
        }
        Parse parse = new Parse(file);
        try (InputStream raw = Files.newInputStream(file);
                InputStream in =
                        file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            parse.document(new JsonCursor(in));
        } catch (CocoFormatException e) {
            throw e;
        } catch (JsonCursor.JsonSyntaxException | EOFException e) {
            throw new CocoFormatException(
                    List.of(CocoProblem.ofFile(file, "malformed JSON: " + e.getMessage())), e);
        }
        return parse.finish();
    }

    /** One read of one file: the records parsed so far and the problems found. */
    private final class Parse {
        private final Path file;
        private final List<CocoProblem> problems = new ArrayList<>();
        private final List<CocoImage> images = new ArrayList<>();

        /** Ids of image records reported as invalid: their annotations are not reported again. */
        private final Set<Long> invalidImageIds = new HashSet<>();

        private final List<CocoCategory> categories = new ArrayList<>();
        private final List<CocoAnnotation> annotations = new ArrayList<>();
        private boolean sawImages;
        private boolean sawCategories;

        Parse(Path file) {
            this.file = file;
        }

        void report(String section, Long id, int position, String field, String message)
                throws CocoFormatException {
            CocoProblem problem = new CocoProblem(file, section, id, position, field, message);
            if (!skipInvalid) {
                throw new CocoFormatException(problem);
            }
            problems.add(problem);
        }

        /** Reports the field errors of a record; returns whether it had none. */
        boolean flush(FieldReader fields, String section, Long id, int position)
                throws CocoFormatException {
            for (String[] error : fields.errors()) {
                report(section, id, position, error[0], error[1]);
            }
            return fields.errors().isEmpty();
        }

        void document(JsonCursor json) throws IOException {
            if (json.peek() != Token.BEGIN_OBJECT) {
                throw new CocoFormatException(
                        CocoProblem.ofFile(
                                file,
                                "must be a JSON object with images, annotations and categories,"
                                        + " found "
                                        + FieldReader.describe(json.peek())));
            }
            FieldReader fields = new FieldReader(json);
            json.beginObject();
            while (json.hasNext()) {
                String name = json.nextName();
                switch (name) {
                    case "images" -> {
                        sawImages = true;
                        list(json, "images", () -> image(fields, images.size()));
                    }
                    case "categories" -> {
                        sawCategories = true;
                        list(json, "categories", () -> category(fields, categories.size()));
                    }
                    case "annotations" -> list(json, "annotations", () -> annotation(fields));
                    default -> json.skipValue(); // info, licenses, and exporters' extras
                }
            }
            json.endObject();
            if (json.peek() != Token.END_DOCUMENT) {
                throw new CocoFormatException(
                        CocoProblem.ofFile(file, "malformed JSON: data after the top object"));
            }
        }

        private int annotationPosition;

        private interface RecordBody {
            void read() throws IOException;
        }

        private void list(JsonCursor json, String name, RecordBody body) throws IOException {
            if (json.peek() != Token.BEGIN_ARRAY) {
                throw new CocoFormatException(
                        CocoProblem.ofFile(
                                file,
                                "'"
                                        + name
                                        + "' must be a list, found "
                                        + FieldReader.describe(json.peek())));
            }
            json.beginArray();
            while (json.hasNext()) {
                if (json.peek() != Token.BEGIN_OBJECT) {
                    throw new CocoFormatException(
                            CocoProblem.ofFile(
                                    file,
                                    "'"
                                            + name
                                            + "' must hold objects, found "
                                            + FieldReader.describe(json.peek())
                                            + " at "
                                            + json.position()));
                }
                body.read();
            }
            json.endArray();
        }

        private void image(FieldReader fields, int position) throws IOException {
            JsonCursor json = fields.json();
            fields.startRecord();
            Long id = null;
            String fileName = null;
            int width = -1;
            int height = -1;
            Integer license = null;
            String cocoUrl = null;
            json.beginObject();
            while (json.hasNext()) {
                String name = json.nextName();
                if (fields.skipNull()) {
                    continue;
                }
                switch (name) {
                    case "id" -> id = fields.readLong("id", Long.MIN_VALUE);
                    case "file_name" -> fileName = fields.readString("file_name");
                    case "width" -> width = fields.readInt("width", -1);
                    case "height" -> height = fields.readInt("height", -1);
                    case "license" -> license = fields.readInt("license", 0);
                    case "coco_url" -> cocoUrl = fields.readString("coco_url");
                    default -> json.skipValue();
                }
            }
            json.endObject();
            if (id != null && id == Long.MIN_VALUE) {
                id = null;
            }
            requireField(fields, "id", id != null);
            requireField(fields, "file_name", fileName != null);
            requireField(fields, "width", width != -1);
            requireField(fields, "height", height != -1);
            if (fileName != null) {
                String escape = ImagePaths.escapeReason(fileName);
                if (escape != null) {
                    fields.error("file_name", escape);
                }
            }
            checkDimension(fields, "width", width);
            checkDimension(fields, "height", height);
            if (width > 0 && height > 0 && (long) width * height > MAX_IMAGE_PIXELS) {
                fields.error("width", "absurd image size " + width + "x" + height);
            }
            if (flush(fields, "image", id, position)) {
                images.add(new CocoImage(id, fileName, width, height, license, cocoUrl));
            } else if (id != null) {
                invalidImageIds.add(id);
            }
        }

        private void checkDimension(FieldReader fields, String field, int value) {
            if (value == -1) {
                return;
            }
            if (value <= 0) {
                fields.error(field, "must be positive, found " + value);
            } else if (value > MAX_IMAGE_SIDE) {
                fields.error(
                        field,
                        "absurd image dimension " + value + " (limit " + MAX_IMAGE_SIDE + ")");
            }
        }

        private void requireField(FieldReader fields, String field, boolean present) {
            boolean alreadyReported = false;
            for (String[] error : fields.errors()) {
                alreadyReported |= error[0].equals(field);
            }
            if (!present && !alreadyReported) {
                fields.error(field, "is missing");
            }
        }

        private void category(FieldReader fields, int position) throws IOException {
            JsonCursor json = fields.json();
            fields.startRecord();
            Integer id = null;
            String name = null;
            String supercategory = null;
            json.beginObject();
            while (json.hasNext()) {
                String key = json.nextName();
                if (fields.skipNull()) {
                    continue;
                }
                switch (key) {
                    case "id" -> {
                        int before = fields.errors().size();
                        int value = fields.readInt("id", 0);
                        id = fields.errors().size() == before ? value : null;
                    }
                    case "name" -> name = fields.readString("name");
                    case "supercategory" -> supercategory = fields.readString("supercategory");
                    default -> json.skipValue();
                }
            }
            json.endObject();
            requireField(fields, "id", id != null);
            requireField(fields, "name", name != null);
            if (flush(fields, "category", id == null ? null : (long) id, position)) {
                categories.add(new CocoCategory(id, name, supercategory));
            }
        }

        private void annotation(FieldReader fields) throws IOException {
            JsonCursor json = fields.json();
            int position = annotationPosition++;
            fields.startRecord();
            Long id = null;
            Long imageId = null;
            Integer categoryId = null;
            double[] bbox = null;
            double area = Double.NaN;
            boolean iscrowd = false;
            Segmentation segmentation = null;
            json.beginObject();
            while (json.hasNext()) {
                String key = json.nextName();
                if (fields.skipNull()) {
                    continue;
                }
                int before = fields.errors().size();
                switch (key) {
                    case "id" -> id = fields.readLong("id", 0);
                    case "image_id" -> imageId = fields.readLong("image_id", 0);
                    case "category_id" -> categoryId = fields.readInt("category_id", 0);
                    case "bbox" -> bbox = fields.readNumbers("bbox");
                    case "area" -> area = fields.readDouble("area");
                    case "iscrowd" -> iscrowd = fields.readFlag("iscrowd");
                    case "segmentation" -> segmentation = fields.readSegmentation("segmentation");
                    default -> json.skipValue();
                }
                if (fields.errors().size() != before) {
                    switch (key) {
                        case "id" -> id = null;
                        case "image_id" -> imageId = null;
                        case "category_id" -> categoryId = null;
                        default -> {}
                    }
                }
            }
            json.endObject();
            requireField(fields, "id", id != null);
            requireField(fields, "image_id", imageId != null);
            requireField(fields, "category_id", categoryId != null);
            requireField(fields, "bbox", bbox != null);
            if (bbox != null && bbox.length != 4) {
                fields.error(
                        "bbox", "must be [x, y, width, height], found " + bbox.length + " numbers");
            } else if (bbox != null && (bbox[2] < 0 || bbox[3] < 0)) {
                fields.error(
                        "bbox",
                        bbox[2] < 0 ? "negative width " + bbox[2] : "negative height " + bbox[3]);
            }
            if (area < 0) {
                fields.error("area", "must not be negative, found " + area);
            }
            if (flush(fields, "annotation", id, position)) {
                annotations.add(
                        new CocoAnnotation(
                                id, imageId, categoryId, bbox, area, iscrowd, segmentation));
            }
        }

        CocoIndex finish() throws IOException {
            if (!sawImages) {
                throw new CocoFormatException(
                        CocoProblem.ofFile(
                                file, "has no 'images' list: is it a COCO instances file?"));
            }
            if (!sawCategories && !annotations.isEmpty()) {
                throw new CocoFormatException(
                        CocoProblem.ofFile(file, "has annotations but no 'categories' list"));
            }
            List<CocoImage> keptImages = unique(images, "image", CocoImage::id);
            List<CocoCategory> keptCategories = unique(categories, "category", c -> (long) c.id());
            Map<Long, CocoImage> imageById = new HashMap<>(keptImages.size() * 2);
            for (CocoImage image : keptImages) {
                imageById.put(image.id(), image);
            }
            Set<Integer> categoryIds = new HashSet<>();
            for (CocoCategory category : keptCategories) {
                categoryIds.add(category.id());
            }
            Set<Long> duplicateAnnotationIds = duplicates(annotations);
            List<CocoAnnotation> keptAnnotations = new ArrayList<>(annotations.size());
            Set<Long> seen = new HashSet<>();
            for (CocoAnnotation annotation : annotations) {
                if (duplicateAnnotationIds.contains(annotation.id())
                        && !seen.add(annotation.id())) {
                    report("annotation", annotation.id(), -1, "id", "duplicate id");
                    continue;
                }
                if (crossCheck(annotation, imageById, categoryIds)) {
                    keptAnnotations.add(annotation);
                }
            }
            return new CocoIndex(file, keptImages, keptCategories, keptAnnotations, problems);
        }

        private <T> List<T> unique(
                List<T> records, String section, java.util.function.ToLongFunction<T> id)
                throws CocoFormatException {
            Set<Long> seen = new HashSet<>();
            List<T> kept = new ArrayList<>(records.size());
            for (T record : records) {
                long key = id.applyAsLong(record);
                if (seen.add(key)) {
                    kept.add(record);
                } else {
                    report(section, key, -1, "id", "duplicate id");
                }
            }
            return kept;
        }

        /** Finds duplicate annotation ids by sorting, cheaper than a set of 860k boxed longs. */
        private Set<Long> duplicates(List<CocoAnnotation> records) {
            long[] ids = new long[records.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = records.get(i).id();
            }
            Arrays.sort(ids);
            Set<Long> duplicates = new HashSet<>();
            for (int i = 1; i < ids.length; i++) {
                if (ids[i] == ids[i - 1]) {
                    duplicates.add(ids[i]);
                }
            }
            return duplicates;
        }

        private boolean crossCheck(
                CocoAnnotation a, Map<Long, CocoImage> imageById, Set<Integer> categoryIds)
                throws CocoFormatException {
            int before = problems.size();
            CocoImage image = imageById.get(a.imageId());
            if (image == null && invalidImageIds.contains(a.imageId())) {
                // Its image's record was reported already: one problem, not one per annotation.
                return false;
            }
            if (image == null) {
                report("annotation", a.id(), -1, "image_id", "unknown image id " + a.imageId());
            }
            if (!categoryIds.contains(a.categoryId())) {
                report(
                        "annotation",
                        a.id(),
                        -1,
                        "category_id",
                        "unknown category id " + a.categoryId());
            }
            if (image != null) {
                checkBox(a, image);
                if (a.segmentation() != null) {
                    checkSegmentation(a, image);
                }
            }
            return problems.size() == before;
        }

        private void checkBox(CocoAnnotation a, CocoImage image) throws CocoFormatException {
            double[] b = a.bbox();
            double tol = boundsTolerance;
            if (b[0] < -tol
                    || b[1] < -tol
                    || b[0] + b[2] > image.width() + tol
                    || b[1] + b[3] > image.height() + tol) {
                report(
                        "annotation",
                        a.id(),
                        -1,
                        "bbox",
                        String.format(
                                "[%s, %s, %s, %s] lies outside image %d (%dx%d)",
                                SegmentationCheck.number(b[0]),
                                SegmentationCheck.number(b[1]),
                                SegmentationCheck.number(b[2]),
                                SegmentationCheck.number(b[3]),
                                image.id(),
                                image.width(),
                                image.height()));
            }
        }

        private void checkSegmentation(CocoAnnotation a, CocoImage image)
                throws CocoFormatException {
            String[] problem = SegmentationCheck.problem(a.segmentation(), image, boundsTolerance);
            if (problem != null) {
                report("annotation", a.id(), -1, problem[0], problem[1]);
            }
        }
    }
}
