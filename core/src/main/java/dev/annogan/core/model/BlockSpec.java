package dev.annogan.core.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A network architecture by name and builder settings, enough to rebuild an untrained copy of the
 * Block: {@code type} picks the builder registered in {@link BlockBuilders} ({@code "tagger"},
 * {@code "unet"}, {@code "label-set-generator"}, ...) and each setting names one of its {@code
 * setX}/{@code optX} calls, e.g. {@code "width" -> 16} for {@code optWidth(16)}. Values are
 * numbers, booleans, strings, or lists of numbers for calls with several arguments ({@code
 * "inputSize" -> [64, 64]}).
 *
 * <pre>{@code
 * BlockSpec unet = BlockSpec.of("unet").with("numClasses", 4).with("width", 16);
 * Block g = BlockBuilders.build(unet);
 * }</pre>
 *
 * @param type the Block's registered name (see {@link BlockBuilders})
 * @param settings the builder calls in the order they are made
 */
public record BlockSpec(String type, Map<String, Object> settings) {

    /**
     * Copies the settings so the spec cannot change under its holder, with whole numbers as {@code
     * Long} and others as {@code Double}, so a spec equals itself read back from JSON.
     */
    public BlockSpec {
        Map<String, Object> copy = new LinkedHashMap<>();
        settings.forEach((name, value) -> copy.put(name, normalise(value)));
        settings = Collections.unmodifiableMap(copy);
    }

    private static Object normalise(Object value) {
        if (value instanceof int[] ints) {
            return Arrays.stream(ints).mapToObj(i -> (Object) (long) i).toList();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(BlockSpec::normalise).toList();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) n.longValue() : d;
        }
        return value;
    }

    /**
     * Returns a spec of the given type without settings.
     *
     * @param type the Block's registered name
     * @return the spec
     */
    public static BlockSpec of(String type) {
        return new BlockSpec(type, Map.of());
    }

    /**
     * Returns a copy with one more setting (or a setting replaced).
     *
     * @param name the builder call without its {@code set}/{@code opt} prefix, e.g. {@code "width"}
     * @param value a number, boolean, string, or an {@code int[]}/{@code List} for several
     *     arguments
     * @return the new spec
     */
    public BlockSpec with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(settings);
        copy.put(name, value);
        return new BlockSpec(type, copy);
    }

    /**
     * Returns the spec as JSON: {@code {"type": ..., "settings": {...}}}.
     *
     * @return a new JSON object
     */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", type);
        JsonObject values = new JsonObject();
        settings.forEach((name, value) -> values.add(name, toJson(value)));
        json.add("settings", values);
        return json;
    }

    /**
     * Reads a spec written by {@link #toJson()}.
     *
     * @param json the JSON object
     * @param field the field's name in messages, e.g. {@code "block"}
     * @return the spec
     * @throws IllegalArgumentException naming the missing or invalid field
     */
    public static BlockSpec fromJson(JsonElement json, String field) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException(field + " is missing or not an object");
        }
        JsonObject object = json.getAsJsonObject();
        JsonElement type = object.get("type");
        if (type == null || !type.isJsonPrimitive()) {
            throw new IllegalArgumentException(field + ".type is missing");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        JsonElement values = object.get("settings");
        if (values != null && values.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : values.getAsJsonObject().entrySet()) {
                String name = field + ".settings." + e.getKey();
                settings.put(e.getKey(), fromJsonValue(name, e.getValue()));
            }
        } else if (values != null && !values.isJsonNull()) {
            throw new IllegalArgumentException(field + ".settings must be an object");
        }
        return new BlockSpec(type.getAsString(), settings);
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

    private static Object fromJsonValue(String field, JsonElement value) {
        if (value.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            value.getAsJsonArray().forEach(v -> list.add(fromJsonValue(field, v)));
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
}
