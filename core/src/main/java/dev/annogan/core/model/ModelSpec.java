package dev.annogan.core.model;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What every saved AnnoGAN network is, written beside its parameters as {@code model.json}: the
 * application it belongs to, the Block that rebuilds it ({@link BlockSpec}), the inputs it is
 * initialised with, and the application's own typed details (an annotator's categories and input
 * normalisation, the label-set generator's label names, the cGAN's classes and labelled split).
 *
 * <pre>{@code
 * {"format": "annogan-model", "version": 1, "application": "label-gan",
 *  "block": {"type": "label-set-generator", "settings": {"numLabels": 80, "noiseDim": 16}},
 *  "inputs": [{"shape": [1, 16], "dataType": "float32"}],
 *  "details": {"labels": ["person", ...], "fakeSets": "probabilities"}}
 * }</pre>
 *
 * <p>Each application reads and writes its details through its own typed record (for example {@code
 * AnnotatorSpec}); this class only carries them.
 *
 * @param application the application's name, e.g. {@code "segmenter"}, checked when loading
 * @param block the architecture and builder settings
 * @param inputs the input shapes (batch size 1) and data types the Block is initialised with
 * @param details the application's own fields
 */
public record ModelSpec(
        String application, BlockSpec block, List<Input> inputs, JsonObject details) {

    /** The value of the {@code format} field. */
    public static final String FORMAT = "annogan-model";

    /** The format version this AnnoGAN writes and reads. */
    public static final int VERSION = 1;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /**
     * One input of the Block.
     *
     * @param shape the shape with a batch size of 1
     * @param dataType its data type (class ids are {@code int32}, images {@code float32})
     */
    public record Input(Shape shape, DataType dataType) {

        /**
         * Returns a {@code float32} input.
         *
         * @param dimensions the shape, batch size first
         * @return the input
         */
        public static Input floats(long... dimensions) {
            return new Input(new Shape(dimensions), DataType.FLOAT32);
        }

        /**
         * Returns an {@code int32} input, such as class ids.
         *
         * @param dimensions the shape, batch size first
         * @return the input
         */
        public static Input ints(long... dimensions) {
            return new Input(new Shape(dimensions), DataType.INT32);
        }
    }

    /**
     * Checks the values and copies the details so that the spec cannot change under its holder.
     *
     * @throws IllegalArgumentException naming the invalid field
     */
    public ModelSpec {
        if (application == null || application.isBlank()) {
            throw new IllegalArgumentException("application is missing");
        }
        Objects.requireNonNull(block, "block");
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("inputs: at least one is needed");
        }
        details = details == null ? new JsonObject() : details.deepCopy();
    }

    /** Returns the application's fields (a copy). */
    @Override
    public JsonObject details() {
        return details.deepCopy();
    }

    /** Returns the input shapes, in order. */
    public Shape[] inputShapes() {
        return inputs.stream().map(Input::shape).toArray(Shape[]::new);
    }

    /**
     * Returns the spec as the text of {@code model.json}.
     *
     * @return pretty-printed JSON ending in a newline
     */
    public String toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        json.addProperty("version", VERSION);
        json.addProperty("application", application);
        json.add("block", block.toJson());
        JsonArray list = new JsonArray();
        for (Input input : inputs) {
            JsonObject o = new JsonObject();
            JsonArray shape = new JsonArray();
            for (long d : input.shape().getShape()) {
                shape.add(d);
            }
            o.add("shape", shape);
            o.addProperty("dataType", input.dataType().name().toLowerCase(Locale.ROOT));
            list.add(o);
        }
        json.add("inputs", list);
        json.add("details", details);
        return GSON.toJson(json) + "\n";
    }

    /**
     * Parses the text of {@code model.json}.
     *
     * @param text the JSON
     * @return the spec
     * @throws IllegalArgumentException naming the missing or invalid field, or a format this
     *     AnnoGAN does not read
     */
    public static ModelSpec parse(String text) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonObject json = root.getAsJsonObject();
        if (!json.has("format")) {
            throw new IllegalArgumentException(
                    "format is missing: written by an AnnoGAN from before the common model"
                            + " format");
        }
        String format = json.get("format").getAsString();
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(
                    "format: expected '" + FORMAT + "', got '" + format + "'");
        }
        int version = required(json, "version").getAsInt();
        if (version != VERSION) {
            throw new IllegalArgumentException(
                    "version "
                            + version
                            + " is not supported (this AnnoGAN reads "
                            + VERSION
                            + ")");
        }
        String application = required(json, "application").getAsString();
        BlockSpec block = BlockSpec.fromJson(json.get("block"), "block");
        List<Input> inputs = new ArrayList<>();
        JsonElement list = required(json, "inputs");
        if (!list.isJsonArray()) {
            throw new IllegalArgumentException("inputs must be a list");
        }
        int i = 0;
        for (JsonElement e : list.getAsJsonArray()) {
            inputs.add(input(e, "inputs[" + i++ + "]"));
        }
        JsonElement details = json.get("details");
        if (details != null && !details.isJsonNull() && !details.isJsonObject()) {
            throw new IllegalArgumentException("details must be an object");
        }
        return new ModelSpec(
                application,
                block,
                inputs,
                details == null || details.isJsonNull() ? null : details.getAsJsonObject());
    }

    private static Input input(JsonElement e, String field) {
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException(field + " must be an object");
        }
        JsonObject o = e.getAsJsonObject();
        JsonElement shape = required(o, "shape");
        if (!shape.isJsonArray()) {
            throw new IllegalArgumentException(field + ".shape must be a list of sizes");
        }
        JsonArray sizes = shape.getAsJsonArray();
        long[] dimensions = new long[sizes.size()];
        for (int d = 0; d < dimensions.length; d++) {
            dimensions[d] = sizes.get(d).getAsLong();
            if (dimensions[d] < 1) {
                throw new IllegalArgumentException(
                        field + ".shape: sizes must be positive, got " + dimensions[d]);
            }
        }
        String type = o.has("dataType") ? o.get("dataType").getAsString() : "float32";
        DataType dataType;
        try {
            dataType = DataType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(
                    field + ".dataType: unknown data type '" + type + "'", ex);
        }
        return new Input(new Shape(dimensions), dataType);
    }

    private static JsonElement required(JsonObject json, String field) {
        JsonElement value = json.get(field);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }
}
