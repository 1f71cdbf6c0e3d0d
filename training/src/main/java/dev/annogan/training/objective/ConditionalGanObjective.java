package dev.annogan.training.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.annogan.core.metrics.FrechetDistance;
import dev.annogan.core.metrics.GaussianStats;
import dev.annogan.core.nn.Scalars;
import dev.annogan.datasets.RecordLayout;
import dev.annogan.training.GanContext;
import dev.annogan.training.GanObjective;
import dev.annogan.training.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Class-conditional image generation, for labelled augmentation data: G maps (noise, class) to an
 * image, D judges (image, class) pairs.
 *
 * <ul>
 *   <li><b>Projection</b> (Miyato and Koyama 2018): D takes {@code (image, class)} and gives one
 *       logit; D and G use the configured adversarial loss on it (hinge suits it best).
 *   <li><b>ACGAN</b> (Odena et al. 2017): D takes the image alone and gives a real/fake logit and
 *       class logits. D's loss adds {@code classWeight × (CE(real class) + CE(fake's asked
 *       class))}, G's loss adds {@code classWeight × CE(fake's asked class)}: both want generated
 *       images recognisable as the class they were asked for.
 * </ul>
 *
 * <p>Real batches are images with their class (the first label; the records must be labelled).
 * Fakes are asked for classes drawn uniformly from the step's seeded noise, so a resumed run asks
 * for the same ones.
 *
 * <p>Validation needs a fixed classifier (one trained on real data, never on this run's samples):
 * it reports {@code fid}, the Fréchet distance between its features on the validation images and on
 * as many generated ones (asked for the validation images' classes), and {@code class_accuracy},
 * how often it recognises a generated image as the class asked for.
 */
public final class ConditionalGanObjective implements GanObjective {

    /** How D is conditioned on the class. */
    public enum Mode {
        /** D scores (image, class) with a projection of the class embedding. */
        PROJECTION,
        /** D scores the image and classifies it; the class is not its input. */
        ACGAN
    }

    private final int noiseDim;
    private final int numClasses;
    private final Mode mode;
    private final float classWeight;
    private final Function<NDArray, NDList> classifier;

    /**
     * Creates the objective.
     *
     * @param noiseDim the length of G's noise input
     * @param numClasses K
     * @param mode how D is conditioned
     * @param classWeight the weight of ACGAN's class terms (unused for projection)
     * @param classifier the fixed validation classifier: images to {@code NDList(classLogits (N,
     *     K), features (N, F))}, run in inference mode; null to skip the validation metrics
     */
    public ConditionalGanObjective(
            int noiseDim,
            int numClasses,
            Mode mode,
            float classWeight,
            Function<NDArray, NDList> classifier) {
        this.noiseDim = noiseDim;
        this.numClasses = numClasses;
        this.mode = mode;
        this.classWeight = classWeight;
        this.classifier = classifier;
    }

    @Override
    public NDList generate(GanContext context, Batch batch) {
        long n = batch.getSize();
        NDArray ids =
                context.uniform(new Shape(n))
                        .mul(numClasses)
                        .floor()
                        .clip(0, numClasses - 1)
                        .toType(DataType.INT32, false);
        return generate(context, ids);
    }

    /** Generates one image per class id of {@code ids} (int32, shape (N)). */
    private NDList generate(GanContext context, NDArray ids) {
        NDArray z = context.noise(new Shape(ids.size(), noiseDim));
        NDArray images = context.generator(new NDList(z, ids)).head();
        return new NDList(images, ids);
    }

    @Override
    public DiscriminatorResult discriminatorLoss(GanContext context, Batch batch, NDList fakes) {
        NDArray realIds = realClasses(batch);
        NDList real = context.discriminator(inputs(RecordLayout.images(batch), realIds));
        NDList fake = context.discriminator(inputs(fakes.get(0), fakes.get(1)));
        NDArray loss = context.adversarialLoss().discriminatorLoss(real.get(0), fake.get(0));
        if (mode == Mode.ACGAN) {
            NDArray classLoss =
                    crossEntropy(real.get(1), realIds).add(crossEntropy(fake.get(1), fakes.get(1)));
            loss = loss.add(Scalars.mul(classLoss, classWeight));
        }
        return new DiscriminatorResult(loss, real.get(0), fake.get(0));
    }

    @Override
    public NDArray generatorLoss(GanContext context, Batch batch, NDList fakes) {
        NDList fake = context.discriminator(inputs(fakes.get(0), fakes.get(1)));
        NDArray loss = context.adversarialLoss().generatorLoss(fake.get(0));
        if (mode == Mode.ACGAN) {
            loss = loss.add(Scalars.mul(crossEntropy(fake.get(1), fakes.get(1)), classWeight));
        }
        return loss;
    }

    private NDList inputs(NDArray images, NDArray ids) {
        return mode == Mode.PROJECTION ? new NDList(images, ids) : new NDList(images);
    }

    /** The batch's classes as int32; every record must be labelled. */
    private static NDArray realClasses(Batch batch) {
        NDArray classes = RecordLayout.targets(batch);
        if (classes.lt(0).any().getBoolean()) {
            throw new IllegalArgumentException(
                    "conditional GAN: every training record needs a class, but the batch has"
                            + " unlabelled records (class -1)");
        }
        return classes.toType(DataType.INT32, false);
    }

    /** Mean softmax cross-entropy of class logits (N, K) against int ids (N). */
    static NDArray crossEntropy(NDArray logits, NDArray ids) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray picked =
                logProbabilities
                        .mul(
                                ids.oneHot(
                                        Math.toIntExact(logits.getShape().get(1)),
                                        DataType.FLOAT32))
                        .sum(new int[] {1});
        return picked.mean().neg();
    }

    @Override
    public Validation newValidation(GanContext context) {
        return new GenerationValidation();
    }

    /** FID and class accuracy of generated images, against the validation images. */
    private final class GenerationValidation implements Validation {
        private GaussianStats real;
        private GaussianStats generated;
        private long recognised;
        private long asked;

        @Override
        public void accept(GanContext context, Batch batch) {
            if (classifier == null) {
                return;
            }
            NDArray ids = realClasses(batch);
            NDList realOut = classifier.apply(RecordLayout.images(batch));
            NDArray images = generate(context, ids).head();
            NDList fakeOut = classifier.apply(images);
            if (real == null) {
                int width = Math.toIntExact(realOut.get(1).getShape().get(1));
                real = new GaussianStats(width);
                generated = new GaussianStats(width);
            }
            real.addRowMajor(realOut.get(1).toFloatArray());
            generated.addRowMajor(fakeOut.get(1).toFloatArray());
            recognised +=
                    fakeOut.get(0).argMax(1).toType(DataType.INT32, false).eq(ids).sum().getLong();
            asked += ids.size();
        }

        @Override
        public Map<String, Double> metrics() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (real != null && real.count() > 1) {
                metrics.put("fid", FrechetDistance.of(real, generated));
                metrics.put("class_accuracy", recognised / (double) asked);
            }
            return metrics;
        }
    }
}
