package dev.annogan.training.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.annogan.core.io.AtomicFile;
import dev.annogan.training.GanCheckpoints;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.listener.ConsoleProgress;
import dev.annogan.training.listener.LossCurvePlot;
import dev.annogan.training.listener.MetricsCsv;
import dev.annogan.training.listener.SampleImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The folder of one training run, the same for every application: {@code checkpoints/}, a file
 * naming what the run trains (so a resume cannot continue it as something else), and what the
 * standard listeners write ({@code metrics.csv}, {@code loss.png}, {@code samples/}). A run is
 * never overwritten: a second run into the same folder must ask to resume, and a resume must ask
 * for the same training.
 *
 * <pre>{@code
 * TrainingRun run = TrainingRun.open(out, resume, new Checkpoints(2, "mIoU", true), "run.json", identity);
 * GanTrainer.Builder builder = run.withStandardListeners(GanTrainer.builder()..., System.out, picture);
 * try (GanTrainer gan = builder.build()) {
 *     gan.initialize(...);
 *     run.resumeIfAsked(gan, System.out);
 *     FitLoop.fit(gan, TrainingStep.adversarial(), epochs, trainSet, validationSet);
 * }
 * }</pre>
 */
public final class TrainingRun {

    /** The identity file of the annotators' runs. */
    public static final String RUN_FILE = "run.json";

    /**
     * How a run keeps checkpoints.
     *
     * @param keep how many recent checkpoints to keep (the best is kept too)
     * @param metric the validation metric that picks the best checkpoint, or null
     * @param higherIsBetter whether larger values of the metric are better
     */
    public record Checkpoints(int keep, String metric, boolean higherIsBetter) {}

    private final Path folder;
    private final boolean resume;
    private final GanCheckpoints checkpoints;

    private TrainingRun(Path folder, boolean resume, GanCheckpoints checkpoints) {
        this.folder = folder;
        this.resume = resume;
        this.checkpoints = checkpoints;
    }

    /**
     * Opens a run folder: checks that a new run starts where no run is, that a resumed run has a
     * checkpoint to resume from and asks for the training its identity file records; writes the
     * identity file of a new run.
     *
     * @param folder the run folder
     * @param resume whether the run resumes
     * @param keeping how checkpoints are kept
     * @param identityFile the name of the file in the folder that records what the run trains
     * @param identity what the run trains; on a resume every field must equal the recorded one
     * @return the open run
     * @throws RunSetupException with a one-line message when the folder does not fit
     */
    public static TrainingRun open(
            Path folder,
            boolean resume,
            Checkpoints keeping,
            String identityFile,
            JsonObject identity)
            throws IOException {
        Path checkpointDir = folder.resolve("checkpoints");
        GanCheckpoints checkpoints =
                new GanCheckpoints(
                        checkpointDir, keeping.keep(), keeping.metric(), keeping.higherIsBetter());
        if (resume && !checkpoints.hasLatest()) {
            throw new RunSetupException(
                    "nothing to resume: " + checkpointDir + " holds no checkpoint");
        }
        if (!resume && checkpoints.hasLatest()) {
            throw new RunSetupException(
                    folder
                            + " already holds a run; add --resume to continue it or choose another"
                            + " --out");
        }
        Path file = folder.resolve(identityFile);
        if (resume && Files.exists(file)) {
            requireSame(file, read(file), identity);
        }
        Files.createDirectories(folder);
        if (!resume) {
            AtomicFile.writeString(file, identity + "\n");
        }
        return new TrainingRun(folder, resume, checkpoints);
    }

    private static JsonObject read(Path file) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (JsonSyntaxException | IllegalStateException e) {
            throw new RunSetupException(file + ": not a JSON object: " + e.getMessage());
        }
    }

    private static void requireSame(Path file, JsonObject recorded, JsonObject now) {
        for (String name : now.keySet()) {
            JsonElement was = recorded.get(name);
            if (!now.get(name).equals(was)) {
                throw new RunSetupException(
                        String.format(
                                "%s: the run was started with %s %s, this resume asks for %s;"
                                        + " resume with the run's options or choose another --out",
                                file, name, was, now.get(name)));
            }
        }
    }

    /** Returns the run folder. */
    public Path folder() {
        return folder;
    }

    /** Returns whether the run resumes. */
    public boolean resume() {
        return resume;
    }

    /** Returns the run's checkpoints. */
    public GanCheckpoints checkpoints() {
        return checkpoints;
    }

    /**
     * Adds what every run has to a trainer's builder: its checkpoints (with the divergence guard
     * that restores them), the progress bar, {@code metrics.csv}, {@code loss.png} and a picture
     * per epoch in {@code samples/}.
     *
     * @param builder the trainer's builder
     * @param out where the progress bar goes
     * @param samples draws the per-epoch picture of the trainer's networks
     * @return the builder
     */
    public GanTrainer.Builder withStandardListeners(
            GanTrainer.Builder builder,
            PrintStream out,
            Function<GanTrainer, BufferedImage> samples) {
        return builder.optCheckpoints(checkpoints)
                .addListener(new ConsoleProgress(out))
                .addListener(new MetricsCsv(folder.resolve("metrics.csv")))
                .addListener(new LossCurvePlot(folder.resolve("loss.png")))
                .addListener(new SampleImages(folder.resolve("samples"), samples));
    }

    /**
     * Restores the latest checkpoint into an initialised trainer when the run resumes.
     *
     * @param gan the trainer
     * @param out where the resumed position is reported
     */
    public void resumeIfAsked(GanTrainer gan, PrintStream out) throws IOException {
        if (resume) {
            long step = checkpoints.restoreLatest(gan);
            out.printf("resumed from step %d (epoch %d)%n", step, gan.epoch() + 1);
        }
    }
}
