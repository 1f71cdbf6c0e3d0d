package dev.annogan.core.annotate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.core.model.ModelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an exported annotator is: whether it tags or segments, the generator that rebuilds its
 * Block, its categories, and how images are prepared for it (the input size and the normalisation
 * training used), plus the score threshold that makes a prediction count. It is written as the
 * {@code model.json} of a {@link ModelFolder}, the annotator's fields as its details:
 *
 * <pre>{@code
 * {"format": "annogan-model", "version": 1, "application": "segmenter",
 *  "block": {"type": "unet", "settings": {"numClasses": 4, "width": 16}},
 *  "inputs": [{"shape": [1, 3, 64, 64], "dataType": "float32"}],
 *  "details": {"input": {"width": 64, "height": 64, "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]},
 *              "categories": [{"id": 1, "name": "circle"}, ...], "threshold": 0.5}}
 * }</pre>
 *
 * <p>Folders exported before that format hold {@code annotator.json} instead ({@link
 * #LEGACY_FILE}); {@link #read} still reads them.
 *
 * <p>A segmenter's outputs are {@code K + 1} classes: 0 is the background and {@code k + 1} is
 * category {@code k}; a tagger's are the {@code K} categories.
 *
 * @param kind what the annotator predicts
 * @param generator the generator architecture and builder settings
 * @param categories the categories in output order
 * @param inputWidth the width images are resized to
 * @param inputHeight the height images are resized to
 * @param mean the per-channel mean (R, G, B) on the {@code [0, 1]} scale
 * @param std the per-channel standard deviation (R, G, B)
 * @param threshold the default score a prediction needs to be reported
 */
public record AnnotatorSpec(
        Kind kind,
        BlockSpec generator,
        List<Category> categories,
        int inputWidth,
        int inputHeight,
        float[] mean,
        float[] std,
        float threshold) {

    /** The description's file in folders exported before the common model format. */
    public static final String LEGACY_FILE = "annotator.json";

    private static final String LEGACY_FORMAT = "annogan-annotator";

    /** What an annotator predicts. */
    public enum Kind {
        /** Image-level tags: one probability per category, as {@code Classifications}. */
        TAGGER,
        /** A class per pixel, background included, as {@code CategoryMask}. */
        SEGMENTER;

        /** Returns the name used in files and messages: "tagger" or "segmenter". */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One category of the annotator's output.
     *
     * @param id the COCO category id, written into predictions
     * @param name the category name
     */
    public record Category(int id, String name) {}

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the invalid field
     */
    public AnnotatorSpec {
        categories = List.copyOf(categories);
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("categories: at least one is needed");
        }
        if (inputWidth < 1 || inputHeight < 1) {
            throw new IllegalArgumentException(
                    "input: width and height must be positive, got "
                            + inputWidth
                            + " x "
                            + inputHeight);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("input: mean and std need 3 values (R, G, B)");
        }
        for (int c = 0; c < 3; c++) {
            if (!Float.isFinite(mean[c]) || !(std[c] > 0) || !Float.isFinite(std[c])) {
                throw new IllegalArgumentException(
                        "input: channel " + c + " has mean " + mean[c] + ", std " + std[c]);
            }
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Returns the per-channel mean (a copy). */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** Returns the per-channel standard deviation (a copy). */
    @Override
    public float[] std() {
        return std.clone();
    }

    /**
     * Returns the names of the network's output classes: the category names for a tagger; {@code
     * "background"} followed by them for a segmenter.
     *
     * @return the class names in output order
     */
    public List<String> classNames() {
        List<String> names = new ArrayList<>();
        if (kind == Kind.SEGMENTER) {
            names.add("background");
        }
        categories.forEach(c -> names.add(c.name()));
        return names;
    }

    /**
     * Returns the description as the annotator's {@link ModelSpec}: application {@code "tagger"} or
     * {@code "segmenter"}, the generator as its Block, one image input, and as details the input
     * size and normalisation, the categories and the threshold.
     *
     * @return the spec written as {@code model.json}
     */
    public ModelSpec toModelSpec() {
        JsonObject details = new JsonObject();
        JsonObject input = new JsonObject();
        input.addProperty("width", inputWidth);
        input.addProperty("height", inputHeight);
        input.add("mean", floats(mean));
        input.add("std", floats(std));
        details.add("input", input);
        JsonArray cats = new JsonArray();
        for (Category c : categories) {
            JsonObject o = new JsonObject();
            o.addProperty("id", c.id());
            o.addProperty("name", c.name());
            cats.add(o);
        }
        details.add("categories", cats);
        details.addProperty("threshold", threshold);
        return new ModelSpec(
                kind.label(),
                generator,
                List.of(ModelSpec.Input.floats(1, 3, inputHeight, inputWidth)),
                details);
    }

    /**
     * Reads an annotator from its {@link ModelSpec}.
     *
     * @param spec the spec of a model folder
     * @return the description
     * @throws IllegalArgumentException if the spec is not an annotator's, naming the missing or
     *     invalid field
     */
    public static AnnotatorSpec fromModelSpec(ModelSpec spec) {
        Kind kind = kind(spec.application(), "application");
        return fromFields(kind, spec.block(), spec.details(), "details.");
    }

    /**
     * Returns the description as JSON text: the content of the folder's {@code model.json}.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        return toModelSpec().toJson();
    }

    /**
     * Reads the annotator of a model folder: its {@code model.json}, or the {@code annotator.json}
     * of a folder exported before the common model format (which still loads).
     *
     * @param folder the model folder
     * @return the description
     * @throws NoSuchFileException if the folder holds neither file
     * @throws IOException naming the file and the field when the content is invalid
     */
    public static AnnotatorSpec read(Path folder) throws IOException {
        Path legacy = folder.resolve(LEGACY_FILE);
        if (!Files.isRegularFile(folder.resolve(ModelFolder.SPEC_FILE))
                && Files.isRegularFile(legacy)) {
            try {
                return parseLegacy(Files.readString(legacy, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException | IllegalStateException | JsonParseException e) {
                throw new IOException(legacy + ": " + e.getMessage(), e);
            }
        }
        ModelSpec spec = ModelFolder.readSpec(folder);
        try {
            return fromModelSpec(spec);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(folder.resolve(ModelFolder.SPEC_FILE) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the {@code annotator.json} of a folder exported before the common model format.
     *
     * @param text the JSON
     * @return the description
     * @throws IllegalArgumentException naming the missing or invalid field
     */
    public static AnnotatorSpec parseLegacy(String text) {
        JsonElement root = JsonParser.parseString(text);
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonObject json = root.getAsJsonObject();
        String format = string(json, "format");
        if (!LEGACY_FORMAT.equals(format)) {
            throw new IllegalArgumentException(
                    "format: expected '" + LEGACY_FORMAT + "', got '" + format + "'");
        }
        int version = object(json, "version").getAsInt();
        if (version != 1) {
            throw new IllegalArgumentException(
                    "version " + version + " is not supported (this AnnoGAN reads 1)");
        }
        Kind kind = kind(string(json, "kind"), "kind");
        return fromFields(kind, BlockSpec.fromJson(json.get("generator"), "generator"), json, "");
    }

    private static Kind kind(String name, String field) {
        try {
            return Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field + ": expected 'tagger' or 'segmenter', got '" + name + "'");
        }
    }

    /** Reads input, categories and threshold from {@code json}; {@code prefix} names its place. */
    private static AnnotatorSpec fromFields(
            Kind kind, BlockSpec generator, JsonObject json, String prefix) {
        JsonObject input = object(json, prefix, "input").getAsJsonObject();
        List<Category> categories = new ArrayList<>();
        for (JsonElement e : object(json, prefix, "categories").getAsJsonArray()) {
            JsonObject c = e.getAsJsonObject();
            categories.add(
                    new Category(
                            object(c, prefix + "categories[].", "id").getAsInt(),
                            object(c, prefix + "categories[].", "name").getAsString()));
        }
        String at = prefix + "input.";
        return new AnnotatorSpec(
                kind,
                generator,
                categories,
                object(input, at, "width").getAsInt(),
                object(input, at, "height").getAsInt(),
                floats(input, at, "mean"),
                floats(input, at, "std"),
                json.has("threshold") ? json.get("threshold").getAsFloat() : 0.5f);
    }

    private static JsonElement object(JsonObject json, String field) {
        return object(json, "", field);
    }

    private static JsonElement object(JsonObject json, String prefix, String field) {
        JsonElement value = json.get(field);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException(prefix + field + " is missing");
        }
        return value;
    }

    private static String string(JsonObject json, String field) {
        return object(json, field).getAsString();
    }

    private static float[] floats(JsonObject json, String prefix, String field) {
        JsonArray array = object(json, prefix, field).getAsJsonArray();
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsFloat();
        }
        return values;
    }

    private static JsonArray floats(float[] values) {
        JsonArray array = new JsonArray();
        for (float v : values) {
            array.add(v);
        }
        return array;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnnotatorSpec s
                && kind == s.kind
                && generator.equals(s.generator)
                && categories.equals(s.categories)
                && inputWidth == s.inputWidth
                && inputHeight == s.inputHeight
                && java.util.Arrays.equals(mean, s.mean)
                && java.util.Arrays.equals(std, s.std)
                && threshold == s.threshold;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, generator, categories, inputWidth, inputHeight)
                + 31 * java.util.Arrays.hashCode(mean)
                + java.util.Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "AnnotatorSpec" + toJson().replaceAll("\\s+", " ");
    }
}
