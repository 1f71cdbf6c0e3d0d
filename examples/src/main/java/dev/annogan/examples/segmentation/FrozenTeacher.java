package dev.annogan.examples.segmentation;

import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.datasets.image.Normalization;
import dev.annogan.examples.annotator.AnnotatorRun;
import dev.annogan.training.GanContext;
import dev.annogan.training.run.RunSetupException;
import dev.annogan.training.teacher.TeacherModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A segmenter trained before this run, answering for the unlabelled images and never updated
 * ({@code train segmenter --teacher DIR}): self-training from a finished supervised model. It must
 * segment the same categories at the same size from images normalised the same way, which is
 * checked when it loads.
 */
final class FrozenTeacher implements TeacherModel, AutoCloseable {

    private final ModelFolder.LoadedModel model;
    private final Path folder;

    private FrozenTeacher(ModelFolder.LoadedModel model, Path folder) {
        this.model = model;
        this.folder = folder;
    }

    /** Returns the teacher's model folder, absolute: what the run's mode line and run.json name. */
    Path folder() {
        return folder;
    }

    /**
     * Loads an exported segmenter and checks that it fits the run.
     *
     * @param folder the model folder ({@code <run>/model} of an earlier {@code train segmenter}),
     *     or the run folder that holds it
     * @param categories the run's category names, in output order
     * @param size the run's image side
     * @param normalization the run's image normalisation
     * @throws RunSetupException naming the folder and what does not fit
     */
    static FrozenTeacher load(
            Path folder, List<String> categories, int size, Normalization normalization) {
        // A run folder holds its exported segmenter in model/: accept either.
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
            model = ModelFolder.load(folder, "segmenter");
        } catch (IOException e) {
            throw new RunSetupException("--teacher " + e.getMessage());
        }
        try {
            AnnotatorSpec spec = AnnotatorSpec.fromModelSpec(model.spec());
            String problem = null;
            if (!spec.classNames().equals(categories)) {
                problem = "segments " + spec.classNames() + ", this run " + categories;
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
