package dev.annogan.datasets.labeltools;

import dev.annogan.core.io.AtomicFile;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Streams pre-annotations as "CVAT for images 1.1" XML, the format CVAT imports tags in (its COCO
 * importer has no image-level tag): one {@code <image>} per image, matched by name, holding a
 * {@code <tag>} per tag or a {@code <polygon>} per object, each marked {@code source="auto"} with a
 * {@code score} attribute. Every label declares that attribute (a number in [0, 1]) in the header,
 * so the score survives the import; create the task's labels with the same attribute (see README).
 *
 * <pre>{@code
 * try (CvatXmlWriter xml = CvatXmlWriter.open(Path.of("out/cvat/annotations.xml"), names)) {
 *     xml.add(prediction);
 *     xml.commit();
 * }
 * }</pre>
 */
public final class CvatXmlWriter implements Closeable {

    private final Path target;
    private final List<String> names;
    private final Path part;
    private final Writer out;
    private long images;
    private boolean closed;

    private CvatXmlWriter(Path target, List<String> names) throws IOException {
        this.target = target;
        this.names = List.copyOf(names);
        Files.createDirectories(target.getParent());
        this.part = AtomicFile.temporaryFor(target, ".part");
        this.out = new BufferedWriter(Files.newBufferedWriter(part, StandardCharsets.UTF_8));
        out.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<annotations>\n");
        out.write("  <version>1.1</version>\n  <meta>\n    <task>\n");
        out.write("      <name>AnnoGAN pre-annotations</name>\n      <mode>annotation</mode>\n");
        out.write("      <labels>\n");
        for (String name : names) {
            out.write("        <label>\n          <name>" + LabelStudio.escape(name) + "</name>\n");
            out.write("          <attributes>\n            <attribute>\n");
            out.write("              <name>score</name>\n              <mutable>False</mutable>\n");
            out.write("              <input_type>number</input_type>\n");
            out.write("              <default_value>0</default_value>\n");
            out.write("              <values>0;1;0.0001</values>\n");
            out.write("            </attribute>\n          </attributes>\n        </label>\n");
        }
        out.write("      </labels>\n    </task>\n  </meta>\n");
    }

    /**
     * Starts the XML file.
     *
     * @param target the file {@link #commit()} creates or replaces
     * @param names the category names, in the annotator's order
     * @return the writer
     * @throws IOException if the temporary file cannot be written
     */
    public static CvatXmlWriter open(Path target, List<String> names) throws IOException {
        return new CvatXmlWriter(target.toAbsolutePath(), names);
    }

    /**
     * Appends one image with its tags or objects.
     *
     * @param prediction what the annotator found in it
     * @throws IOException if writing fails
     */
    public void add(ImagePrediction prediction) throws IOException {
        out.write(
                String.format(
                        Locale.ROOT,
                        "  <image id=\"%d\" name=\"%s\" width=\"%d\" height=\"%d\">\n",
                        images++,
                        LabelStudio.escape(prediction.image().fileName()),
                        prediction.image().width(),
                        prediction.image().height()));
        for (ImagePrediction.Tag tag : prediction.tags()) {
            out.write(
                    String.format(
                            Locale.ROOT,
                            "    <tag label=\"%s\" source=\"auto\">\n"
                                    + "      <attribute name=\"score\">%.4f</attribute>\n"
                                    + "    </tag>\n",
                            LabelStudio.escape(names.get(tag.category())),
                            tag.score()));
        }
        for (ImagePrediction.Region region : prediction.regions()) {
            StringBuilder points = new StringBuilder();
            double[] xy = region.polygon();
            for (int i = 0; i + 1 < xy.length; i += 2) {
                if (i > 0) {
                    points.append(';');
                }
                points.append(String.format(Locale.ROOT, "%.2f,%.2f", xy[i], xy[i + 1]));
            }
            out.write(
                    String.format(
                            Locale.ROOT,
                            "    <polygon label=\"%s\" source=\"auto\" occluded=\"0\""
                                    + " points=\"%s\" z_order=\"0\">\n"
                                    + "      <attribute name=\"score\">%.4f</attribute>\n"
                                    + "    </polygon>\n",
                            LabelStudio.escape(names.get(region.category())),
                            points,
                            region.score()));
        }
        out.write("  </image>\n");
    }

    /**
     * Ends the XML and renames it onto the target.
     *
     * @throws IOException if writing or renaming fails; the target is then unchanged
     */
    public void commit() throws IOException {
        out.write("</annotations>\n");
        out.close();
        closed = true;
        AtomicFile.move(part, target);
    }

    /** Removes the temporary file; without {@link #commit()} the target is untouched. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
        Files.deleteIfExists(part);
    }
}
