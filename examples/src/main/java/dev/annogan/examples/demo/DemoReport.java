package dev.annogan.examples.demo;

import dev.annogan.core.io.AtomicFile;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.ImagePaths;
import dev.annogan.examples.annotate.FolderAnnotator;
import dev.annogan.examples.annotate.OverlayPicture;
import dev.annogan.examples.viz.AnnotationPreview;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes the demo's one-page HTML report into its output folder: the held-out table, then per
 * application the new images pre-annotated by the baseline and the adversarial model beside their
 * ground truth, both runs' loss curves, and their last per-epoch samples. Every link is relative
 * and the page loads nothing from the network, so the zipped folder is the whole report.
 */
final class DemoReport {

    /** How many new images the report shows per application. */
    static final int PICTURES = 6;

    /**
     * How many times the report enlarges annotate's overlays: a whole number, so that pixels and
     * the legend's letters stay sharp.
     */
    private DemoReport() {}

    /**
     * How long the demo took up to the report, and on what.
     *
     * @param seconds the wall time
     * @param cpuSeconds the process's CPU time, NaN when unknown
     * @param loadAverage the system load average over the last minute, NaN when unknown
     * @param cores the processors available
     */
    record Timing(double seconds, double cpuSeconds, double loadAverage, int cores) {}

    /**
     * Writes {@code report.html} (and the ground-truth pictures it shows) into {@code folder}.
     *
     * @return the report
     */
    static Path write(
            Path folder,
            DemoSettings settings,
            Demo.Split split,
            DemoTable table,
            CocoIndex truth,
            Timing timing)
            throws IOException {
        List<CocoImage> shown =
                truth.images().subList(0, Math.min(PICTURES, truth.images().size()));
        writeGroundTruth(folder, truth, shown);
        StringBuilder html = new StringBuilder();
        html.append(
                """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>AnnoGAN demo report</title>
                <style>
                body { font-family: sans-serif; margin: 24px auto; max-width: 1150px; color: #222; }
                h1 { margin-bottom: 4px; }
                h2 { border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 32px; }
                p.lead { color: #444; max-width: 900px; }
                table.metrics { border-collapse: collapse; margin: 8px 0; }
                table.metrics th, table.metrics td { padding: 4px 12px; border-bottom: 1px solid #ddd; text-align: left; }
                table.metrics td.number { text-align: right; font-variant-numeric: tabular-nums; }
                td.better { color: #176b2c; font-weight: bold; }
                td.worse { color: #a12020; font-weight: bold; }
                table.pictures td, table.pictures th { padding: 4px 10px; vertical-align: top; }
                table.pictures th { text-align: left; font-weight: normal; color: #555; }
                img.pixels { image-rendering: pixelated; }
                div.row { display: flex; gap: 16px; flex-wrap: wrap; align-items: flex-start; }
                figure { margin: 0; }
                figcaption { color: #555; font-size: 90%; margin-top: 2px; }
                p.note, footer { color: #555; font-size: 90%; max-width: 900px; }
                code { background: #f3f3f3; padding: 0 3px; }
                </style>
                </head>
                <body>
                <h1>AnnoGAN demo</h1>
                """);
        html.append(
                String.format(
                        Locale.ROOT,
                        "<p class=\"lead\">A segmenter and a tagger learnt the synthetic shapes"
                                + " (%dx%d pixels, %d categories) from %d labelled images, %s of"
                                + " %d: <b>adversarially</b>, with the other %d as unlabelled"
                                + " images, and as a supervised <b>baseline</b>, the same network"
                                + " on the labelled images alone. Each trained model then"
                                + " pre-annotated %d new images that no run saw, which are"
                                + " compared here with their ground truth.</p>%n",
                        settings.size(),
                        settings.size(),
                        truth.categories().size(),
                        split.labelled(),
                        settings.labelledFractionText(),
                        split.training(),
                        split.training() - split.labelled(),
                        truth.images().size()));
        appendTable(html, table, truth.images().size());
        for (String application : Demo.APPLICATIONS) {
            appendApplication(html, folder, settings, application, shown);
        }
        appendFiles(html);
        html.append(
                String.format(
                        Locale.ROOT,
                        "<footer><p>Written by <code>annogan demo</code> in %.0f s of wall time"
                                + " and %s of CPU on %d cores%s. Seed %d; segmenter %d epochs,"
                                + " tagger %d epochs, %d trainings at a time.</p></footer>%n",
                        timing.seconds(),
                        Double.isNaN(timing.cpuSeconds())
                                ? "an unknown amount"
                                : String.format(Locale.ROOT, "%.0f s", timing.cpuSeconds()),
                        timing.cores(),
                        Double.isNaN(timing.loadAverage())
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        " (load average %.1f at the end)",
                                        timing.loadAverage()),
                        settings.seed(),
                        settings.segmenterEpochs(),
                        settings.taggerEpochs(),
                        settings.workers()));
        html.append("</body>\n</html>\n");
        Path report = folder.resolve(Demo.REPORT);
        // Written whole or not at all: a kill mid-write must not leave half a page behind.
        AtomicFile.writeText(report, w -> w.write(html.toString()));
        return report;
    }

    private static void appendTable(StringBuilder html, DemoTable table, int images) {
        html.append(
                String.format(
                        "<h2>Pre-annotating %d new images: baseline against adversarial</h2>%n",
                        images));
        html.append(
                "<table class=\"metrics\">\n<thead><tr><th>application</th><th>metric</th>"
                        + "<th>baseline</th><th>adversarial</th><th>difference</th></tr></thead>\n"
                        + "<tbody>\n");
        for (DemoTable.Row row : table.rows()) {
            double difference = row.adversarial() - row.baseline();
            String kind = difference > 0 ? "better" : difference < 0 ? "worse" : "";
            html.append(
                    String.format(
                            Locale.ROOT,
                            "<tr><td>%s</td><td>%s</td><td class=\"number\">%.4f</td>"
                                    + "<td class=\"number\">%.4f</td>"
                                    + "<td class=\"number %s\">%+.4f</td></tr>%n",
                            escape(row.application()),
                            escape(row.metric()),
                            row.baseline(),
                            row.adversarial(),
                            kind,
                            difference));
        }
        html.append("</tbody>\n</table>\n");
        html.append(
                "<p class=\"note\">Higher is better for every metric. The numbers are those of"
                        + " <code>annogan evaluate</code> on each model's"
                        + " <code>results.json</code> against the new images' ground truth:"
                        + " mIoU and pixel accuracy over the class maps, COCO's mask AP"
                        + " (each connected region of a class is one object), and the tags' mAP and"
                        + " F1. One seed, a short run: differences of a few hundredths can be"
                        + " noise.</p>\n");
    }

    private static void appendApplication(
            StringBuilder html,
            Path folder,
            DemoSettings settings,
            String application,
            List<CocoImage> shown)
            throws IOException {
        html.append(
                String.format("<h2 id=\"%s\">%s</h2>%n", application, capitalised(application)));
        html.append("<h3>New images, pre-annotated by <code>annogan annotate</code></h3>\n");
        html.append(
                "<table class=\"pictures\">\n<tr><th>ground truth</th><th>baseline</th>"
                        + "<th>adversarial</th></tr>\n");
        for (CocoImage image : shown) {
            html.append("<tr><td>");
            Path truthPicture = groundTruthPicture(image);
            // The ground truth as large as the overlays' images, which annotate enlarges.
            int side = settings.size() * OverlayPicture.scale(settings.size(), settings.size());
            html.append(img(folder, truthPicture, side));
            for (String mode : Demo.MODES) {
                Path overlay =
                        Demo.annotatedFolder(application, mode)
                                .resolve(FolderAnnotator.OVERLAYS)
                                .resolve(pngName(image.fileName()));
                html.append("</td><td>").append(imgScaled(folder, overlay, 1));
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n");

        html.append("<h3>Training: loss curves</h3>\n<div class=\"row\">\n");
        for (String mode : Demo.MODES) {
            Path loss = Demo.runFolder(application, mode).resolve("loss.png");
            appendFigure(html, folder, loss, 0.7, mode);
        }
        html.append("</div>\n");

        html.append("<h3>Training: validation images after the last epoch</h3>\n");
        html.append("<div class=\"row\">\n");
        for (String mode : Demo.MODES) {
            Path samples = lastSample(folder, Demo.runFolder(application, mode).resolve("samples"));
            if (samples != null) {
                appendFigure(html, folder, samples, 0.75, mode);
            }
        }
        html.append("</div>\n");
    }

    private static void appendFiles(StringBuilder html) {
        html.append("<h2>Files</h2>\n<ul>\n");
        for (String application : Demo.APPLICATIONS) {
            for (String mode : Demo.MODES) {
                Path run = Demo.runFolder(application, mode);
                Path annotated = Demo.annotatedFolder(application, mode);
                html.append(
                        String.format(
                                "<li>%s %s: %s, %s, %s; %s (COCO dataset), %s, %s (Label Studio"
                                        + " tasks), %s (CVAT)</li>%n",
                                application,
                                mode,
                                link(run.resolve("metrics.csv")),
                                link(run.resolve("train.log")),
                                link(run.resolve("model").resolve("model.json")),
                                link(annotated.resolve(FolderAnnotator.DATASET)),
                                link(annotated.resolve(FolderAnnotator.RESULTS)),
                                link(
                                        annotated
                                                .resolve(FolderAnnotator.LABEL_STUDIO)
                                                .resolve("tasks.json")),
                                link(annotated.resolve(FolderAnnotator.CVAT))));
            }
        }
        html.append(
                String.format(
                        "<li>ground truth of the new images: %s</li>%n</ul>%n",
                        link(Demo.NEW_IMAGES.resolve("annotations.json"))));
    }

    private static void appendFigure(
            StringBuilder html, Path folder, Path picture, double scale, String caption)
            throws IOException {
        BufferedImage image = ImageIO.read(folder.resolve(picture).toFile());
        int width = image == null ? 400 : (int) Math.round(image.getWidth() * scale);
        int height = image == null ? 300 : (int) Math.round(image.getHeight() * scale);
        html.append(
                String.format(
                        "<figure><img src=\"%s\" width=\"%d\" height=\"%d\" alt=\"%s\">"
                                + "<figcaption>%s</figcaption></figure>%n",
                        href(picture),
                        width,
                        height,
                        escape(caption + " " + picture.getFileName()),
                        escape(caption)));
    }

    /** Returns an {@code img} element showing the picture {@code width} CSS pixels wide. */
    private static String img(Path folder, Path picture, int width) throws IOException {
        BufferedImage image = ImageIO.read(folder.resolve(picture).toFile());
        int height = (int) Math.round((double) width * image.getHeight() / image.getWidth());
        return String.format(
                "<img class=\"pixels\" src=\"%s\" width=\"%d\" height=\"%d\" alt=\"%s\">",
                href(picture), width, height, escape(picture.getFileName().toString()));
    }

    /** Returns an {@code img} element showing the picture at {@code scale} times its size. */
    private static String imgScaled(Path folder, Path picture, int scale) throws IOException {
        BufferedImage image = ImageIO.read(folder.resolve(picture).toFile());
        return img(folder, picture, image.getWidth() * scale);
    }

    private static Path groundTruthPicture(CocoImage image) {
        return Demo.GROUND_TRUTH_PICTURES.resolve(pngName(image.fileName()));
    }

    private static void writeGroundTruth(Path folder, CocoIndex truth, List<CocoImage> shown)
            throws IOException {
        Path imageFolder = folder.resolve(Demo.NEW_IMAGES).resolve("images");
        for (CocoImage image : shown) {
            BufferedImage picture =
                    ImageIO.read(ImagePaths.resolve(imageFolder, image.fileName()).toFile());
            BufferedImage tile =
                    AnnotationPreview.render(
                            picture, image, truth.annotationsOf(image.id()), truth.categoryMap());
            Path png = folder.resolve(groundTruthPicture(image));
            Files.createDirectories(png.getParent());
            ImageIO.write(tile, "png", png.toFile());
        }
    }

    /** Returns the sample picture of the highest epoch in {@code samples}, or null. */
    private static Path lastSample(Path folder, Path samples) throws IOException {
        Path last = null;
        if (!Files.isDirectory(folder.resolve(samples))) {
            return null;
        }
        try (DirectoryStream<Path> files =
                Files.newDirectoryStream(folder.resolve(samples), "epoch-*.png")) {
            // By the epoch's number, not the name: epoch-1000.png sorts before epoch-999.png.
            long lastEpoch = -1;
            for (Path file : files) {
                String name = file.getFileName().toString();
                String digits = name.substring("epoch-".length(), name.length() - ".png".length());
                if (!digits.matches("[0-9]{1,9}")) {
                    continue;
                }
                long epoch = Long.parseLong(digits);
                if (epoch > lastEpoch) {
                    lastEpoch = epoch;
                    last = samples.resolve(name);
                }
            }
        }
        return last;
    }

    /** Returns the overlay name {@code annogan annotate} gives an image: its name as a PNG. */
    private static String pngName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return (dot > fileName.lastIndexOf('/') ? fileName.substring(0, dot) : fileName) + ".png";
    }

    private static String link(Path relative) {
        return String.format(
                "<a href=\"%s\">%s</a>", href(relative), escape(relative.getFileName().toString()));
    }

    /** Returns a relative URL for a path relative to the report's folder. */
    private static String href(Path relative) {
        List<String> parts = new ArrayList<>();
        for (Path part : relative) {
            parts.add(
                    java.net.URLEncoder.encode(part.toString(), StandardCharsets.UTF_8)
                            .replace("+", "%20"));
        }
        return String.join("/", parts);
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** Escapes text for HTML element content and attribute values. */
    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
