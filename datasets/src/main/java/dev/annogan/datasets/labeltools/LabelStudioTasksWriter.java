package dev.annogan.datasets.labeltools;

import com.google.gson.Gson;
import dev.annogan.core.io.AtomicFile;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Streams Label Studio tasks with predictions into {@code tasks.json} (a JSON list Label Studio
 * imports as it is), one task per image, and writes the matching {@code config.xml} beside it.
 * Tasks go to a temporary file as they arrive, so memory stays flat however many images there are;
 * {@link #commit()} writes the list in arrival order, or least confident image first for a review
 * queue, and renames it into place.
 *
 * <p>Each task's image address is {@code imageRoot} followed by the image's path relative to the
 * annotated folder, each segment URL-encoded, e.g. {@code http://localhost:8081/images/a%20b.jpg}.
 *
 * <pre>{@code
 * try (LabelStudioTasksWriter tasks = LabelStudioTasksWriter.open(dir, names, true, "annogan", root, false)) {
 *     tasks.add(prediction);
 *     tasks.commit();
 * }
 * }</pre>
 */
public final class LabelStudioTasksWriter implements Closeable {

    /** The tasks file inside the folder. */
    public static final String TASKS = "tasks.json";

    /** The labelling config inside the folder. */
    public static final String CONFIG = "config.xml";

    private static final Gson GSON = new Gson();

    private final Path folder;
    private final List<String> names;
    private final boolean regions;
    private final String modelVersion;
    private final String imageRoot;
    private final boolean leastConfidentFirst;
    private final Path part;
    private final BufferedWriter out;
    private final List<Entry> entries = new ArrayList<>();
    private long offset;
    private boolean closed;

    private record Entry(double confidence, long offset, int length) {}

    private LabelStudioTasksWriter(
            Path folder,
            List<String> names,
            boolean regions,
            String modelVersion,
            String imageRoot,
            boolean leastConfidentFirst)
            throws IOException {
        this.folder = folder;
        this.names = List.copyOf(names);
        this.regions = regions;
        this.modelVersion = modelVersion;
        this.imageRoot =
                imageRoot.endsWith("/") || imageRoot.endsWith("=") ? imageRoot : imageRoot + "/";
        this.leastConfidentFirst = leastConfidentFirst;
        Files.createDirectories(folder);
        this.part = AtomicFile.temporaryFor(folder.resolve(TASKS), ".tasks");
        this.out = Files.newBufferedWriter(part, StandardCharsets.UTF_8);
    }

    /**
     * Starts writing the tasks of a folder.
     *
     * @param folder the folder that receives {@code tasks.json} and {@code config.xml}
     * @param names the category names, in the annotator's order
     * @param regions true for a segmenter's polygons, false for a tagger's choices
     * @param modelVersion the {@code model_version} of every prediction
     * @param imageRoot the address the images' relative paths are appended to
     * @param leastConfidentFirst whether {@link #commit()} orders tasks by ascending confidence
     * @return the writer
     * @throws IOException if the temporary file cannot be created
     */
    public static LabelStudioTasksWriter open(
            Path folder,
            List<String> names,
            boolean regions,
            String modelVersion,
            String imageRoot,
            boolean leastConfidentFirst)
            throws IOException {
        return new LabelStudioTasksWriter(
                folder.toAbsolutePath(),
                names,
                regions,
                modelVersion,
                imageRoot,
                leastConfidentFirst);
    }

    /**
     * Returns the address of an image for Label Studio.
     *
     * @param imageRoot where the annotated folder is served, ending in {@code /} (or {@code =} for
     *     Label Studio's {@code ?d=} local-file addresses)
     * @param fileName the image's path relative to that folder, with {@code /} separators
     * @return the address, each path segment URL-encoded
     */
    public static String imageUrl(String imageRoot, String fileName) {
        StringBuilder url = new StringBuilder(imageRoot);
        String[] segments = fileName.split("/");
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                url.append('/');
            }
            url.append(URLEncoder.encode(segments[i], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return url.toString();
    }

    /**
     * Appends the task of one image.
     *
     * @param prediction what the annotator found in it
     * @throws IOException if writing fails
     */
    public void add(ImagePrediction prediction) throws IOException {
        String json =
                GSON.toJson(
                        LabelStudio.task(
                                prediction,
                                imageUrl(imageRoot, prediction.image().fileName()),
                                names,
                                modelVersion));
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        out.write(json);
        entries.add(new Entry(prediction.confidence(), offset, bytes.length));
        offset += bytes.length;
    }

    /**
     * Writes {@code tasks.json} (and {@code config.xml}) and removes the temporary file.
     *
     * @throws IOException if writing or renaming fails; the previous files are then unchanged
     */
    public void commit() throws IOException {
        out.close();
        closed = true;
        List<Entry> order = new ArrayList<>(entries);
        if (leastConfidentFirst) {
            // Stable: equally sure images keep their folder order.
            order.sort(Comparator.comparingDouble(Entry::confidence));
        }
        try (RandomAccessFile in = new RandomAccessFile(part.toFile(), "r")) {
            AtomicFile.writeText(
                    folder.resolve(TASKS),
                    target -> {
                        target.write("[\n");
                        byte[] buffer = new byte[0];
                        for (int i = 0; i < order.size(); i++) {
                            Entry e = order.get(i);
                            if (buffer.length < e.length()) {
                                buffer = new byte[e.length()];
                            }
                            in.seek(e.offset());
                            in.readFully(buffer, 0, e.length());
                            target.write(new String(buffer, 0, e.length(), StandardCharsets.UTF_8));
                            target.write(i + 1 < order.size() ? ",\n" : "\n");
                        }
                        target.write("]\n");
                    });
        }
        AtomicFile.writeString(folder.resolve(CONFIG), LabelStudio.config(names, regions));
        close();
    }

    /** Removes the temporary file; without {@link #commit()} nothing is written. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
        Files.deleteIfExists(part);
    }
}
