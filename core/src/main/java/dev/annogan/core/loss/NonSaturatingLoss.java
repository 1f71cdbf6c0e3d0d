package dev.annogan.core.loss;

import ai.djl.ndarray.NDArray;
import dev.annogan.core.nn.Scalars;

/**
 * The original GAN loss with the non-saturating generator objective (Goodfellow et al. 2014):
 * binary cross-entropy on logits, with optional one-sided label smoothing of the real target.
 *
 * <p>D's loss is {@code mean((1-s)·softplus(-real) + s·softplus(real)) + mean(softplus(fake))}, the
 * cross-entropy of {@code sigmoid(real)} against target {@code 1-s} and of {@code sigmoid(fake)}
 * against 0. G's loss is {@code mean(softplus(-fake))}, that is {@code -log D(G(z))}, whose
 * gradient stays large while D rejects the fakes confidently.
 *
 * <p>Only the real target is smoothed: smoothing the fake target too would reward D for assigning
 * probability to regions where the generator already puts mass (Salimans et al. 2016).
 */
public final class NonSaturatingLoss implements AdversarialLoss {

    /** The name {@link AdversarialLosses} knows this loss by. */
    public static final String NAME = "non-saturating";

    private final float labelSmoothing;

    /** Creates the loss with hard targets (real 1, fake 0). */
    public NonSaturatingLoss() {
        this(0f);
    }

    /**
     * Creates the loss with the real target smoothed to {@code 1 - labelSmoothing}.
     *
     * @param labelSmoothing the amount taken off the real target, in {@code [0, 0.5)}; 0.1 gives
     *     Salimans et al.'s target of 0.9
     * @throws IllegalArgumentException if {@code labelSmoothing} is outside {@code [0, 0.5)}
     */
    public NonSaturatingLoss(float labelSmoothing) {
        // Below 0.5 the real target stays on the "real" side; the bound also catches the common
        // mistake of passing the target (0.9) where the smoothing (0.1) is meant.
        if (!(labelSmoothing >= 0f && labelSmoothing < 0.5f)) {
            throw new IllegalArgumentException(
                    "label smoothing must be in [0, 0.5) (the amount taken off the real target"
                            + " of 1), got "
                            + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
    }

    /**
     * Returns the amount taken off the real target.
     *
     * @return the label smoothing, 0 for hard targets
     */
    public float getLabelSmoothing() {
        return labelSmoothing;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        NDArray realLoss = softplus(realLogits.neg());
        if (labelSmoothing > 0f) {
            realLoss =
                    Scalars.mul(realLoss, 1f - labelSmoothing)
                            .add(Scalars.mul(softplus(realLogits), labelSmoothing));
        }
        return realLoss.mean().add(softplus(fakeLogits).mean());
    }

    /** {@inheritDoc} */
    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return softplus(fakeLogits.neg()).mean();
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return NAME;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return labelSmoothing > 0f ? NAME + "(labelSmoothing=" + labelSmoothing + ")" : NAME;
    }

    /**
     * Returns {@code log(1 + exp(x))} without overflow for large {@code x}.
     *
     * <p>Written as {@code max(x, 0) + log(1 + exp(-|x|))}: the exponent is never positive, so
     * {@code exp} cannot overflow, and the logarithm's argument stays in {@code (1, 2]}. DJL's API
     * has no {@code log1p}; for {@code |x|} above about 16 the second term rounds to 0 in float32,
     * an absolute error below 1e-7, while its gradient is still computed from the exact {@code
     * exp(-|x|)}.
     *
     * <p>{@code max(x, 0)} is computed as {@code (x + |x|) / 2} rather than with {@code maximum}:
     * the gradient of {@code maximum} at a tie is the engine's choice (PyTorch splits it in half,
     * an engine that gives it all to one side would make the gradient at 0 equal to 1), while
     * {@code |x|} has the subgradient 0 at 0, so the gradient at {@code x = 0} is {@code sigmoid(0)
     * = 1/2} as it should be.
     */
    static NDArray softplus(NDArray x) {
        NDArray abs = x.abs();
        NDArray positivePart = Scalars.mul(x.add(abs), 0.5f);
        return positivePart.add(abs.neg().exp().add(1f).log());
    }
}
