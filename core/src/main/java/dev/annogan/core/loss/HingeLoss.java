package dev.annogan.core.loss;

import ai.djl.ndarray.NDArray;
import dev.annogan.core.nn.Scalars;

/**
 * The hinge GAN loss (Lim and Ye 2017; used by SAGAN and BigGAN with spectral normalisation).
 *
 * <p>D's loss is {@code mean(relu(1 - real)) + mean(relu(1 + fake))}: D stops being pushed once a
 * real logit passes 1 or a fake one falls below -1. G's loss is {@code -mean(fake)}.
 */
public final class HingeLoss implements AdversarialLoss {

    /** The name {@link AdversarialLosses} knows this loss by. */
    public static final String NAME = "hinge";

    /** Creates the hinge loss. */
    public HingeLoss() {}

    /** {@inheritDoc} */
    @Override
    public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        NDArray realLoss = Scalars.maximum(realLogits.neg().add(1f), 0f).mean();
        NDArray fakeLoss = Scalars.maximum(fakeLogits.add(1f), 0f).mean();
        return realLoss.add(fakeLoss);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return fakeLogits.mean().neg();
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return NAME;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return NAME;
    }
}
