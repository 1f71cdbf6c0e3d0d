package dev.annogan.training.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanObjective.DiscriminatorResult;
import dev.annogan.training.Validation;
import dev.annogan.training.objective.ConditionalGanObjective.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conditional GAN's losses against hand computations, with G and D as fixed functions. */
class ConditionalGanObjectiveTest {

    private static final GanConfig BCE = GanConfig.builder().optLoss("bce").build();

    /** softplus(x) = log(1 + e^x). */
    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogSoftmaxOfTheClass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Row 1: logits (0, ln 3) give p(1) = 3/4; row 2: (0, 0) gives p(0) = 1/2.
            NDArray logits = manager.create(new float[][] {{0, (float) Math.log(3)}, {0, 0}});
            NDArray ids = manager.create(new int[] {1, 0});
            double expected = (Math.log(4.0 / 3) + Math.log(2)) / 2;
            assertEquals(
                    expected,
                    ConditionalGanObjective.crossEntropy(logits, ids).getFloat(),
                    1e-5); // float32 log-softmax: engines' kernels differ by a few ulps
        }
    }

    @Test
    void acganAddsWeightedClassTermsToBothLosses() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // D: real/fake logit = mean pixel, class logits (0, mean pixel). Real images are all
            // 1 (class 1), fakes all 0 (asked for class 0; uniform noise 0 asks for class 0).
            ConditionalGanObjective objective =
                    new ConditionalGanObjective(2, 2, Mode.ACGAN, 0.5f, null);
            FixedContext context =
                    new FixedContext(
                            manager,
                            in -> new NDList(manager.zeros(new Shape(in.get(1).size(), 1, 2, 2))),
                            in -> {
                                NDArray m =
                                        in.head()
                                                .reshape(in.head().getShape().get(0), -1)
                                                .mean(new int[] {1})
                                                .reshape(-1, 1);
                                return new NDList(m, manager.zeros(m.getShape()).concat(m, 1));
                            },
                            BCE,
                            0);
            Batch batch =
                    FixedContext.batch(
                            manager,
                            manager.ones(new Shape(3, 1, 2, 2)),
                            manager.create(new float[] {1, 1, 1}),
                            manager.create(new float[] {1, 1, 1}));
            NDList fakes = objective.generate(context, batch);
            assertArrayEquals(new int[] {0, 0, 0}, fakes.get(1).toIntArray());
            DiscriminatorResult d = objective.discriminatorLoss(context, batch, fakes);
            // BCE: real logit 1 -> softplus(-1); fake logit 0 -> softplus(0). Class: real
            // logits (0, 1) for class 1 -> -log(e/(1+e)) = softplus(-1); fake (0, 0) -> log 2.
            double expectedD = softplus(-1) + softplus(0) + 0.5 * (softplus(-1) + Math.log(2));
            assertEquals(expectedD, d.loss().getFloat(), 1e-5);
            // G: non-saturating softplus(-0) plus 0.5 × log 2 for the fakes' class.
            double expectedG = softplus(0) + 0.5 * Math.log(2);
            assertEquals(
                    expectedG, objective.generatorLoss(context, batch, fakes).getFloat(), 1e-5);
        }
    }

    @Test
    void projectionHandsTheClassToDAndAddsNoClassTerm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ConditionalGanObjective objective =
                    new ConditionalGanObjective(2, 3, Mode.PROJECTION, 0.5f, null);
            FixedContext context =
                    new FixedContext(
                            manager,
                            in -> new NDList(manager.zeros(new Shape(in.get(1).size(), 1, 2, 2))),
                            // Logit = the class id: D sees it only if it is handed the class.
                            in ->
                                    new NDList(
                                            in.get(1)
                                                    .toType(DataType.FLOAT32, false)
                                                    .reshape(-1, 1)),
                            BCE,
                            0);
            Batch batch =
                    FixedContext.batch(
                            manager,
                            manager.ones(new Shape(2, 1, 2, 2)),
                            manager.create(new float[] {2, 2}),
                            manager.create(new float[] {1, 1}));
            NDList fakes = objective.generate(context, batch);
            DiscriminatorResult d = objective.discriminatorLoss(context, batch, fakes);
            assertEquals(softplus(-2) + softplus(0), d.loss().getFloat(), 1e-5);
        }
    }

    @Test
    void unlabelledRecordsAreRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ConditionalGanObjective objective =
                    new ConditionalGanObjective(2, 2, Mode.PROJECTION, 1f, null);
            FixedContext context =
                    new FixedContext(
                            manager,
                            in -> new NDList(manager.zeros(new Shape(in.get(1).size(), 1, 2, 2))),
                            in ->
                                    new NDList(
                                            manager.zeros(
                                                    new Shape(in.head().getShape().get(0), 1))),
                            BCE,
                            0);
            Batch batch =
                    FixedContext.batch(
                            manager,
                            manager.ones(new Shape(2, 1, 2, 2)),
                            manager.create(new float[] {1, -1}),
                            manager.create(new float[] {1, 0}));
            NDList fakes = objective.generate(context, batch);
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> objective.discriminatorLoss(context, batch, fakes));
            assertTrue(e.getMessage().contains("unlabelled records"), e.getMessage());
        }
    }

    @Test
    void validationMeasuresFidAndClassAccuracyWithTheFixedClassifier() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // The classifier's features are the mean pixel and its square; its class is 0
            // always. Generated images are 0, real ones 1 and 3 (classes 0 and 1): the feature
            // means differ by (2, 5) and the generated features have no spread.
            ConditionalGanObjective objective =
                    new ConditionalGanObjective(
                            2,
                            2,
                            Mode.PROJECTION,
                            1f,
                            images -> {
                                NDArray m =
                                        images.reshape(images.getShape().get(0), -1)
                                                .mean(new int[] {1})
                                                .reshape(-1, 1);
                                NDArray logits =
                                        manager.ones(m.getShape()).concat(m.zerosLike(), 1);
                                return new NDList(logits, m.concat(m.square(), 1));
                            });
            FixedContext context =
                    new FixedContext(
                            manager,
                            in -> new NDList(manager.zeros(new Shape(in.get(1).size(), 1, 2, 2))),
                            in -> null,
                            BCE,
                            0);
            NDArray images =
                    manager.ones(new Shape(2, 1, 2, 2))
                            .mul(manager.create(new float[] {1, 3}).reshape(2, 1, 1, 1));
            Validation validation = objective.newValidation(context);
            validation.accept(
                    context,
                    FixedContext.batch(
                            manager,
                            images,
                            manager.create(new float[] {0, 1}),
                            manager.create(new float[] {1, 1})));
            Map<String, Double> metrics = validation.metrics();
            // Real features (1, 1) and (3, 9): mean (2, 5), covariance [[2, 8], [8, 32]] (n - 1);
            // generated: mean 0, covariance 0. FID = 4 + 25 + trace 34 = 63.
            assertEquals(63, metrics.get("fid"), 1e-6);
            assertEquals(0.5, metrics.get("class_accuracy"), 1e-12);
        }
    }
}
