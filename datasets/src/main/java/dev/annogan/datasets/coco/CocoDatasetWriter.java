package dev.annogan.datasets.coco;

import com.google.gson.stream.JsonWriter;
import dev.annogan.core.io.AtomicFile;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams a COCO dataset file (images, annotations, categories), the format CVAT, Label Studio and
 * pycocotools import, without holding its images or annotations in memory. Images and annotations
 * go to two temporary files while they arrive; {@link #commit()} joins them into one temporary file
 * beside the target and renames it onto the target, so the target is only ever absent, old or
 * complete.
 *
 * <pre>{@code
 * try (CocoDatasetWriter dataset = CocoDatasetWriter.open(Path.of("out/annotations.json"), cats)) {
 *     dataset.addImage(image);
 *     dataset.addAnnotation(annotation, 0.93);
 *     dataset.commit();
 * }
 * }</pre>
 */
public final class CocoDatasetWriter implements Closeable {

    private final Path target;
    private final List<CocoCategory> categories;
    private final Part images;
    private final Part annotations;

    private CocoDatasetWriter(Path target, List<CocoCategory> categories) throws IOException {
        this.target = target;
        this.categories = List.copyOf(categories);
        this.images = new Part(target, "images");
        Part second;
        try {
            second = new Part(target, "annotations");
        } catch (IOException e) {
            images.delete();
            throw e;
        }
        this.annotations = second;
    }

    /**
     * Starts a dataset file.
     *
     * @param target the file that {@link #commit()} creates or replaces
     * @param categories the dataset's categories
     * @return the writer
     * @throws IOException if the temporary files cannot be created
     */
    public static CocoDatasetWriter open(Path target, List<CocoCategory> categories)
            throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        return new CocoDatasetWriter(absolute, categories);
    }

    /**
     * Appends an image.
     *
     * @param image the image entry
     * @throws IOException if writing fails
     */
    public void addImage(CocoImage image) throws IOException {
        CocoWriter.writeImage(images.json, image);
    }

    /**
     * Appends an annotation with a confidence, written as an extra {@code score} field that
     * importers keep as an attribute or ignore.
     *
     * @param annotation the annotation
     * @param score the confidence, or NaN for none
     * @throws IOException if writing fails
     */
    public void addAnnotation(CocoAnnotation annotation, double score) throws IOException {
        CocoWriter.writeAnnotation(annotations.json, annotation, score);
    }

    /**
     * Joins the parts into the dataset file and renames it onto the target.
     *
     * @throws IOException if writing or renaming fails; the target is then unchanged
     */
    public void commit() throws IOException {
        images.finish();
        annotations.finish();
        AtomicFile.writeText(
                target,
                out -> {
                    JsonWriter json = new JsonWriter(out);
                    json.beginObject();
                    json.name("info").beginObject();
                    json.name("description").value("written by AnnoGAN");
                    json.endObject();
                    json.name("licenses").beginArray().endArray();
                    json.name("images").jsonValue("");
                    json.flush();
                    images.copyTo(out);
                    json.name("annotations").jsonValue("");
                    json.flush();
                    annotations.copyTo(out);
                    json.name("categories").beginArray();
                    for (CocoCategory category : categories) {
                        CocoWriter.writeCategory(json, category);
                    }
                    json.endArray();
                    json.endObject();
                    json.flush();
                });
        close();
    }

    /** Deletes the temporary parts (and abandons the file unless it was committed). */
    @Override
    public void close() throws IOException {
        try {
            images.delete();
        } finally {
            annotations.delete();
        }
    }

    /** One list of the file, written to its own temporary file as a JSON array. */
    private static final class Part {
        private final Path file;
        private final BufferedWriter out;
        private final JsonWriter json;
        private boolean closed;

        Part(Path target, String name) throws IOException {
            file = AtomicFile.temporaryFor(target, "." + name);
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            json = new JsonWriter(out);
            json.beginArray();
        }

        void finish() throws IOException {
            json.endArray();
            json.flush();
            out.close();
            closed = true;
        }

        void copyTo(Writer target) throws IOException {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                in.transferTo(target);
            }
        }

        void delete() throws IOException {
            if (!closed) {
                closed = true;
                out.close();
            }
            Files.deleteIfExists(file);
        }
    }
}
