package dev.annogan.core.loss;

import ai.djl.ndarray.NDArray;

/**
 * The Wasserstein GAN loss (Arjovsky et al. 2017): the critic's scores estimate the Earth-Mover
 * distance between real and generated samples.
 *
 * <p>D's loss is {@code mean(fake) - mean(real)}; G's loss is {@code -mean(fake)}. The estimate
 * only holds while the critic is (close to) 1-Lipschitz, which this loss does not enforce: pair it
 * with spectral normalisation or weight clipping in the critic. The gradient penalty of WGAN-GP
 * needs second-order gradients, which DJL's public API does not offer.
 */
public final class WassersteinLoss implements AdversarialLoss {

    /** The name {@link AdversarialLosses} knows this loss by. */
    public static final String NAME = "wasserstein";

    /** Creates the Wasserstein loss. */
    public WassersteinLoss() {}

    /** {@inheritDoc} */
    @Override
    public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return fakeLogits.mean().sub(realLogits.mean());
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
