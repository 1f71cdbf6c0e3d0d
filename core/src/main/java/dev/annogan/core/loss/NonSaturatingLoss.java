package dev.annogan.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
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
     * Returns {@code log(1 + exp(x))} without overflow for large {@code x}, as the engine's own
     * operator: one kernel and one autograd node (PyTorch's {@code softplus}, MXNet's {@code
     * softrelu}), which both compute stably ({@code x} itself above 20, {@code log1p(exp(x))}
     * below) and whose gradient is {@code sigmoid(x)}, {@code 1/2} at 0. It replaced a composition
     * of eight operations, {@code max(x, 0) + log(1 + exp(-|x|))}, whose kernels and graph nodes
     * were a measurable share of the label-set GAN's step.
     */
    public static NDArray softplus(NDArray x) {
        return Activation.softPlus(x);
    }
}
