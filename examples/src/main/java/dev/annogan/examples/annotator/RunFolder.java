package dev.annogan.examples.annotator;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.annogan.core.io.AtomicFile;
import dev.annogan.training.GanCheckpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The folder of one training run: {@code checkpoints/}, {@code run.json} (what was trained, so a
 * resume cannot continue a run as something else) and whatever the listeners write. A run is never
 * overwritten: a second run into the same folder must ask to resume.
 */
public final class RunFolder {

    /** The file naming what the run trains. */
    public static final String RUN_FILE = "run.json";

    private RunFolder() {}

    /**
     * Opens the run's checkpoints, checking that a new run starts in a fresh folder and that a
     * resumed run continues the same kind of training.
     *
     * @param out the run folder
     * @param resume whether the run resumes
     * @param keep how many recent checkpoints to keep
     * @param metric the validation metric (higher is better) that picks the best checkpoint
     * @param identity what the run trains, e.g. application and mode; written on a fresh run,
     *     compared on a resumed one
     * @throws RunSetupException with a one-line message when the folder does not fit
     */
    public static GanCheckpoints open(
            Path out, boolean resume, int keep, String metric, Map<String, String> identity)
            throws IOException {
        Path checkpointDir = out.resolve("checkpoints");
        GanCheckpoints checkpoints = new GanCheckpoints(checkpointDir, keep, metric, true);
        Path runFile = out.resolve(RUN_FILE);
        if (resume && !checkpoints.hasLatest()) {
            throw new RunSetupException(
                    "nothing to resume: " + checkpointDir + " holds no checkpoint");
        }
        if (!resume && checkpoints.hasLatest()) {
            throw new RunSetupException(
                    out
                            + " already holds a run; add --resume to continue it or choose another --out");
        }
        if (resume && Files.exists(runFile)) {
            JsonObject saved =
                    JsonParser.parseString(Files.readString(runFile, StandardCharsets.UTF_8))
                            .getAsJsonObject();
            for (Map.Entry<String, String> entry : identity.entrySet()) {
                String was =
                        saved.has(entry.getKey()) ? saved.get(entry.getKey()).getAsString() : null;
                if (!entry.getValue().equals(was)) {
                    throw new RunSetupException(
                            String.format(
                                    "%s: the run was trained with %s = %s, not %s; resume it"
                                            + " the same way",
                                    runFile, entry.getKey(), was, entry.getValue()));
                }
            }
        }
        Files.createDirectories(out);
        if (!resume) {
            JsonObject json = new JsonObject();
            identity.forEach(json::addProperty);
            AtomicFile.writeString(runFile, json + "\n");
        }
        return checkpoints;
    }
}
