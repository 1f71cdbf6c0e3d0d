package dev.annogan.core.annotate;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generator architecture by name and builder settings, enough to rebuild an untrained copy of the
 * Block: {@code type} picks the builder ({@code "tagger"}, {@code "unet"}, {@code "pix2pix"}) and
 * each setting names one of its {@code setX}/{@code optX} calls, e.g. {@code "width" -> 16} for
 * {@code optWidth(16)}. Values are numbers, booleans, strings, or lists of numbers for calls with
 * several arguments ({@code "inputSize" -> [64, 64]}).
 *
 * <pre>{@code
 * GeneratorSpec unet = GeneratorSpec.of("unet").with("numClasses", 4).with("width", 16);
 * Block g = GeneratorFactory.build(unet);
 * }</pre>
 *
 * @param type the generator's registered name (see {@link GeneratorFactory})
 * @param settings the builder calls in the order they are made
 */
public record GeneratorSpec(String type, Map<String, Object> settings) {

    /**
     * Copies the settings so the spec cannot change under its holder, with whole numbers as {@code
     * Long} and others as {@code Double}, so a spec equals itself read back from JSON.
     */
    public GeneratorSpec {
        Map<String, Object> copy = new LinkedHashMap<>();
        settings.forEach((name, value) -> copy.put(name, normalise(value)));
        settings = Collections.unmodifiableMap(copy);
    }

    private static Object normalise(Object value) {
        if (value instanceof int[] ints) {
            return Arrays.stream(ints).mapToObj(i -> (Object) (long) i).toList();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(GeneratorSpec::normalise).toList();
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
     * @param type the generator's registered name
     * @return the spec
     */
    public static GeneratorSpec of(String type) {
        return new GeneratorSpec(type, Map.of());
    }

    /**
     * Returns a copy with one more setting (or a setting replaced).
     *
     * @param name the builder call without its {@code set}/{@code opt} prefix, e.g. {@code "width"}
     * @param value a number, boolean, string, or an {@code int[]}/{@code List} for several
     *     arguments
     * @return the new spec
     */
    public GeneratorSpec with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(settings);
        copy.put(name, value);
        return new GeneratorSpec(type, copy);
    }
}
