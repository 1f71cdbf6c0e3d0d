package dev.annogan.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Gradients through arithmetic with a number stay right when the garbage collector runs between
 * forward and backward (with {@code NDArray.div(4f)} they become garbage on PyTorch).
 */
class ScalarsTest {

    /** Returns the gradient of sum(op(x)) at x = (1, 2, -3), with a collection before backward. */
    private static float[] gradient(UnaryOperator<NDArray> op) throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, -3});
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = op.apply(x).sum();
                churnNativeMemory();
                collector.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** Frees what can be freed and reuses direct memory, as a busy training step would. */
    private static void churnNativeMemory() throws InterruptedException {
        System.gc();
        Thread.sleep(20);
        ByteBuffer[] buffers = new ByteBuffer[100];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = ByteBuffer.allocateDirect(64);
            buffers[i].putFloat(0, 123f);
        }
    }

    @Test
    void divisionKeepsItsGradient() throws InterruptedException {
        for (int trial = 0; trial < 5; trial++) {
            assertArrayEquals(
                    new float[] {0.25f, 0.25f, 0.25f}, gradient(x -> Scalars.div(x, 4f)), 1e-6f);
        }
    }

    @Test
    void multiplicationKeepsItsGradient() throws InterruptedException {
        for (int trial = 0; trial < 5; trial++) {
            assertArrayEquals(
                    new float[] {0.5f, 0.5f, 0.5f}, gradient(x -> Scalars.mul(x, 0.5f)), 1e-6f);
        }
    }

    @Test
    void maximumPassesTheGradientWhereXIsLarger() throws InterruptedException {
        for (int trial = 0; trial < 5; trial++) {
            assertArrayEquals(
                    new float[] {1f, 1f, 0f}, gradient(x -> Scalars.maximum(x, 0f)), 1e-6f);
        }
    }
}
