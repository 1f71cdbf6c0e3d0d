package dev.annogan.examples.cli;

import dev.annogan.examples.annotator.RunOptions;
import dev.annogan.examples.annotator.SelfTraining;
import java.nio.file.Path;
import java.util.List;

/**
 * The fixed-teacher options that {@code train segmenter} and {@code train tagger} share: {@code
 * --teacher DIR} (a finished annotator teaches this run) and {@code --self-train} (train that
 * teacher first, then this run), with {@code --teacher-epochs}.
 *
 * @param teacher the fixed teacher's model or run folder; null when none is given
 * @param selfTrain whether to train the teacher first ({@link SelfTraining})
 * @param teacherEpochs the {@code --self-train} teacher's epochs; null for its default
 */
record SelfTrainingOptions(Path teacher, boolean selfTrain, Integer teacherEpochs) {

    /**
     * Returns the three options for one application.
     *
     * @param kind what the application trains, e.g. {@code "segmenter"}
     */
    static List<Option> options(String kind) {
        return List.of(
                Option.optional(
                        "teacher",
                        "DIR",
                        "the teacher of --consistency and --pseudo-labels: a "
                                + kind
                                + " trained before (its run's model/ folder), kept fixed, instead"
                                + " of G's moving average (self-training)",
                        ""),
                Option.flag(
                        "self-train",
                        "first train the supervised "
                                + kind
                                + " on the labelled images alone into OUT/teacher, then this run"
                                + " from its confident answers on the unlabelled images, the"
                                + " teacher kept fixed (--pseudo-labels 1 unless given); with"
                                + " --baseline the student has no D, the measured recipe"),
                Option.optional(
                        "teacher-epochs",
                        "N",
                        "epochs of the --self-train teacher; auto = 1.5 x --epochs (on a resume"
                                + " once the student has started: the teacher's own)",
                        "auto"));
    }

    /**
     * Reads the three options and refuses the combinations that make no sense, in one line each.
     *
     * @param args the command line
     * @param options the run's options, parsed before
     * @throws UserError naming the options that do not fit together
     */
    static SelfTrainingOptions parse(Args args, RunOptions options) throws UserError {
        Path teacher = args.path("teacher");
        boolean selfTrain = args.flag("self-train");
        if (selfTrain && teacher != null) {
            throw new UserError("--self-train trains its own teacher: leave out --teacher");
        }
        if (!selfTrain && args.given("teacher-epochs")) {
            throw new UserError("--teacher-epochs is the --self-train teacher's");
        }
        Double fraction = options.labels().fraction();
        boolean allLabelled =
                fraction == null ? options.labels().perClass() == null : fraction >= 1;
        if (selfTrain && allLabelled) {
            throw new UserError(
                    "--self-train learns from unlabelled images: keep labels on part of the"
                            + " training images with --labeled-fraction F or --labels-per-class N");
        }
        Integer teacherEpochs =
                "auto".equals(args.get("teacher-epochs"))
                        ? null
                        : args.integer("teacher-epochs", 1, 1_000_000);
        if (teacher != null && !options.teacher().enabled()) {
            throw new UserError(
                    "--teacher answers for the teacher terms: give --pseudo-labels W or"
                            + " --consistency W too");
        }
        return new SelfTrainingOptions(teacher, selfTrain, teacherEpochs);
    }
}
