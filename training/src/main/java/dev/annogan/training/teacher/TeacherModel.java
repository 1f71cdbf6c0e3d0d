package dev.annogan.training.teacher;

import ai.djl.ndarray.NDList;
import dev.annogan.training.GanContext;

/**
 * Who answers for the unlabelled images in the teacher terms: by default the student's own moving
 * average (the mean teacher), or a network trained before the run and kept fixed (self-training, as
 * in ST++ and Noisy Student: the teacher is the supervised model at its best, not an average that
 * lags a student still learning).
 */
@FunctionalInterface
public interface TeacherModel {

    /** The mean teacher: the moving average of G's weights ({@link GanContext#generatorEma}). */
    TeacherModel MOVING_AVERAGE = GanContext::generatorEma;

    /**
     * Predicts the inputs as a teacher, without gradient to the student.
     *
     * @param context the step's context
     * @param inputs G's inputs for the unlabelled images
     * @return the teacher's outputs, shaped as G's
     */
    NDList predict(GanContext context, NDList inputs);
}
