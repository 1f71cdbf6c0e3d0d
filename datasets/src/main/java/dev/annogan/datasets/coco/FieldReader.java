package dev.annogan.datasets.coco;

import dev.annogan.datasets.coco.JsonCursor.Token;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads typed field values from a streaming JSON reader, turning a value of the wrong type into a
 * recorded field error (and skipping it) instead of an exception, so that one record can report all
 * of its bad fields and the file can be read on.
 *
 * <p>Errors are kept per record: {@link #startRecord()} clears them, {@link #errors()} returns them
 * as {@code [field, message]} pairs for the caller to attach to the record's id.
 */
final class FieldReader {

    private final JsonCursor json;
    private final List<String[]> errors = new ArrayList<>();

    FieldReader(JsonCursor json) {
        this.json = json;
    }

    JsonCursor json() {
        return json;
    }

    void startRecord() {
        errors.clear();
    }

    List<String[]> errors() {
        return errors;
    }

    void error(String field, String message) {
        errors.add(new String[] {field, message});
    }

    /** Returns whether the next value is JSON null, consuming it if so. */
    boolean skipNull() throws IOException {
        if (json.peek() == Token.NULL) {
            json.nextNull();
            return true;
        }
        return false;
    }

    private boolean expect(String field, Token token, String what) throws IOException {
        Token actual = json.peek();
        if (actual == token) {
            return true;
        }
        error(field, "must be " + what + ", found " + describe(actual));
        json.skipValue();
        return false;
    }

    /** Reads an integral number that fits a long; returns {@code fallback} on error. */
    long readLong(String field, long fallback) throws IOException {
        if (!expect(field, Token.NUMBER, "an integer")) {
            return fallback;
        }
        try {
            return json.nextLong();
        } catch (NumberFormatException e) {
            error(field, "must be an integer, found " + e.getMessage());
            return fallback;
        }
    }

    /** Reads an integral number that fits an int; returns {@code fallback} on error. */
    int readInt(String field, int fallback) throws IOException {
        int before = errors.size();
        long value = readLong(field, fallback);
        if (errors.size() == before && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            error(field, "is out of range: " + value);
            return fallback;
        }
        return (int) value;
    }

    /** Reads a finite number; returns NaN on error. */
    double readDouble(String field) throws IOException {
        if (!expect(field, Token.NUMBER, "a number")) {
            return Double.NaN;
        }
        double value = json.nextDouble();
        if (!Double.isFinite(value)) {
            error(field, "must be a finite number, found " + value);
        }
        return value;
    }

    /** Reads a string; returns null on error. */
    String readString(String field) throws IOException {
        return expect(field, Token.STRING, "a string") ? json.nextString() : null;
    }

    /** Reads a 0/1 (or boolean) flag; returns false on error. */
    boolean readFlag(String field) throws IOException {
        Token token = json.peek();
        if (token == Token.BOOLEAN) {
            return json.nextBoolean();
        }
        int value = readInt(field, 0);
        if (value != 0 && value != 1) {
            error(field, "must be 0 or 1, found " + value);
        }
        return value == 1;
    }

    /** Reads an array of numbers; returns null on error. */
    double[] readNumbers(String field) throws IOException {
        return readNumbers(field, -1);
    }

    /**
     * Reads an array of numbers, the {@code index}-th of field {@code field} (or the field itself
     * for -1); returns null on error. The element's name is built only for an error message.
     */
    private double[] readNumbers(String field, int index) throws IOException {
        if (json.peek() != Token.BEGIN_ARRAY) {
            error(
                    name(field, index),
                    "must be an array of numbers, found " + describe(json.peek()));
            json.skipValue();
            return null;
        }
        json.beginArray();
        double[] values = numbers;
        int n = 0;
        boolean ok = true;
        while (json.hasNext()) {
            if (json.peek() != Token.NUMBER) {
                if (ok) {
                    error(
                            name(field, index),
                            "must hold only numbers, found " + describe(json.peek()));
                }
                ok = false;
                json.skipValue();
                continue;
            }
            if (n == values.length) {
                values = java.util.Arrays.copyOf(values, n * 2);
                numbers = values;
            }
            values[n++] = json.nextDouble();
        }
        json.endArray();
        return ok ? java.util.Arrays.copyOf(values, n) : null;
    }

    // Reused between arrays: a polygon is read into it, then copied out at its exact length.
    private double[] numbers = new double[256];

    private static String name(String field, int index) {
        return index < 0 ? field : field + "[" + index + "]";
    }

    /** Reads an array of integers; returns null on error. */
    int[] readInts(String field) throws IOException {
        double[] values = readNumbers(field);
        if (values == null) {
            return null;
        }
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                error(field, "must hold integers, found " + v + " at position " + i);
                return null;
            }
            ints[i] = (int) v;
        }
        return ints;
    }

    /**
     * Reads a COCO segmentation: a list of polygons, or an RLE object with {@code size} and {@code
     * counts} (a list or a compressed string). Returns null for an empty list or on error.
     */
    Segmentation readSegmentation(String field) throws IOException {
        Token token = json.peek();
        if (token == Token.BEGIN_ARRAY) {
            List<double[]> rings = new ArrayList<>();
            json.beginArray();
            boolean ok = true;
            while (json.hasNext()) {
                double[] ring = readNumbers(field, rings.size());
                ok &= ring != null;
                rings.add(ring);
            }
            json.endArray();
            return ok && !rings.isEmpty() ? new Segmentation.Polygons(rings) : null;
        }
        if (token != Token.BEGIN_OBJECT) {
            expect(field, Token.BEGIN_ARRAY, "a list of polygons or an RLE object");
            return null;
        }
        json.beginObject();
        int[] size = null;
        int[] counts = null;
        String compressed = null;
        boolean sawCounts = false;
        while (json.hasNext()) {
            String name = json.nextName();
            switch (name) {
                case "size" -> size = readInts(field + ".size");
                case "counts" -> {
                    sawCounts = true;
                    if (json.peek() == Token.STRING) {
                        compressed = json.nextString();
                    } else {
                        counts = readInts(field + ".counts");
                    }
                }
                default -> json.skipValue();
            }
        }
        json.endObject();
        if (size == null || size.length != 2) {
            error(field + ".size", size == null ? "is missing" : "must be [height, width]");
            return null;
        }
        if (!sawCounts) {
            error(field + ".counts", "is missing");
            return null;
        }
        if (compressed != null) {
            return new Segmentation.CompressedRle(size[0], size[1], compressed);
        }
        return counts == null ? null : new Segmentation.Rle(size[0], size[1], counts);
    }

    static String describe(Token token) {
        return switch (token) {
            case BEGIN_ARRAY -> "an array";
            case BEGIN_OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> token.toString();
        };
    }
}
