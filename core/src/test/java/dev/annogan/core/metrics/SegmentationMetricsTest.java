package dev.annogan.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.NDManagerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * mIoU and pixel accuracy from NDArray batches; the counts are those of {@link
 * ConfusionMatrixTest}: mIoU 5/9, pixel accuracy 3/5.
 */
@ExtendWith(NDManagerExtension.class)
class SegmentationMetricsTest {

    // One 2×3 image; 255 marks the ignored pixel.
    private static final int[] TARGETS = {0, 0, 1, 2, 255, 1};
    private static final int[] PREDICTIONS = {0, 1, 1, 2, 0, 0};
    private static final long[][] COUNTS = {{1, 1, 0}, {1, 1, 0}, {0, 0, 1}};

    @Test
    void meanIoUFromClassIds(NDManager manager) {
        SegmentationMetrics miou = builder().build();
        assertEquals("mIoU", miou.getName());
        miou.addAccumulator("all");
        miou.updateAccumulator("all", targets(manager), ids(manager));
        assertEquals(5.0 / 9, miou.getAccumulator("all"), 1e-6);
        assertArrayEquals(COUNTS, miou.getConfusionMatrix("all").toArray());
    }

    @Test
    void pixelAccuracyFromLogitsByArgmax(NDManager manager) {
        SegmentationMetrics accuracy =
                builder().optMetric(SegmentationMetrics.Metric.PIXEL_ACCURACY).build();
        assertEquals("pixel_accuracy", accuracy.getName());
        accuracy.addAccumulator("all");
        accuracy.updateAccumulator("all", targets(manager), logits(manager));
        assertEquals(3.0 / 5, accuracy.getAccumulator("all"), 1e-6);
        assertArrayEquals(COUNTS, accuracy.getConfusionMatrix("all").toArray());
    }

    @Test
    void batchesAccumulateCounts(NDManager manager) {
        // The same image twice with uint8 targets: every count doubles, the figures stay.
        SegmentationMetrics miou = builder().build();
        miou.addAccumulator("all");
        NDList uint8Targets = new NDList(targets(manager).head().toType(DataType.UINT8, false));
        miou.updateAccumulator("all", uint8Targets, ids(manager));
        miou.updateAccumulator("all", targets(manager), logits(manager));
        assertEquals(10, miou.getConfusionMatrix("all").total());
        assertEquals(2, miou.getConfusionMatrix("all").count(0, 1));
        assertEquals(5.0 / 9, miou.getAccumulator("all"), 1e-6);
    }

    @Test
    void evaluateScoresOneBatch(NDManager manager) {
        NDArray value = builder().build().evaluate(targets(manager), logits(manager));
        assertEquals(5f / 9, value.getFloat(), 1e-6f);
    }

    @Test
    void rejectsWrongClassAxisAndUnknownIds(NDManager manager) {
        SegmentationMetrics miou = builder().build();
        miou.addAccumulator("all");
        NDList fourClasses = new NDList(manager.zeros(new Shape(1, 4, 2, 3)));
        assertThrows(
                IllegalArgumentException.class,
                () -> miou.updateAccumulator("all", targets(manager), fourClasses));
        NDList badTargets =
                new NDList(manager.create(new int[] {0, 0, 1, 2, 7, 1}, new Shape(1, 2, 3)));
        assertThrows(
                IllegalArgumentException.class,
                () -> miou.updateAccumulator("all", badTargets, ids(manager)));
    }

    @Test
    void ignoreLabelMustNotBeAClass() {
        assertThrows(
                IllegalArgumentException.class,
                () -> SegmentationMetrics.builder().setNumClasses(3).optIgnoreLabel(2).build());
    }

    private static SegmentationMetrics.Builder builder() {
        return SegmentationMetrics.builder().setNumClasses(3).optIgnoreLabel(255);
    }

    private static NDList targets(NDManager manager) {
        return new NDList(manager.create(TARGETS, new Shape(1, 2, 3)));
    }

    private static NDList ids(NDManager manager) {
        return new NDList(manager.create(PREDICTIONS, new Shape(1, 2, 3)));
    }

    /** Scores (1, 3, 2, 3) whose argmax over the classes is PREDICTIONS. */
    private static NDList logits(NDManager manager) {
        float[] scores = new float[3 * 6];
        for (int pixel = 0; pixel < 6; pixel++) {
            for (int k = 0; k < 3; k++) {
                scores[k * 6 + pixel] = k == PREDICTIONS[pixel] ? 2f : -1f - k;
            }
        }
        return new NDList(manager.create(scores, new Shape(1, 3, 2, 3)));
    }
}
