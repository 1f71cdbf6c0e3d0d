package dev.annogan.datasets.coco;

import com.google.gson.stream.JsonWriter;
import dev.annogan.core.io.AtomicFile;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a COCO results file, one detection at a time, so that memory does not grow with the
 * number of images. The results go to a temporary file beside the target, which {@link #commit()}
 * renames onto it: a run that dies midway leaves no results file (or the previous one), never half
 * of one.
 *
 * <pre>{@code
 * try (CocoResultsWriter results = CocoResultsWriter.open(Path.of("out/results.json"))) {
 *     results.add(CocoPrediction.ofMask(imageId, categoryId, mask, score));
 *     results.commit();
 * }
 * }</pre>
 */
public final class CocoResultsWriter implements Closeable {

    private final Path target;
    private final Path temporary;
    private final BufferedWriter out;
    private final JsonWriter json;
    private long count;
    private boolean done;

    private CocoResultsWriter(Path target, Path temporary) throws IOException {
        this.target = target;
        this.temporary = temporary;
        this.out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
        this.json = new JsonWriter(out);
        json.beginArray();
    }

    /**
     * Starts a results file.
     *
     * @param target the file that {@link #commit()} creates or replaces
     * @return the writer
     * @throws IOException if the temporary file cannot be created
     */
    public static CocoResultsWriter open(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temporary = AtomicFile.temporaryFor(absolute, "");
        return new CocoResultsWriter(absolute, temporary);
    }

    /**
     * Appends one detection.
     *
     * @param detection a box, mask or image-level result
     * @throws IOException if writing fails
     */
    public void add(CocoPrediction detection) throws IOException {
        CocoWriter.writeDetection(json, detection, ++count);
    }

    /**
     * Returns how many detections were added.
     *
     * @return the count
     */
    public long count() {
        return count;
    }

    /**
     * Finishes the list and renames the file onto the target.
     *
     * @throws IOException if finishing or renaming fails; the target is then unchanged
     */
    public void commit() throws IOException {
        json.endArray();
        json.flush();
        out.close();
        AtomicFile.move(temporary, target);
        done = true;
    }

    /** Abandons the results unless they were committed. */
    @Override
    public void close() throws IOException {
        if (!done) {
            done = true;
            out.close();
            Files.deleteIfExists(temporary);
        }
    }
}
