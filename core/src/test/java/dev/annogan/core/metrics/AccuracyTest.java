package dev.annogan.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.NDManagerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Accuracy with an ignore label, by hand. */
@ExtendWith(NDManagerExtension.class)
class AccuracyTest {

    // Argmax per row: 0, 2, 1, 1. Targets 0, 2, ignored, 0 -> 2 right of 3 counted.
    private static final float[][] SCORES = {
        {3f, 1f, 0f}, {0f, 1f, 5f}, {0f, 4f, 1f}, {1f, 2f, 0f}
    };
    private static final int[] TARGETS = {0, 2, -1, 0};

    @Test
    void ignoredItemsAreNeitherRightNorCounted(NDManager manager) {
        Accuracy accuracy = new Accuracy();
        accuracy.addAccumulator("all");
        accuracy.updateAccumulator("all", targets(manager), scores(manager));
        assertEquals(2f / 3, accuracy.getAccumulator("all"), 1e-6f);
        // DJL's accuracy would count the ignored item as a miss: 2/4.
        ai.djl.training.evaluator.Accuracy djl = new ai.djl.training.evaluator.Accuracy();
        djl.addAccumulator("all");
        djl.updateAccumulator("all", targets(manager), scores(manager));
        assertEquals(0.5f, djl.getAccumulator("all"), 1e-6f);
    }

    @Test
    void accumulatesOverBatches(NDManager manager) {
        Accuracy accuracy = new Accuracy();
        accuracy.addAccumulator("all");
        accuracy.updateAccumulator("all", targets(manager), scores(manager));
        // Second batch: one item, predicted 1, target 1.
        accuracy.updateAccumulator(
                "all",
                new NDList(manager.create(new int[] {1})),
                new NDList(manager.create(new float[][] {{0f, 1f, 0f}})));
        assertEquals(3f / 4, accuracy.getAccumulator("all"), 1e-6f);
    }

    @Test
    void evaluateReturnsTheBatchAccuracy(NDManager manager) {
        assertEquals(
                2f / 3,
                new Accuracy().evaluate(targets(manager), scores(manager)).getFloat(),
                1e-6f);
        NDList allIgnored = new NDList(manager.create(new int[] {-1, -1, -1, -1}));
        assertTrue(Float.isNaN(new Accuracy().evaluate(allIgnored, scores(manager)).getFloat()));
    }

    @Test
    void perPixelAccuracyWithClassAxisOne(NDManager manager) {
        // (1, 2, 1, 3) scores: pixel predictions 1, 0, 1; targets 1, 255, 0 -> 1 right of 2.
        float[] scores = {0f, 1f, 0f, 1f, 0f, 1f};
        Accuracy accuracy = new Accuracy("pixel_accuracy", 255);
        accuracy.addAccumulator("all");
        accuracy.updateAccumulator(
                "all",
                new NDList(manager.create(new int[] {1, 255, 0}, new Shape(1, 1, 3))),
                new NDList(manager.create(scores, new Shape(1, 2, 1, 3))));
        assertEquals(0.5f, accuracy.getAccumulator("all"), 1e-6f);
    }

    @Test
    void rejectsOneHotTargets(NDManager manager) {
        Accuracy accuracy = new Accuracy();
        accuracy.addAccumulator("all");
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        accuracy.updateAccumulator(
                                "all", new NDList(manager.create(SCORES)), scores(manager)));
    }

    private static NDList targets(NDManager manager) {
        return new NDList(manager.create(TARGETS));
    }

    private static NDList scores(NDManager manager) {
        return new NDList(manager.create(SCORES));
    }
}
