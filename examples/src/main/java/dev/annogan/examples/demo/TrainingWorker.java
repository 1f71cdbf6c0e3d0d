package dev.annogan.examples.demo;

import dev.annogan.examples.annotator.AnnotationData;
import dev.annogan.examples.annotator.BackboneStart;
import dev.annogan.examples.annotator.RunOptions;
import dev.annogan.examples.segmentation.SegmenterRunner;
import dev.annogan.examples.tagging.TaggerRunner;
import dev.annogan.training.DivergenceException;
import dev.annogan.training.GanListener;
import dev.annogan.training.RandomFlips;
import dev.annogan.training.run.RunSetupException;
import dev.annogan.training.teacher.TeacherTerms;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;

/**
 * One training of the demo, in a process of its own: {@code TrainingWorker SETTINGS APPLICATION
 * MODE} reads the demo's settings, trains the application in the mode, writes the runner's console
 * output to {@code train.log} in the run folder, and reports progress on standard output as {@link
 * ProgressEvents} lines. Exit code 0 on success, 1 when training diverged, 2 for a setup problem, 3
 * for anything else (the stack trace goes to standard error).
 *
 * <p>A process of its own because DJL's PyTorch engine allows one gradient collector per process:
 * two trainings in one process cannot both be in a training step.
 */
public final class TrainingWorker {

    private TrainingWorker() {}

    /** Runs one training; see the class description for the arguments and exit codes. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: TrainingWorker SETTINGS_FILE segmenter|tagger MODE");
            return 2;
        }
        try {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
                properties.load(reader);
            }
            DemoSettings settings = DemoSettings.fromProperties(properties);
            ProgressEvents events = new ProgressEvents(System.out);
            train(settings, args[1], args[2], events);
            events.cpu(Demo.processCpuSeconds());
            return 0;
        } catch (RunSetupException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (DivergenceException e) {
            System.err.println("training diverged: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            e.printStackTrace();
            return 3;
        }
    }

    /**
     * Trains one application in one mode with the demo's settings, reporting progress to {@code
     * events} and everything else to the run's log.
     */
    static void train(DemoSettings settings, String application, String mode, ProgressEvents events)
            throws Exception {
        RunOptions options = runOptions(settings, application, mode);
        Files.createDirectories(options.out());
        List<GanListener> listeners = List.of(events);
        try (OutputStream file =
                        Files.newOutputStream(
                                options.out().resolve(ParallelTrainings.LOG),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                PrintStream log = new PrintStream(file, true, StandardCharsets.UTF_8)) {
            switch (application) {
                case "segmenter" ->
                        SegmenterRunner.train(options, segmenterSettings(settings), log, listeners);
                case "tagger" ->
                        TaggerRunner.train(options, taggerSettings(settings), log, listeners);
                default -> throw new IllegalArgumentException("unknown application " + application);
            }
        }
    }

    /** Returns the options of one run; the baseline and the adversarial run differ only in mode. */
    static RunOptions runOptions(DemoSettings settings, String application, String mode) {
        boolean segmenter = application.equals("segmenter");
        return new RunOptions(
                AnnotationData.Source.shapes(settings.out().resolve(Demo.TRAIN_IMAGES)),
                null,
                new AnnotationData.Labels(settings.labelledFraction(), null),
                mode.equals("baseline"),
                settings.out().resolve(Demo.runFolder(application, mode)),
                segmenter ? settings.segmenterEpochs() : settings.taggerEpochs(),
                16,
                settings.size(),
                settings.seed(),
                false,
                settings.heldOut(),
                settings.learningRate(),
                1,
                "bce",
                0f,
                // Shapes have no up: all eight symmetries of the square, as 'annogan train'
                // flips shapes by default.
                RandomFlips.builder().optDihedral(true).build(),
                1,
                // The mean teacher lost to the baseline on the demo's own validation images
                // (BENCHMARKS.md, issue 13): the demo's adversarial runs go without it.
                TeacherTerms.NONE,
                0,
                0,
                0,
                BackboneStart.NONE);
    }

    private static SegmenterRunner.Settings segmenterSettings(DemoSettings settings) {
        SegmenterRunner.Settings d = SegmenterRunner.Settings.defaults();
        return new SegmenterRunner.Settings(
                d.adversarialWeight(),
                d.semiWeight(),
                d.threshold(),
                d.semiStart(),
                d.generator(),
                d.discriminator(),
                settings.segmenterWidth(),
                d.depth(),
                d.teacher());
    }

    private static TaggerRunner.Settings taggerSettings(DemoSettings settings) {
        TaggerRunner.Settings d = TaggerRunner.Settings.defaults();
        return new TaggerRunner.Settings(
                d.adversarialWeight(),
                d.noiseDim(),
                settings.taggerWidth(),
                d.depth(),
                d.pooled(),
                d.convsPerLevel(),
                d.projection(),
                d.spectralNorm(),
                d.teacher());
    }
}
