package dev.annogan.datasets.labeltools;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * Label Studio's own formats for pre-annotations: a prediction in a task ({@code result} items with
 * per-region {@code score}, the task-level {@code score} Label Studio sorts by, and {@code
 * model_version}), and the labelling config that matches it.
 *
 * <p>Regions are {@code polygonlabels} with points in percent of the image size (Label Studio's
 * coordinate system); tags are one {@code choices} item listing every tag above the threshold (a
 * multiple-choice control), scored by the least probable of them. The names tie the two together:
 * the image is {@value #IMAGE}, the polygon control {@value #POLYGONS}, the choice control {@value
 * #CHOICES}.
 *
 * <pre>{@code
 * JsonObject prediction = LabelStudio.prediction(p, names, "annogan-segmenter");
 * String config = LabelStudio.config(names, true);
 * }</pre>
 */
public final class LabelStudio {

    /** The name of the image object in the config and the task's {@code data} key. */
    public static final String IMAGE = "image";

    /** The name of the polygon control. */
    public static final String POLYGONS = "label";

    /** The name of the choice control. */
    public static final String CHOICES = "tags";

    // Distinct, readable colours for the first labels; later ones cycle.
    private static final String[] COLOURS = {
        "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c",
        "#fabebe", "#008080", "#e6beff", "#9a6324", "#800000", "#aaffc3", "#808000", "#000075"
    };

    private LabelStudio() {}

    /**
     * Returns one prediction of a task in Label Studio's JSON.
     *
     * @param prediction what the annotator found in the image
     * @param names the category names, in the annotator's order
     * @param modelVersion the {@code model_version} Label Studio shows and filters by
     * @return {@code {"model_version", "score", "result": [...]}}
     */
    public static JsonObject prediction(
            ImagePrediction prediction, List<String> names, String modelVersion) {
        JsonObject json = new JsonObject();
        json.addProperty("model_version", modelVersion);
        json.addProperty("score", round(prediction.confidence()));
        JsonArray result = new JsonArray();
        int width = prediction.image().width();
        int height = prediction.image().height();
        int n = 0;
        for (ImagePrediction.Region region : prediction.regions()) {
            JsonObject item = item("r" + ++n, POLYGONS, "polygonlabels", width, height);
            JsonObject value = new JsonObject();
            JsonArray points = new JsonArray();
            double[] xy = region.polygon();
            for (int i = 0; i + 1 < xy.length; i += 2) {
                JsonArray point = new JsonArray();
                point.add(round(100.0 * xy[i] / width));
                point.add(round(100.0 * xy[i + 1] / height));
                points.add(point);
            }
            value.add("points", points);
            value.addProperty("closed", true);
            JsonArray labels = new JsonArray();
            labels.add(names.get(region.category()));
            value.add("polygonlabels", labels);
            item.add("value", value);
            item.addProperty("score", round(region.score()));
            result.add(item);
        }
        if (!prediction.tags().isEmpty()) {
            JsonObject item = item("tags", CHOICES, "choices", width, height);
            JsonObject value = new JsonObject();
            JsonArray choices = new JsonArray();
            double least = 1;
            for (ImagePrediction.Tag tag : prediction.tags()) {
                choices.add(names.get(tag.category()));
                least = Math.min(least, tag.score());
            }
            value.add("choices", choices);
            item.add("value", value);
            item.addProperty("score", round(least));
            result.add(item);
        }
        json.add("result", result);
        return json;
    }

    private static JsonObject item(String id, String from, String type, int width, int height) {
        JsonObject item = new JsonObject();
        item.addProperty("id", id);
        item.addProperty("from_name", from);
        item.addProperty("to_name", IMAGE);
        item.addProperty("type", type);
        item.addProperty("original_width", width);
        item.addProperty("original_height", height);
        item.addProperty("image_rotation", 0);
        return item;
    }

    /**
     * Returns a task: the image's address and the prediction.
     *
     * @param prediction what the annotator found in the image
     * @param imageUrl where Label Studio reads the image
     * @param names the category names
     * @param modelVersion the {@code model_version}
     * @return {@code {"data": {"image": url}, "predictions": [...]}}
     */
    public static JsonObject task(
            ImagePrediction prediction, String imageUrl, List<String> names, String modelVersion) {
        JsonObject task = new JsonObject();
        JsonObject data = new JsonObject();
        data.addProperty(IMAGE, imageUrl);
        task.add("data", data);
        JsonArray predictions = new JsonArray();
        predictions.add(prediction(prediction, names, modelVersion));
        task.add("predictions", predictions);
        return task;
    }

    /**
     * Returns the labelling config that shows the predictions: the image, and polygon labels (a
     * segmenter) or multiple choices (a tagger) with one entry per category.
     *
     * @param names the category names
     * @param regions true for polygon labels, false for choices
     * @return the XML of the labelling interface
     */
    public static String config(List<String> names, boolean regions) {
        StringBuilder xml = new StringBuilder();
        xml.append("<View>\n");
        xml.append("  <Image name=\"").append(IMAGE).append("\" value=\"$").append(IMAGE);
        xml.append("\" zoom=\"true\"/>\n");
        if (regions) {
            xml.append("  <PolygonLabels name=\"").append(POLYGONS).append("\" toName=\"");
            xml.append(IMAGE).append("\" strokeWidth=\"2\" opacity=\"0.4\">\n");
            for (int i = 0; i < names.size(); i++) {
                xml.append("    <Label value=\"").append(escape(names.get(i)));
                xml.append("\" background=\"").append(COLOURS[i % COLOURS.length]).append("\"/>\n");
            }
            xml.append("  </PolygonLabels>\n");
        } else {
            xml.append("  <Choices name=\"").append(CHOICES).append("\" toName=\"").append(IMAGE);
            xml.append("\" choice=\"multiple\" showInLine=\"true\">\n");
            for (String name : names) {
                xml.append("    <Choice value=\"").append(escape(name)).append("\"/>\n");
            }
            xml.append("  </Choices>\n");
        }
        xml.append("</View>\n");
        return xml.toString();
    }

    /** Escapes text for an XML attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Rounds to 4 decimals: percent coordinates to 1/10,000 of a percent, scores likewise. */
    private static double round(double v) {
        return Math.rint(v * 1e4) / 1e4;
    }
}
