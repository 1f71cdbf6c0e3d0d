package dev.annogan.training.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import dev.annogan.core.io.DurableFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@value #FILE_NAME} of a checkpoint: its step, optional metric, and every part's name, byte
 * size and SHA-256 hash.
 *
 * @param step the training step the checkpoint was taken at
 * @param metric the validation metric, NaN if none was recorded
 * @param parts the parts, sorted by name
 */
record Manifest(long step, double metric, List<Part> parts) {

    static final String FILE_NAME = "manifest.json";
    static final int FORMAT = 1;

    /**
     * One part's entry.
     *
     * @param name the part's file name inside the checkpoint directory
     * @param size its length in bytes
     * @param sha256 its SHA-256 hash in lower-case hex
     */
    record Part(String name, long size, String sha256) {}

    Manifest {
        parts = List.copyOf(parts);
    }

    /** Returns the entry of the part called {@code name}, or null. */
    Part part(String name) {
        for (Part part : parts) {
            if (part.name().equals(name)) {
                return part;
            }
        }
        return null;
    }

    /** Writes this manifest into {@code directory} and syncs it to disk. */
    void write(Path directory) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.setIndent("  ");
            json.beginObject();
            json.name("format").value(FORMAT);
            json.name("step").value(step);
            if (!Double.isNaN(metric)) {
                json.name("metric").value(metric);
            }
            json.name("parts").beginArray();
            for (Part part : parts) {
                json.beginObject();
                json.name("name").value(part.name());
                json.name("size").value(part.size());
                json.name("sha256").value(part.sha256());
                json.endObject();
            }
            json.endArray();
            json.endObject();
        }
        text.write('\n');
        DurableFiles.writeAndSync(
                directory.resolve(FILE_NAME), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the manifest of the checkpoint in {@code directory}. */
    static Manifest read(Path directory) throws CheckpointException {
        Path file = directory.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(directory, FILE_NAME + " is missing", e);
        } catch (IOException e) {
            throw new CheckpointException(directory, FILE_NAME + " cannot be read", e);
        }
        try {
            JsonObject root = JsonParser.parseString(text).getAsJsonObject();
            int format = required(root, "format").getAsInt();
            if (format != FORMAT) {
                throw new CheckpointException(
                        directory, FILE_NAME + " has unsupported format " + format);
            }
            long step = required(root, "step").getAsLong();
            double metric = root.has("metric") ? root.get("metric").getAsDouble() : Double.NaN;
            List<Part> parts = new ArrayList<>();
            JsonArray array = required(root, "parts").getAsJsonArray();
            for (JsonElement element : array) {
                JsonObject part = element.getAsJsonObject();
                parts.add(
                        new Part(
                                required(part, "name").getAsString(),
                                required(part, "size").getAsLong(),
                                required(part, "sha256").getAsString()));
            }
            return new Manifest(step, metric, parts);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new CheckpointException(
                    directory, FILE_NAME + " is malformed: " + e.getMessage(), e);
        }
    }

    private static JsonElement required(JsonObject object, String field) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            throw new JsonParseException("field '" + field + "' is missing");
        }
        return value;
    }
}
