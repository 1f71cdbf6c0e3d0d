package dev.annogan.training.objective;

/**
 * How an objective weighs its supervised and adversarial terms: an objective setting, not a loop
 * setting, so it lives with the objective rather than in {@code GanConfig}.
 *
 * <pre>{@code
 * new TaggingObjective(16, LossWeights.adversarial(0.1f), TeacherTerms.NONE, ImageAugmentation.NONE);
 * }</pre>
 *
 * @param supervised the weight of the supervised term (cross-entropy on labelled rows)
 * @param adversarial the weight of the adversarial term (for the K+1 classifier, D's unsupervised
 *     term)
 */
public record LossWeights(float supervised, float adversarial) {

    /** Both terms at weight 1. */
    public static final LossWeights EQUAL = new LossWeights(1f, 1f);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming a negative or non-finite weight
     */
    public LossWeights {
        if (!(supervised >= 0) || !Float.isFinite(supervised)) {
            throw new IllegalArgumentException(
                    "supervised weight must be finite and >= 0, got " + supervised);
        }
        if (!(adversarial >= 0) || !Float.isFinite(adversarial)) {
            throw new IllegalArgumentException(
                    "adversarial weight must be finite and >= 0, got " + adversarial);
        }
    }

    /**
     * Returns the weights with the supervised term at 1, as most applications weigh it.
     *
     * @param adversarial the weight of the adversarial term
     * @return the weights
     */
    public static LossWeights adversarial(float adversarial) {
        return new LossWeights(1f, adversarial);
    }
}
