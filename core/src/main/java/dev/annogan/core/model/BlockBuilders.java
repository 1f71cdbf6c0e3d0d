package dev.annogan.core.model;

import ai.djl.nn.Block;
import dev.annogan.core.cgan.ConditionalGenerator;
import dev.annogan.core.classifier.KPlusOneDiscriminator;
import dev.annogan.core.labelgan.LabelSetGenerator;
import dev.annogan.core.nn.ImageEncoder;
import dev.annogan.core.segmentation.Pix2PixGenerator;
import dev.annogan.core.segmentation.UNetGenerator;
import dev.annogan.core.tagging.TaggerGenerator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Rebuilds an untrained Block from a {@link BlockSpec}: the type picks a registered builder, and
 * each setting is applied as the builder call of that name ({@code "width"} calls {@code setWidth}
 * or {@code optWidth} with as many arguments as the value holds), then {@code build()} runs the
 * builder's own validation.
 *
 * <p>Settings are matched to builder methods by name rather than listed here, so a new builder
 * option is exported and rebuilt without touching this class; a setting no builder method takes
 * fails loudly instead of building a different network.
 *
 * <pre>{@code
 * Block g = BlockBuilders.build(BlockSpec.of("unet").with("numClasses", 4).with("width", 16));
 * }</pre>
 */
public final class BlockBuilders {

    private static final Map<String, Supplier<?>> BUILDERS = new ConcurrentHashMap<>();

    static {
        register("tagger", TaggerGenerator::builder);
        register("unet", UNetGenerator::builder);
        register("pix2pix", Pix2PixGenerator::builder);
        register("label-set-generator", LabelSetGenerator::builder);
        register("conditional-generator", ConditionalGenerator::builder);
        register("k-plus-one-discriminator", KPlusOneDiscriminator::builder);
        register("image-encoder", ImageEncoder::builder);
    }

    private BlockBuilders() {}

    /**
     * Registers a block type, for Blocks beyond AnnoGAN's own.
     *
     * @param type the name a {@link BlockSpec} uses
     * @param builder makes a fresh builder with public {@code setX}/{@code optX} methods and a
     *     {@code build()} that returns a {@link Block}
     */
    public static void register(String type, Supplier<?> builder) {
        BUILDERS.put(type, builder);
    }

    /**
     * Returns the registered block types.
     *
     * @return the type names, sorted
     */
    public static Set<String> types() {
        return new TreeSet<>(BUILDERS.keySet());
    }

    /**
     * Builds the Block a spec describes, uninitialised.
     *
     * @param spec the type and builder settings
     * @return a new Block
     * @throws IllegalArgumentException naming the unknown type, the setting no builder method
     *     takes, or the builder's own complaint
     */
    public static Block build(BlockSpec spec) {
        Supplier<?> supplier = BUILDERS.get(spec.type());
        if (supplier == null) {
            throw new IllegalArgumentException(
                    "unknown block type '" + spec.type() + "'; known types: " + types());
        }
        Object builder = supplier.get();
        for (Map.Entry<String, Object> setting : spec.settings().entrySet()) {
            apply(spec.type(), builder, setting.getKey(), setting.getValue());
        }
        Object built = invoke(spec.type(), builder, method(builder, "build"), new Object[0]);
        if (!(built instanceof Block block)) {
            throw new IllegalArgumentException(
                    "block type '" + spec.type() + "' does not build a Block");
        }
        return block;
    }

    private static void apply(String type, Object builder, String name, Object value) {
        List<Object> values =
                value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
        String suffix =
                name.isEmpty()
                        ? ""
                        : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        for (String prefix : new String[] {"set", "opt"}) {
            for (Method m : builder.getClass().getMethods()) {
                if (!m.getName().equals(prefix + suffix)
                        || m.getParameterCount() != values.size()) {
                    continue;
                }
                Object[] args = convert(values, m.getParameterTypes());
                if (args != null) {
                    invoke(type, builder, m, args);
                    return;
                }
            }
        }
        throw new IllegalArgumentException(
                "block '"
                        + type
                        + "' has no setting '"
                        + name
                        + "' that takes "
                        + value
                        + " (no set"
                        + suffix
                        + "/opt"
                        + suffix
                        + " with "
                        + values.size()
                        + " matching argument(s))");
    }

    /** Returns the values as the parameter types, or null when one does not fit. */
    private static Object[] convert(List<Object> values, Class<?>[] types) {
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = convert(values.get(i), types[i]);
            if (args[i] == null) {
                return null;
            }
        }
        return args;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Object value, Class<?> type) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            boolean integral = d == Math.rint(d) && !Double.isInfinite(d);
            if ((type == int.class || type == Integer.class) && integral) {
                return (int) d;
            }
            if ((type == long.class || type == Long.class) && integral) {
                return n.longValue();
            }
            if (type == float.class || type == Float.class) {
                return n.floatValue();
            }
            if (type == double.class || type == Double.class) {
                return d;
            }
            return null;
        }
        if (value instanceof Boolean b) {
            return type == boolean.class || type == Boolean.class ? b : null;
        }
        if (value instanceof String s) {
            if (type == String.class) {
                return s;
            }
            if (type.isEnum()) {
                try {
                    return Enum.valueOf((Class<? extends Enum>) type, s.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Method method(Object builder, String name) {
        try {
            return builder.getClass().getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(
                    builder.getClass().getName() + " has no " + name + "() method", e);
        }
    }

    private static Object invoke(String type, Object builder, Method m, Object[] args) {
        try {
            return m.invoke(builder, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException(
                        "block '" + type + "': " + iae.getMessage(), iae);
            }
            throw new IllegalStateException(
                    "block '" + type + "': " + m.getName() + " failed: " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("block '" + type + "': cannot call " + m.getName(), e);
        }
    }
}
