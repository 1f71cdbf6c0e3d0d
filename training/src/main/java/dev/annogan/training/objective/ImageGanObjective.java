package dev.annogan.training.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.annogan.datasets.RecordLayout;
import dev.annogan.training.GanContext;
import dev.annogan.training.GanObjective;
import dev.annogan.training.Validation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The objective of an unconditional image GAN (DCGAN): G turns noise into images, D tells the
 * batch's images from G's, both with the configured adversarial loss. Labels, where the records
 * have any, are not read: every image counts, which is the point of pretraining on the unlabelled
 * pool.
 *
 * <p>Validation measures how well D separates held-out real images from fresh generated ones: the
 * share of real images it scores above 0 ({@code real_accuracy}) and of generated images it scores
 * below 0 ({@code fake_accuracy}). Near 1 for both, D has an easy game (G is far behind); near 0.5,
 * G's images fool it.
 */
public final class ImageGanObjective implements GanObjective {

    private final int noiseDim;

    /**
     * Creates the objective.
     *
     * @param noiseDim the length of G's noise input
     */
    public ImageGanObjective(int noiseDim) {
        if (noiseDim <= 0) {
            throw new IllegalArgumentException("noise length must be positive, got " + noiseDim);
        }
        this.noiseDim = noiseDim;
    }

    @Override
    public NDList generate(GanContext context, Batch batch) {
        NDArray z = context.noise(new Shape(batch.getSize(), noiseDim));
        return context.generator(new NDList(z));
    }

    @Override
    public DiscriminatorResult discriminatorLoss(GanContext context, Batch batch, NDList fakes) {
        NDArray real = context.discriminator(new NDList(RecordLayout.images(batch))).head();
        NDArray fake = context.discriminator(new NDList(fakes.head())).head();
        return new DiscriminatorResult(
                context.adversarialLoss().discriminatorLoss(real, fake), real, fake);
    }

    @Override
    public NDArray generatorLoss(GanContext context, Batch batch, NDList fakes) {
        NDArray fake = context.discriminator(new NDList(fakes.head())).head();
        return context.adversarialLoss().generatorLoss(fake);
    }

    @Override
    public Validation newValidation(GanContext context) {
        return new Separation();
    }

    /** How often D tells held-out real images from generated ones. */
    private final class Separation implements Validation {
        private long realRight;
        private long fakeRight;
        private long count;

        @Override
        public void accept(GanContext context, Batch batch) {
            NDArray real = context.discriminator(new NDList(RecordLayout.images(batch))).head();
            NDArray fake = context.discriminator(generate(context, batch)).head();
            realRight += real.gt(0).sum().getLong();
            fakeRight += fake.lte(0).sum().getLong();
            count += real.size();
        }

        @Override
        public Map<String, Double> metrics() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (count > 0) {
                metrics.put("real_accuracy", realRight / (double) count);
                metrics.put("fake_accuracy", fakeRight / (double) count);
            }
            return metrics;
        }
    }
}
