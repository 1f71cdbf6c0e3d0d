package dev.annogan.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.annogan.core.NDManagerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Feature matching compares batch means of features, and only the fake side gets gradients. */
@ExtendWith(NDManagerExtension.class)
class FeatureMatchingLossTest {

    @Test
    void lossIsMeanSquaredDifferenceOfBatchMeans(NDManager manager) {
        // real (2 x 3): rows [1, 2, 3] and [3, 4, 5]      -> batch mean [2, 3, 4]
        // fake (3 x 3): rows [0, 0, 0], [1, 1, 1], [2, 8, 2] -> batch mean [1, 3, 1]
        // differences [1, 0, 3], squares [1, 0, 9], mean over features 10 / 3
        NDArray real = manager.create(new float[] {1, 2, 3, 3, 4, 5}).reshape(2, 3);
        NDArray fake = manager.create(new float[] {0, 0, 0, 1, 1, 1, 2, 8, 2}).reshape(3, 3);
        NDArray loss = new FeatureMatchingLoss().generatorLoss(real, fake);
        assertEquals(0, loss.getShape().dimension());
        assertEquals(10f / 3f, loss.getFloat(), 1e-6f);
    }

    @Test
    void featuresMayHaveSeveralAxes(NDManager manager) {
        // (batch 2, 2, 2) maps: real all ones, fake all zeros: every squared difference is 1.
        NDArray real = manager.ones(new Shape(2, 2, 2));
        NDArray fake = manager.zeros(new Shape(4, 2, 2));
        assertEquals(1f, new FeatureMatchingLoss().generatorLoss(real, fake).getFloat(), 0f);
    }

    @Test
    void gradientFlowsIntoFakeFeaturesOnly(NDManager manager) {
        NDArray real = manager.create(new float[] {1, 2, 3, 3, 4, 5}).reshape(2, 3);
        NDArray fake = manager.create(new float[] {0, 0, 0, 2, 6, 2}).reshape(2, 3);
        real.setRequiresGradient(true);
        fake.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(new FeatureMatchingLoss().generatorLoss(real, fake));
        }
        // fake mean [1, 3, 1], real mean [2, 3, 4]; d/dfake[b, f] = 2 (fakeMean - realMean)[f]
        // / (features 3 * batch 2) = [-1, 0, -3] / 3 for every row.
        float third = 1f / 3f;
        assertArrayEquals(
                new float[] {-third, 0, -1, -third, 0, -1},
                fake.getGradient().toFloatArray(),
                1e-6f);
        assertArrayEquals(new float[6], real.getGradient().toFloatArray(), 0f);
    }

    @Test
    void differentFeatureShapesAreRejected(NDManager manager) {
        NDArray real = manager.zeros(new Shape(2, 3));
        NDArray fake = manager.zeros(new Shape(2, 4));
        assertThrows(
                IllegalArgumentException.class,
                () -> new FeatureMatchingLoss().generatorLoss(real, fake));
    }
}
