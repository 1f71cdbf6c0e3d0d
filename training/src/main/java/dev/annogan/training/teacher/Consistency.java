package dev.annogan.training.teacher;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.annogan.core.nn.Scalars;

/**
 * The consistency term between a student and its teacher (Laine and Aila 2017; Tarvainen and
 * Valpola 2017): the squared difference of their probabilities on the same unlabelled image, summed
 * over classes (or tags) and averaged over images (and pixels). The teacher's probabilities are
 * constants: only the student learns from the term.
 */
public final class Consistency {

    private Consistency() {}

    /**
     * Returns {@code mean over rows (and pixels) of sum_k (softmax(s)_k - t_k)^2} for classes on
     * axis 1: rows {@code (N, K)} or pixels {@code (N, K, H, W)}.
     *
     * @param studentLogits the student's logits
     * @param teacherProbabilities the teacher's class probabilities, same shape
     * @return the scalar term
     */
    public static NDArray softmax(NDArray studentLogits, NDArray teacherProbabilities) {
        NDArray difference = studentLogits.softmax(1).sub(teacherProbabilities.stopGradient());
        long k = studentLogits.getShape().get(1);
        return Scalars.mul(difference.square().mean(), k);
    }

    /**
     * Returns {@code mean over rows of sum_k (sigmoid(s)_k - t_k)^2} for independent tags {@code
     * (N, K)}.
     *
     * @param studentLogits the student's tag logits
     * @param teacherProbabilities the teacher's tag probabilities, same shape
     * @return the scalar term
     */
    public static NDArray sigmoid(NDArray studentLogits, NDArray teacherProbabilities) {
        NDArray difference =
                Activation.sigmoid(studentLogits).sub(teacherProbabilities.stopGradient());
        long k = studentLogits.getShape().get(1);
        return Scalars.mul(difference.square().mean(), k);
    }
}
