package dev.annogan.examples.annotate;

import com.google.gson.stream.JsonWriter;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.io.AtomicFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an annotation run did: images annotated, files skipped and why, predictions above the
 * threshold per category (tagged images for a tagger, objects for a segmenter), specks removed, how
 * many images fall under each confidence level (the review queue's length at that level), and the
 * time it took. Written as {@code summary.json}, the last file of a finished run, and printed as a
 * table.
 */
public final class AnnotationSummary {

    /** A file that could not be annotated. */
    public record Skipped(String file, String reason) {}

    private final AnnotatorSpec spec;
    private final float threshold;
    private final long[] perCategory;
    private final List<Skipped> skipped = new ArrayList<>();

    /** The confidence levels the summary counts images under. */
    static final double[] LEVELS = {0.6, 0.8, 0.9};

    private final long[] underLevel = new long[LEVELS.length];
    private long images;
    private long specks;
    private long leftOut;
    private Path leftOutBy;
    private double seconds;

    AnnotationSummary(AnnotatorSpec spec, float threshold) {
        this.spec = spec;
        this.threshold = threshold;
        this.perCategory = new long[spec.categories().size()];
    }

    void annotated(double confidence) {
        images++;
        for (int i = 0; i < LEVELS.length; i++) {
            if (confidence < LEVELS[i]) {
                underLevel[i]++;
            }
        }
    }

    void removedSpecks(long count) {
        specks += count;
    }

    void leftOut(long count, Path idsFrom) {
        leftOut = count;
        leftOutBy = idsFrom;
    }

    /** Returns how many images the model was less sure of than {@code LEVELS[i]}. */
    public long imagesUnder(int level) {
        return underLevel[level];
    }

    /** Returns how many regions were smaller than the minimum area. */
    public long specksRemoved() {
        return specks;
    }

    /** Returns how many images of the folder were not listed in {@code --ids-from}. */
    public long imagesLeftOut() {
        return leftOut;
    }

    void skipped(String file, String reason) {
        skipped.add(new Skipped(file, reason));
    }

    void predicted(int category, long count) {
        perCategory[category] += count;
    }

    void finish(double seconds) {
        this.seconds = seconds;
    }

    /** Returns the number of images annotated. */
    public long images() {
        return images;
    }

    /** Returns the files skipped, with the reason for each. */
    public List<Skipped> skippedFiles() {
        return List.copyOf(skipped);
    }

    /** Returns the predictions above the threshold for a category index. */
    public long predictions(int category) {
        return perCategory[category];
    }

    /** Returns the wall-clock seconds of the run, model loading included. */
    public double seconds() {
        return seconds;
    }

    /** Writes {@code summary.json} atomically. */
    void write(Path file) throws IOException {
        AtomicFile.writeText(
                file,
                out -> {
                    JsonWriter json = new JsonWriter(out);
                    json.setIndent("  ");
                    json.beginObject();
                    json.name("kind").value(spec.kind().label());
                    json.name("images").value(images);
                    json.name("threshold").value(threshold);
                    json.name("seconds").value(Math.round(seconds * 1000) / 1000.0);
                    json.name("imagesPerSecond")
                            .value(seconds > 0 ? Math.round(10 * images / seconds) / 10.0 : 0);
                    json.name("imagesLeftOut").value(leftOut);
                    json.name("specksRemoved").value(specks);
                    json.name("imagesUnderConfidence").beginObject();
                    for (int i = 0; i < LEVELS.length; i++) {
                        json.name(Double.toString(LEVELS[i])).value(underLevel[i]);
                    }
                    json.endObject();
                    json.name("predictions").beginObject();
                    for (int k = 0; k < perCategory.length; k++) {
                        json.name(spec.categories().get(k).name()).value(perCategory[k]);
                    }
                    json.endObject();
                    json.name("skipped").beginArray();
                    for (Skipped s : skipped) {
                        json.beginObject();
                        json.name("file").value(s.file());
                        json.name("reason").value(s.reason());
                        json.endObject();
                    }
                    json.endArray();
                    json.name("files").beginObject();
                    json.name("results").value(FolderAnnotator.RESULTS);
                    json.name("dataset").value(FolderAnnotator.DATASET);
                    json.name("overlays").value(FolderAnnotator.OVERLAYS + "/");
                    json.name("labelStudio").value(FolderAnnotator.LABEL_STUDIO + "/");
                    json.name("cvat").value(FolderAnnotator.CVAT);
                    json.endObject();
                    json.endObject();
                    json.flush();
                    out.write("\n");
                });
    }

    /** Prints the table: one line per category that has predictions, then the files. */
    public void print(PrintStream out, Path folder) {
        boolean tagger = spec.kind() == AnnotatorSpec.Kind.TAGGER;
        out.printf(
                "annotated %d images in %.1f s (%.1f images/s), %d skipped; %s above %.2f:%n",
                images,
                seconds,
                seconds > 0 ? images / seconds : 0,
                skipped.size(),
                tagger ? "tags" : "objects",
                threshold);
        int none = 0;
        for (int k = 0; k < perCategory.length; k++) {
            if (perCategory[k] == 0) {
                none++;
                continue;
            }
            out.printf("  %-24s %8d%n", spec.categories().get(k).name(), perCategory[k]);
        }
        if (none > 0) {
            out.printf("  (%d %s with none)%n", none, none == 1 ? "category" : "categories");
        }
        if (specks > 0) {
            out.printf("removed %d regions smaller than --min-area%n", specks);
        }
        if (leftOut > 0) {
            out.printf(
                    "left out %d images of the folder that %s does not list%n", leftOut, leftOutBy);
        }
        StringBuilder levels = new StringBuilder();
        for (int i = 0; i < LEVELS.length; i++) {
            levels.append(i == 0 ? "" : ", ")
                    .append(underLevel[i])
                    .append(" under ")
                    .append(LEVELS[i]);
        }
        out.println("images the model is least sure of (review first): " + levels);
        out.println("wrote " + folder.resolve(FolderAnnotator.RESULTS) + " (COCO results)");
        out.println(
                "      " + folder.resolve(FolderAnnotator.DATASET) + " (COCO dataset, for CVAT)");
        out.println(
                "      "
                        + folder.resolve(FolderAnnotator.LABEL_STUDIO)
                        + "/ (Label Studio tasks.json and config.xml)");
        out.println("      " + folder.resolve(FolderAnnotator.CVAT) + " (CVAT for images 1.1)");
        out.println("      " + folder.resolve(FolderAnnotator.OVERLAYS) + "/ (pictures)");
        out.println("      " + folder.resolve(FolderAnnotator.SUMMARY));
    }
}
