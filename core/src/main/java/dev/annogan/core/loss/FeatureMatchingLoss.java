package dev.annogan.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The feature-matching generator objective of Salimans et al. (2016), "Improved Techniques for
 * Training GANs": G matches the batch mean of an intermediate discriminator layer's features on
 * real data instead of maximising D's output.
 *
 * <p>The loss is {@code mean_f((mean_b real[b, f] - mean_b fake[b, f])²)}: axis 0 is the batch,
 * every other axis a feature. The real statistics are a target, not something to optimise, so the
 * real features are detached; gradients flow only through the fake features.
 */
public final class FeatureMatchingLoss {

    /** The name for logs and configuration files. */
    public static final String NAME = "feature-matching";

    /** Creates the feature-matching loss. */
    public FeatureMatchingLoss() {}

    /**
     * Returns the generator's feature-matching loss, a scalar to minimise.
     *
     * @param realFeatures D's features on a real batch, shape {@code (batch, features...)}
     * @param fakeFeatures D's features on a generated batch, the same shape but for the batch size
     * @return the mean squared difference of the batch means, as a scalar {@link NDArray}
     * @throws IllegalArgumentException if the feature shapes differ
     */
    public NDArray generatorLoss(NDArray realFeatures, NDArray fakeFeatures) {
        Shape real = realFeatures.getShape();
        Shape fake = fakeFeatures.getShape();
        if (real.dimension() < 1 || fake.dimension() < 1 || !real.slice(1).equals(fake.slice(1))) {
            throw new IllegalArgumentException(
                    "feature matching needs (batch, features...) arrays with the same features;"
                            + " got real "
                            + real
                            + " and fake "
                            + fake);
        }
        NDArray realMean = realFeatures.stopGradient().mean(new int[] {0});
        NDArray fakeMean = fakeFeatures.mean(new int[] {0});
        return realMean.sub(fakeMean).square().mean();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return NAME;
    }
}
