package dev.annogan.training.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.annogan.core.io.AtomicFile;
import dev.annogan.training.GanApplication;
import dev.annogan.training.GanCheckpoints;
import dev.annogan.training.GanConfig;
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
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
     * The field an identity file written since the two-way comparison carries. A file without it
     * was written by an earlier version, which recorded fewer fields: only the fields it has are
     * compared, so that its run still resumes.
     */
    static final String FORMAT_FIELD = "runFormat";

    private static final int FORMAT = 2;

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
        JsonObject recordable = recordable(identity);
        if (resume && Files.exists(file)) {
            requireSame(file, read(file), recordable);
        }
        Files.createDirectories(folder);
        if (!resume) {
            AtomicFile.writeString(file, recordable + "\n");
        }
        return new TrainingRun(folder, resume, checkpoints);
    }

    /**
     * Checks that a run folder's identity file records the training asked for, as a resume does,
     * without opening the run: for a finished run another one builds on.
     *
     * @param folder the run folder
     * @param identityFile the name of its identity file
     * @param identity the training asked for
     * @throws RunSetupException naming the first field that differs, or a missing or broken file
     */
    public static void requireIdentity(Path folder, String identityFile, JsonObject identity)
            throws IOException {
        Path file = folder.resolve(identityFile);
        if (!Files.exists(file)) {
            throw new RunSetupException(file + ": no such file; the run's folder is incomplete");
        }
        requireSame(file, read(file), recordable(identity));
    }

    /**
     * Returns the identity as the file will hold it: with the format field, and its numbers as they
     * read back from text (a float 0.1 is written as 0.1 but compares as 0.10000000149).
     */
    private static JsonObject recordable(JsonObject identity) {
        JsonObject copy = JsonParser.parseString(identity.toString()).getAsJsonObject();
        copy.addProperty(FORMAT_FIELD, FORMAT);
        return copy;
    }

    /**
     * Returns whether a run folder holds a checkpoint to resume from, without creating anything.
     *
     * @param folder a run folder, which need not exist
     */
    public static boolean holdsCheckpoint(Path folder) throws IOException {
        Path checkpointDir = folder.resolve("checkpoints");
        return Files.isDirectory(checkpointDir)
                && new GanCheckpoints(checkpointDir, 1, null, true).hasLatest();
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
        // Both ways: a field the run recorded and the resume leaves out (a teacher, a backbone)
        // changes the training as much as one the resume adds. A file of an earlier format knows
        // only its own fields.
        Set<String> names = new LinkedHashSet<>(recorded.keySet());
        if (recorded.has(FORMAT_FIELD)) {
            names.addAll(now.keySet());
        }
        for (String name : names) {
            JsonElement was = recorded.get(name);
            JsonElement asked = now.get(name);
            if (!Objects.equals(was, asked)) {
                throw new RunSetupException(
                        String.format(
                                "%s: the run was started with %s %s, this resume asks for %s;"
                                        + " resume with the run's options or choose another --out",
                                file,
                                name,
                                was == null ? "none" : was,
                                asked == null ? "none" : asked));
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
        return withStandardListeners(builder, out, samples, 1);
    }

    /**
     * Adds what every run has, as {@link #withStandardListeners(GanTrainer.Builder, PrintStream,
     * Function)} does, with a picture only every {@code sampleEvery} epochs (and after the last).
     *
     * @param builder the trainer's builder
     * @param out where the progress bar goes
     * @param samples draws the per-epoch picture of the trainer's networks
     * @param sampleEvery epochs between pictures
     * @return the builder
     */
    public GanTrainer.Builder withStandardListeners(
            GanTrainer.Builder builder,
            PrintStream out,
            Function<GanTrainer, BufferedImage> samples,
            int sampleEvery) {
        return builder.optCheckpoints(checkpoints)
                .addListener(new ConsoleProgress(out))
                .addListener(new MetricsCsv(folder.resolve("metrics.csv")))
                .addListener(new LossCurvePlot(folder.resolve("loss.png")))
                .addListener(new SampleImages(folder.resolve("samples"), samples, sampleEvery));
    }

    /**
     * Returns a trainer's builder for an application: its networks and objective, the config, and
     * the standard listeners ({@link #withStandardListeners}) with the application's picture.
     *
     * @param app the application
     * @param config the loop's settings
     * @param out where the progress bar goes
     * @param sampleEvery epochs between pictures (and after the last)
     * @return the builder, to which more listeners may be added
     */
    public GanTrainer.Builder trainer(
            GanApplication app, GanConfig config, PrintStream out, int sampleEvery) {
        return withStandardListeners(
                GanTrainer.builder()
                        .setGenerator(app.newGenerator())
                        .setDiscriminator(app.newDiscriminator())
                        .setObjective(app.objective())
                        .optConfig(config),
                out,
                app::picture,
                sampleEvery);
    }

    /**
     * Initialises the trainer's networks for an application, lets it prepare them, and restores the
     * latest checkpoint when the run resumes.
     *
     * @param gan the trainer
     * @param app the application it trains
     * @param out where the resumed position is reported
     * @throws IOException if the checkpoint cannot be read
     */
    public void initialize(GanTrainer gan, GanApplication app, PrintStream out) throws IOException {
        gan.initialize(app.generatorInputs(), app.discriminatorInputs());
        app.afterInitialize(gan);
        resumeIfAsked(gan, out);
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

    /**
     * Makes Ctrl-C (or any orderly shutdown) end the training at a step boundary instead of
     * mid-step: the loop is asked to stop, finishes the step, saves a checkpoint (the run's
     * checkpointing listener does this for a stop inside an epoch), the run finishes what follows
     * training (its final validation, the export), and the user is told where the checkpoint is and
     * how to continue. Close the returned handle when the run has finished.
     *
     * <pre>{@code
     * TrainingRun.Interruption interruption = run.stopOnInterrupt(gan, System.out);
     * try {
     *     FitLoop.fit(gan, step, epochs, train, validation);
     *     export(gan);
     * } finally {
     *     interruption.close();
     * }
     * }</pre>
     *
     * @param gan the trainer
     * @param out where the closing message goes
     * @return the handle that removes the hook
     */
    public Interruption stopOnInterrupt(GanTrainer gan, PrintStream out) {
        return new Interruption(gan, out, folder);
    }

    /** A registered Ctrl-C handler of one training; see {@link #stopOnInterrupt}. */
    public static final class Interruption implements AutoCloseable {

        /** How long Ctrl-C waits for the step, and what the run does after training, to end. */
        private static final long WAIT_SECONDS = 600;

        private final CountDownLatch finished = new CountDownLatch(1);
        private final GanTrainer gan;
        private final PrintStream out;
        private final Path folder;
        private final Thread hook;
        private volatile boolean interrupted;

        private Interruption(GanTrainer gan, PrintStream out, Path folder) {
            this.gan = gan;
            this.out = out;
            this.folder = folder;
            hook =
                    new Thread(
                            () -> {
                                interrupted = true;
                                gan.requestStop("interrupted");
                                boolean done;
                                try {
                                    done = finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    done = false;
                                }
                                if (!done) {
                                    out.println();
                                    out.println(
                                            "interrupted before the run could finish; the last"
                                                    + " checkpoint is in "
                                                    + folder.resolve("checkpoints")
                                                    + "; run the same command with --resume to"
                                                    + " continue from it");
                                    out.flush();
                                }
                            },
                            "annogan-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        /**
         * Says the run has finished (its checkpoint saved, its export written), telling the user
         * how to continue when Ctrl-C stopped it, and removes the hook.
         */
        @Override
        public void close() {
            if (interrupted) {
                // From the run's own thread, in order with what it printed: the hook only waits.
                out.println();
                out.println(
                        "interrupted at step "
                                + gan.step()
                                + ": the checkpoint is in "
                                + folder.resolve("checkpoints")
                                + "; run the same command with --resume to continue");
                out.flush();
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Shutting down already: the hook is running and now sees the run finished.
            }
        }
    }
}
