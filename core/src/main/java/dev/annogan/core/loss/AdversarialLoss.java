package dev.annogan.core.loss;

import ai.djl.ndarray.NDArray;

/**
 * A GAN objective: the discriminator's loss on real and fake logits and the generator's loss on
 * fake logits.
 *
 * <p>Logits are the discriminator's raw, pre-sigmoid scores and may have any shape (one per image,
 * one per patch, one per pixel); each loss is the mean over all their elements, so it is a scalar
 * that does not grow with the batch or the map size. Implementations are stateless and safe to
 * share.
 *
 * <p>A loss does not detach anything: the caller passes {@code fake.stopGradient()} through the
 * discriminator for D's step and freezes D for G's step.
 */
public interface AdversarialLoss {

    /**
     * Returns the discriminator's loss, a scalar to minimise.
     *
     * @param realLogits the discriminator's logits on real samples
     * @param fakeLogits the discriminator's logits on generated samples
     * @return the mean loss as a scalar {@link NDArray}
     */
    NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits);

    /**
     * Returns the generator's loss, a scalar to minimise.
     *
     * @param fakeLogits the discriminator's logits on generated samples
     * @return the mean loss as a scalar {@link NDArray}
     */
    NDArray generatorLoss(NDArray fakeLogits);

    /**
     * Returns the canonical name of this loss, one that {@link AdversarialLosses#byName(String)}
     * accepts.
     *
     * @return the name, for logs and configuration files
     */
    String name();
}
