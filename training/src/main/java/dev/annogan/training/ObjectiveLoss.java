package dev.annogan.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.annogan.core.loss.AdversarialLoss;

/**
 * The adversarial loss in DJL's {@link Loss} shape, so each DJL {@code Trainer} of a GAN names the
 * loss it is trained by (DJL listeners and metrics read it). For D, labels are D's logits on real
 * inputs and predictions its logits on fakes; for G, predictions are D's logits on fakes. The loop
 * itself takes losses from the {@link GanObjective}, which adds supervised terms.
 */
final class ObjectiveLoss extends Loss {

    private final AdversarialLoss loss;
    private final boolean generator;

    ObjectiveLoss(String role, AdversarialLoss loss, boolean generator) {
        super(role + "-" + loss.name());
        this.loss = loss;
        this.generator = generator;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray fake = predictions.singletonOrThrow();
        return generator
                ? loss.generatorLoss(fake)
                : loss.discriminatorLoss(labels.singletonOrThrow(), fake);
    }
}
