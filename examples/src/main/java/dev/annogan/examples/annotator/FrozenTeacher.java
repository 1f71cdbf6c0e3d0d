package dev.annogan.examples.annotator;

import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.datasets.image.Normalization;
import dev.annogan.training.GanContext;
import dev.annogan.training.run.RunSetupException;
import dev.annogan.training.teacher.TeacherModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * An annotator trained before this run, answering for the unlabelled images and never updated
 * ({@code train segmenter|tagger --teacher DIR}): self-training from a finished supervised model.
 * It must be of the run's kind and answer for the same categories at the same size from images
 * normalised the same way, which is checked when it loads.
 */
public final class FrozenTeacher implements TeacherModel, AutoCloseable {

    private final ModelFolder.LoadedModel model;
    private final Path folder;

    private FrozenTeacher(ModelFolder.LoadedModel model, Path folder) {
        this.model = model;
        this.folder = folder;
    }

    /** Returns the teacher's model folder, absolute: what the run's mode line names. */
    Path folder() {
        return folder;
    }

    /**
     * Returns who teaches, for a run's mode line: {@code "mean teacher"} for G's moving average, or
     * {@code "fixed teacher <folder>"}.
     *
     * @param teacher the run's teacher
     */
    public static String name(TeacherModel teacher) {
        return teacher instanceof FrozenTeacher fixed
                ? "fixed teacher " + fixed.folder
                : "mean teacher";
    }

    /**
     * Returns who teaches, for the run's {@code run.json}: as {@link #name}, except that a fixed
     * teacher inside the run folder (the {@code --self-train} teacher) is named relative to it, so
     * that the pair still resumes after the folder is moved.
     *
     * @param teacher the run's teacher
     * @param out the run folder
     */
    public static String identity(TeacherModel teacher, Path out) {
        Path run = out.toAbsolutePath().normalize();
        if (teacher instanceof FrozenTeacher fixed && fixed.folder.startsWith(run)) {
            return "fixed teacher <run>/" + run.relativize(fixed.folder);
        }
        return name(teacher);
    }

    /**
     * Loads an exported annotator and checks that it fits the run.
     *
     * @param folder the model folder ({@code <run>/model} of an earlier {@code train segmenter} or
     *     {@code train tagger}), or the run folder that holds it
     * @param kind the run's kind: the teacher must be one too
     * @param categories the run's output names, in output order (a segmenter's start with the
     *     background)
     * @param size the run's image side
     * @param normalization the run's image normalisation
     * @throws RunSetupException naming the folder and what does not fit
     */
    public static FrozenTeacher load(
            Path folder,
            AnnotatorSpec.Kind kind,
            List<String> categories,
            int size,
            Normalization normalization) {
        // A run folder holds its exported annotator in model/: accept either.
        Path exported = folder.resolve(AnnotatorRun.MODEL_FOLDER);
        if (!Files.exists(folder.resolve(ModelFolder.SPEC_FILE))
                && Files.exists(exported.resolve(ModelFolder.SPEC_FILE))) {
            folder = exported;
        }
        if (!Files.isDirectory(folder)) {
            throw new RunSetupException("--teacher " + folder + ": no such folder");
        }
        ModelFolder.LoadedModel model;
        try {
            model = ModelFolder.load(folder, kind.label());
        } catch (IOException e) {
            throw new RunSetupException("--teacher " + e.getMessage());
        }
        try {
            AnnotatorSpec spec = AnnotatorSpec.fromModelSpec(model.spec());
            String problem = null;
            if (!spec.classNames().equals(categories)) {
                problem = "answers for " + spec.classNames() + ", this run for " + categories;
            } else if (spec.inputWidth() != size || spec.inputHeight() != size) {
                problem =
                        "takes "
                                + spec.inputWidth()
                                + "x"
                                + spec.inputHeight()
                                + " images, this run "
                                + size
                                + "x"
                                + size;
            } else if (!Normalization.of(spec.mean(), spec.std()).equals(normalization)) {
                problem =
                        "learnt from images normalised with mean "
                                + Arrays.toString(spec.mean())
                                + " and std "
                                + Arrays.toString(spec.std())
                                + ", this run's are "
                                + normalization;
            }
            if (problem != null) {
                throw new RunSetupException("--teacher " + folder + " " + problem);
            }
            return new FrozenTeacher(model, folder.toAbsolutePath().normalize());
        } catch (RuntimeException e) {
            model.close();
            throw e instanceof RunSetupException r
                    ? r
                    : new RunSetupException("--teacher " + folder + ": " + e.getMessage());
        }
    }

    /** Runs the teacher in inference mode (its batch-norm running statistics, no dropout). */
    @Override
    public NDList predict(GanContext context, NDList inputs) {
        ParameterStore store = new ParameterStore(inputs.head().getManager(), false);
        return model.block().forward(store, inputs, false);
    }

    /** Frees the teacher's parameters. */
    @Override
    public void close() {
        model.close();
    }
}
