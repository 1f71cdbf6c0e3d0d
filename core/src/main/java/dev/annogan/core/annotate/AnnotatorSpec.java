package dev.annogan.core.annotate;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an exported annotator is, written beside its parameters as {@code annotator.json}: whether
 * it tags or segments, the generator that rebuilds its Block, its categories, and how images are
 * prepared for it (the input size and the normalisation training used), plus the score threshold
 * that makes a prediction count.
 *
 * <pre>{@code
 * {"format": "annogan-annotator", "version": 1, "kind": "segmenter",
 *  "generator": {"type": "unet", "settings": {"numClasses": 4, "width": 16}},
 *  "input": {"width": 64, "height": 64, "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]},
 *  "categories": [{"id": 1, "name": "circle"}, ...], "threshold": 0.5}
 * }</pre>
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
        GeneratorSpec generator,
        List<Category> categories,
        int inputWidth,
        int inputHeight,
        float[] mean,
        float[] std,
        float threshold) {

    /** The file name of the description inside a model folder. */
    public static final String FILE = "annotator.json";

    private static final String FORMAT = "annogan-annotator";
    private static final int VERSION = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

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
     * Returns the description as JSON text.
     *
     * @return the content of {@code annotator.json}
     */
    public String toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        json.addProperty("version", VERSION);
        json.addProperty("kind", kind.label());
        JsonObject g = new JsonObject();
        g.addProperty("type", generator.type());
        JsonObject settings = new JsonObject();
        generator.settings().forEach((k, v) -> settings.add(k, toJson(v)));
        g.add("settings", settings);
        json.add("generator", g);
        JsonObject input = new JsonObject();
        input.addProperty("width", inputWidth);
        input.addProperty("height", inputHeight);
        input.add("mean", floats(mean));
        input.add("std", floats(std));
        json.add("input", input);
        JsonArray cats = new JsonArray();
        for (Category c : categories) {
            JsonObject o = new JsonObject();
            o.addProperty("id", c.id());
            o.addProperty("name", c.name());
            cats.add(o);
        }
        json.add("categories", cats);
        json.addProperty("threshold", threshold);
        return GSON.toJson(json) + "\n";
    }

    /**
     * Writes {@code annotator.json} into a folder.
     *
     * @param folder the model folder
     * @throws IOException if the file cannot be written
     */
    public void write(Path folder) throws IOException {
        Files.writeString(folder.resolve(FILE), toJson(), StandardCharsets.UTF_8);
    }

    /**
     * Reads the {@code annotator.json} of a model folder.
     *
     * @param folder the model folder (or the file itself)
     * @return the description
     * @throws NoSuchFileException if the folder holds no {@code annotator.json}
     * @throws IOException naming the file and the field when the content is invalid
     */
    public static AnnotatorSpec read(Path folder) throws IOException {
        Path file = Files.isDirectory(folder) ? folder.resolve(FILE) : folder;
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(), null, "not an AnnoGAN model folder (no " + FILE + ")");
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | IllegalStateException | JsonParseException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the JSON text of {@link #toJson()}.
     *
     * @param text the JSON
     * @return the description
     * @throws IllegalArgumentException naming the missing or invalid field
     */
    public static AnnotatorSpec parse(String text) {
        JsonElement root = JsonParser.parseString(text);
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonObject json = root.getAsJsonObject();
        String format = string(json, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(
                    "format: expected '" + FORMAT + "', got '" + format + "'");
        }
        int version = object(json, "version").getAsInt();
        if (version != VERSION) {
            throw new IllegalArgumentException(
                    "version "
                            + version
                            + " is not supported (this AnnoGAN reads "
                            + VERSION
                            + ")");
        }
        String kindName = string(json, "kind");
        Kind kind;
        try {
            kind = Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "kind: expected 'tagger' or 'segmenter', got '" + kindName + "'");
        }
        JsonObject g = object(json, "generator").getAsJsonObject();
        Map<String, Object> settings = new LinkedHashMap<>();
        if (g.has("settings")) {
            for (Map.Entry<String, JsonElement> e : g.getAsJsonObject("settings").entrySet()) {
                settings.put(
                        e.getKey(), fromJson("generator.settings." + e.getKey(), e.getValue()));
            }
        }
        GeneratorSpec generator = new GeneratorSpec(string(g, "type"), settings);
        JsonObject input = object(json, "input").getAsJsonObject();
        List<Category> categories = new ArrayList<>();
        for (JsonElement e : object(json, "categories").getAsJsonArray()) {
            JsonObject c = e.getAsJsonObject();
            categories.add(new Category(object(c, "id").getAsInt(), string(c, "name")));
        }
        return new AnnotatorSpec(
                kind,
                generator,
                categories,
                object(input, "width").getAsInt(),
                object(input, "height").getAsInt(),
                floats(input, "mean"),
                floats(input, "std"),
                json.has("threshold") ? json.get("threshold").getAsFloat() : 0.5f);
    }

    private static JsonElement object(JsonObject json, String field) {
        JsonElement value = json.get(field);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    private static String string(JsonObject json, String field) {
        return object(json, field).getAsString();
    }

    private static float[] floats(JsonObject json, String field) {
        JsonArray array = object(json, field).getAsJsonArray();
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

    private static JsonElement toJson(Object value) {
        if (value instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(v -> array.add(toJson(v)));
            return array;
        }
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (value instanceof Enum<?> e) {
            return new JsonPrimitive(e.name().toLowerCase(Locale.ROOT));
        }
        return new JsonPrimitive(String.valueOf(value));
    }

    private static Object fromJson(String field, JsonElement value) {
        if (value.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            value.getAsJsonArray().forEach(v -> list.add(fromJson(field, v)));
            return list;
        }
        if (!value.isJsonPrimitive()) {
            throw new IllegalArgumentException(field + ": must be a number, boolean or string");
        }
        JsonPrimitive p = value.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            double d = p.getAsDouble();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) p.getAsLong() : d;
        }
        return p.getAsString();
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
