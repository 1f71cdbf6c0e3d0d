package dev.annogan.core.loss;

import ai.djl.ndarray.NDArray;
import dev.annogan.core.nn.Scalars;

/**
 * The least-squares GAN loss (Mao et al. 2017) with targets 1 for real and 0 for fake.
 *
 * <p>D's loss is {@code 0.5·(mean((real - 1)²) + mean(fake²))}; G's loss is {@code 0.5·mean((fake -
 * 1)²)}. Unlike cross-entropy it keeps penalising fakes that D already classifies correctly but
 * that lie far from the real data, which gives G gradients where the sigmoid would saturate.
 */
public final class LeastSquaresLoss implements AdversarialLoss {

    /** The name {@link AdversarialLosses} knows this loss by. */
    public static final String NAME = "least-squares";

    /** Creates the least-squares loss. */
    public LeastSquaresLoss() {}

    /** {@inheritDoc} */
    @Override
    public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        NDArray realLoss = realLogits.sub(1f).square().mean();
        NDArray fakeLoss = fakeLogits.square().mean();
        return Scalars.mul(realLoss.add(fakeLoss), 0.5f);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return Scalars.mul(fakeLogits.sub(1f).square().mean(), 0.5f);
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
