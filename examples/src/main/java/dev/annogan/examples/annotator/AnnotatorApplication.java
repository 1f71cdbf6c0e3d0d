package dev.annogan.examples.annotator;

import ai.djl.nn.Block;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.model.BlockBuilders;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.training.GanApplication;
import java.io.PrintStream;

/**
 * An application whose G becomes an annotator (the tagger, the segmenter): a {@link GanApplication}
 * whose generator is described by a {@link BlockSpec}, which builds it for training and is exported
 * with it, so that what was trained and what {@code annotate} loads are one architecture.
 */
public interface AnnotatorApplication extends GanApplication {

    /** Returns what the exported annotator predicts. */
    AnnotatorSpec.Kind kind();

    /** Returns G's architecture: the builder and its settings. */
    BlockSpec generatorSpec();

    /** Returns what D is and the weights of the game, for the run's mode line. */
    String describe();

    /**
     * Returns who answers for the unlabelled images in the teacher terms, for the run's mode line.
     *
     * @return {@code "mean teacher"} (G's moving average) unless the application has another
     */
    default String teacherName() {
        return "mean teacher";
    }

    /**
     * Returns who teaches as the run folder records it, for a resume to compare: {@link
     * #teacherName()} unless the application names its teacher in a way that survives moving the
     * run folder.
     */
    default String teacherIdentity() {
        return teacherName();
    }

    /**
     * Prints the closing table of a run.
     *
     * @param out where it goes
     * @param title the table's title
     * @param outcome how the run ended
     */
    void printResults(PrintStream out, String title, AnnotatorRun.Outcome outcome);

    /** Returns the kind's name, {@code "tagger"} or {@code "segmenter"}. */
    @Override
    default String name() {
        return kind().label();
    }

    /** Builds G from {@link #generatorSpec()}. */
    @Override
    default Block newGenerator() {
        return BlockBuilders.build(generatorSpec());
    }
}
