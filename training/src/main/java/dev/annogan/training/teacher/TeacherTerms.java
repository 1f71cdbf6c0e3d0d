package dev.annogan.training.teacher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import com.google.gson.JsonObject;
import dev.annogan.core.nn.Scalars;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How much a student learns from its mean teacher on unlabelled images: the weights of the
 * consistency term and of the pseudo-label term, the confidence a pseudo-label needs, and the
 * ramp-up that lets both grow in while the teacher is still poor.
 *
 * <p>The two terms, on the student's strongly augmented view of an unlabelled image and the
 * teacher's prediction on its weak view:
 *
 * <ul>
 *   <li>consistency (Laine and Aila 2017; Tarvainen and Valpola 2017): the squared difference of
 *       the two probability vectors ({@link Consistency});
 *   <li>pseudo-labels (Lee 2013; Sohn et al. 2020, FixMatch): the teacher's confident answers taken
 *       as targets ({@link PseudoLabels}).
 * </ul>
 *
 * Both are multiplied by {@link #ramp(long)} and added to the supervised loss.
 *
 * @param consistencyWeight the weight of the consistency term, at least 0
 * @param pseudoLabelWeight the weight of the pseudo-label term, at least 0
 * @param threshold the confidence a pseudo-label needs (a class's or a tag's probability), in
 *     {@code [0, 1)}
 * @param rampUpSteps the steps over which both weights grow from 0 to their value, along {@code
 *     exp(-5 (1 - t)^2)}, counted from {@code startStep}; 0 for none
 * @param startStep the step before which both terms are off and not even computed: the student
 *     first learns from its labels alone, so that the teacher it then learns from is the average of
 *     a network that has learnt something, not of its first random guesses; 0 to start at once
 */
public record TeacherTerms(
        float consistencyWeight,
        float pseudoLabelWeight,
        float threshold,
        long rampUpSteps,
        long startStep) {

    /** No teacher terms: the student learns from labels (and D) alone. */
    public static final TeacherTerms NONE = new TeacherTerms(0, 0, 0.95f, 0);

    /**
     * Creates teacher terms that start at the first step.
     *
     * @param consistencyWeight the weight of the consistency term, at least 0
     * @param pseudoLabelWeight the weight of the pseudo-label term, at least 0
     * @param threshold the confidence a pseudo-label needs, in {@code [0, 1)}
     * @param rampUpSteps the ramp-up in steps; 0 for none
     */
    public TeacherTerms(
            float consistencyWeight, float pseudoLabelWeight, float threshold, long rampUpSteps) {
        this(consistencyWeight, pseudoLabelWeight, threshold, rampUpSteps, 0);
    }

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if one is out of range
     */
    public TeacherTerms {
        if (!(consistencyWeight >= 0)
                || !(pseudoLabelWeight >= 0)
                || !(threshold >= 0 && threshold < 1)
                || rampUpSteps < 0
                || startStep < 0) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "teacher terms: weights must be >= 0, the threshold in [0, 1), the"
                                    + " ramp-up and the start >= 0; got consistency %s,"
                                    + " pseudo-labels %s, threshold %s, ramp-up %d, start %d",
                            consistencyWeight,
                            pseudoLabelWeight,
                            threshold,
                            rampUpSteps,
                            startStep));
        }
    }

    /**
     * Returns whether either term is on, so that the student needs a teacher.
     *
     * @return true if a weight is positive
     */
    public boolean enabled() {
        return consistencyWeight > 0 || pseudoLabelWeight > 0;
    }

    /**
     * Returns whether the terms are computed at a step: a weight is positive and the step has
     * reached {@link #startStep()}.
     *
     * @param step the number of updates done
     * @return true if the student learns from its teacher at this step
     */
    public boolean activeAt(long step) {
        return enabled() && step >= startStep;
    }

    /**
     * Returns the ramp-up factor at a step: 0 before {@link #startStep()}, then {@code exp(-5 (1 -
     * t)^2)} with {@code t = (step - startStep) / rampUpSteps} (Laine and Aila's sigmoid-shaped
     * ramp), 1 from {@code startStep + rampUpSteps} on or without a ramp.
     *
     * @param step the number of updates done
     * @return a factor in {@code [0, 1]}
     */
    public float ramp(long step) {
        if (step < startStep) {
            return 0f;
        }
        long sinceStart = step - startStep;
        if (rampUpSteps == 0 || sinceStart >= rampUpSteps) {
            return 1f;
        }
        double t = sinceStart / (double) rampUpSteps;
        return (float) Math.exp(-5 * (1 - t) * (1 - t));
    }

    /**
     * Returns both terms for classes, ramped: {@code ramp(step) * (consistencyWeight *
     * Consistency.softmax + pseudoLabelWeight * PseudoLabels.classCrossEntropy)}, the pseudo-labels
     * being the teacher's classes of probability at least {@link #threshold()}.
     *
     * @param studentLogits the student's logits on the strong views, {@code (N, K)}
     * @param teacherLogits the teacher's logits on the weak views of the same images, {@code (N,
     *     K)}; treated as constants
     * @param step the number of updates done
     * @return the scalar loss
     */
    public NDArray classLoss(NDArray studentLogits, NDArray teacherLogits, long step) {
        NDArray probabilities = teacherLogits.stopGradient().softmax(1);
        return combine(
                studentLogits,
                () -> Consistency.softmax(studentLogits, probabilities),
                () ->
                        PseudoLabels.classCrossEntropy(
                                studentLogits, PseudoLabels.classes(probabilities, threshold)),
                step);
    }

    /**
     * Returns both terms for independent tags, ramped: the sigmoid consistency and the
     * cross-entropy against the teacher's confident tags (present at probability {@link
     * #threshold()} or more, absent at {@code 1 - threshold} or less).
     *
     * @param studentLogits the student's tag logits on the strong views, {@code (N, K)}
     * @param teacherLogits the teacher's tag logits on the weak views, {@code (N, K)}; constants
     * @param step the number of updates done
     * @return the scalar loss
     */
    public NDArray tagLoss(NDArray studentLogits, NDArray teacherLogits, long step) {
        NDArray probabilities = Activation.sigmoid(teacherLogits.stopGradient());
        return combine(
                studentLogits,
                () -> Consistency.sigmoid(studentLogits, probabilities),
                () -> {
                    NDList tags = PseudoLabels.tags(probabilities, Math.max(threshold, 0.5f));
                    return PseudoLabels.tagCrossEntropy(studentLogits, tags.get(0), tags.get(1));
                },
                step);
    }

    /**
     * Returns {@code ramp(step) * (consistencyWeight * consistency + pseudoLabelWeight *
     * pseudoLabels)}, computing only the terms whose weight is positive: the one place the weights
     * and the ramp apply, for classes, tags and pixels alike.
     *
     * @param student the student's output, which the result stays connected to even with both
     *     weights at 0 (a backward pass needs a graph)
     * @param consistency the consistency term
     * @param pseudoLabels the pseudo-label term
     * @param step the number of updates done
     * @return the scalar loss
     */
    public NDArray combine(
            NDArray student,
            Supplier<NDArray> consistency,
            Supplier<NDArray> pseudoLabels,
            long step) {
        NDArray loss = Scalars.mul(student.sum(), 0f);
        if (consistencyWeight > 0) {
            loss = loss.add(Scalars.mul(consistency.get(), consistencyWeight));
        }
        if (pseudoLabelWeight > 0) {
            loss = loss.add(Scalars.mul(pseudoLabels.get(), pseudoLabelWeight));
        }
        return Scalars.mul(loss, ramp(step));
    }

    /**
     * Returns the settings with another ramp-up length.
     *
     * @param steps the ramp-up in steps
     * @return new settings
     */
    public TeacherTerms withRampUp(long steps) {
        return new TeacherTerms(consistencyWeight, pseudoLabelWeight, threshold, steps, startStep);
    }

    /**
     * Returns the settings with another start.
     *
     * @param step the first step at which the terms are on
     * @return new settings
     */
    public TeacherTerms withStart(long step) {
        return new TeacherTerms(consistencyWeight, pseudoLabelWeight, threshold, rampUpSteps, step);
    }

    /**
     * Returns what a run folder records of its teacher terms, so that a resume with other ones is
     * refused: the weights, the threshold, the ramp-up and the start as fractions of the run (a
     * resume to more epochs changes their steps, not the recipe) and who teaches.
     *
     * @param rampUp the fraction of the run's steps over which the terms ramp up
     * @param start the fraction of the run's steps before they start
     * @param teacher who answers for the unlabelled images, e.g. {@code "mean teacher"}
     * @return the record, fields in a fixed order
     */
    public JsonObject identity(double rampUp, double start, String teacher) {
        JsonObject json = new JsonObject();
        // Floats go in as the decimals they print as: read back from the file, 0.9f would
        // otherwise compare as 0.9 against 0.8999999761581421 and refuse every resume.
        json.addProperty(
                "consistencyWeight", Double.parseDouble(Float.toString(consistencyWeight)));
        json.addProperty(
                "pseudoLabelWeight", Double.parseDouble(Float.toString(pseudoLabelWeight)));
        json.addProperty("threshold", Double.parseDouble(Float.toString(threshold)));
        json.addProperty("rampUp", rampUp);
        json.addProperty("start", start);
        json.addProperty("teacher", teacher);
        return json;
    }

    /**
     * Returns the settings as a JSON object; the start only when it is not 0, so that run folders
     * written before it existed still match on resume.
     */
    public String toJson() {
        return String.format(
                Locale.ROOT,
                "{\"consistencyWeight\": %s, \"pseudoLabelWeight\": %s, \"threshold\": %s,"
                        + " \"rampUpSteps\": %d%s}",
                consistencyWeight,
                pseudoLabelWeight,
                threshold,
                rampUpSteps,
                startStep == 0 ? "" : ", \"startStep\": " + startStep);
    }
}
