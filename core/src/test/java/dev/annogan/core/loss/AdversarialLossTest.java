package dev.annogan.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each loss against values worked out by hand for real logits {@code [2, -1]} and fake logits
 * {@code [0.5, -3]}.
 *
 * <p>softplus values used below ({@code softplus(x) = ln(1 + e^x)}): softplus(-2) = 0.1269280110,
 * softplus(1) = 1.3132616875, softplus(0.5) = 0.9740769842, softplus(-3) = 0.0485873516,
 * softplus(-0.5) = 0.4740769842, softplus(3) = 3.0485873516.
 */
class AdversarialLossTest {

    private static final float TOLERANCE = 1e-6f;

    private NDManager manager;
    private NDArray real;
    private NDArray fake;

    @BeforeEach
    void arrays() {
        manager = NDManager.newBaseManager();
        real = manager.create(new float[] {2f, -1f});
        fake = manager.create(new float[] {0.5f, -3f});
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void nonSaturatingDiscriminatorLossIsBinaryCrossEntropyOnLogits() {
        // real: mean(softplus(-2), softplus(1)) = (0.1269280110 + 1.3132616875) / 2 = 0.7200948493
        // fake: mean(softplus(0.5), softplus(-3)) = (0.9740769842 + 0.0485873516) / 2 =
        // 0.5113321679
        float expected = 0.7200948493f + 0.5113321679f;
        assertScalar(expected, new NonSaturatingLoss().discriminatorLoss(real, fake));
    }

    @Test
    void nonSaturatingGeneratorLossIsMinusLogDOfFake() {
        // mean(softplus(-0.5), softplus(3)) = (0.4740769842 + 3.0485873516) / 2 = 1.7613321679
        assertScalar(1.7613321679f, new NonSaturatingLoss().generatorLoss(fake));
    }

    @Test
    void labelSmoothingTargetsOneMinusSOnRealOnly() {
        // s = 0.1: real term (0.9 * softplus(-x) + 0.1 * softplus(x)) per element:
        //   x = 2:  0.9 * 0.1269280110 + 0.1 * 2.1269280110 = 0.3269280110
        //   x = -1: 0.9 * 1.3132616875 + 0.1 * 0.3132616875 = 1.2132616875
        //   mean = 0.7700948493; the fake term is unchanged, 0.5113321679.
        float expected = 0.7700948493f + 0.5113321679f;
        NonSaturatingLoss smoothed = new NonSaturatingLoss(0.1f);
        assertScalar(expected, smoothed.discriminatorLoss(real, fake));
        // G's loss has no real target, so smoothing leaves it alone.
        assertScalar(1.7613321679f, smoothed.generatorLoss(fake));
    }

    @Test
    void hingeLossMatchesHandComputedValues() {
        // D: mean(relu(1 - 2), relu(1 + 1)) = (0 + 2) / 2 = 1
        //  + mean(relu(1 + 0.5), relu(1 - 3)) = (1.5 + 0) / 2 = 0.75  -> 1.75
        // G: -mean(0.5, -3) = 1.25
        HingeLoss loss = new HingeLoss();
        assertScalar(1.75f, loss.discriminatorLoss(real, fake));
        assertScalar(1.25f, loss.generatorLoss(fake));
    }

    @Test
    void leastSquaresLossMatchesHandComputedValues() {
        // D: 0.5 * (mean((2 - 1)^2, (-1 - 1)^2) + mean(0.5^2, (-3)^2))
        //  = 0.5 * ((1 + 4) / 2 + (0.25 + 9) / 2) = 0.5 * (2.5 + 4.625) = 3.5625
        // G: 0.5 * mean((0.5 - 1)^2, (-3 - 1)^2) = 0.5 * (0.25 + 16) / 2 = 4.0625
        LeastSquaresLoss loss = new LeastSquaresLoss();
        assertScalar(3.5625f, loss.discriminatorLoss(real, fake));
        assertScalar(4.0625f, loss.generatorLoss(fake));
    }

    @Test
    void wassersteinLossMatchesHandComputedValues() {
        // D: mean(fake) - mean(real) = (0.5 - 3) / 2 - (2 - 1) / 2 = -1.25 - 0.5 = -1.75
        // G: -mean(fake) = 1.25
        WassersteinLoss loss = new WassersteinLoss();
        assertScalar(-1.75f, loss.discriminatorLoss(real, fake));
        assertScalar(1.25f, loss.generatorLoss(fake));
    }

    @Test
    void lossesAreMeansOverLogitsOfAnyShape() {
        // The same four logits as a (2, 2) map and as a flat vector give the same loss.
        NDArray map = manager.create(new float[] {2f, -1f, 0.5f, -3f}).reshape(2, 2);
        NDArray flat = map.flatten();
        for (AdversarialLoss loss :
                new AdversarialLoss[] {
                    new NonSaturatingLoss(0.1f),
                    new HingeLoss(),
                    new LeastSquaresLoss(),
                    new WassersteinLoss()
                }) {
            NDArray d = loss.discriminatorLoss(map, map.neg());
            NDArray g = loss.generatorLoss(map);
            assertEquals(0, d.getShape().dimension(), loss.name());
            assertEquals(0, g.getShape().dimension(), loss.name());
            assertScalar(loss.discriminatorLoss(flat, flat.neg()).getFloat(), d);
            assertScalar(loss.generatorLoss(flat).getFloat(), g);
        }
    }

    private static void assertScalar(float expected, NDArray actual) {
        assertEquals(0, actual.getShape().dimension(), "a scalar, got " + actual.getShape());
        assertEquals(expected, actual.getFloat(), TOLERANCE);
    }
}
