package dev.annogan.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.annogan.core.NDManagerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A weight-normalised layer computes with g * v / ||v||, and its data-dependent start whitens. */
@ExtendWith(NDManagerExtension.class)
class WeightNormLinearTest {

    private static WeightNormLinear layer(NDManager manager, long inputs, long units) {
        WeightNormLinear layer = WeightNormLinear.builder().setUnits(units).build();
        layer.initialize(manager, DataType.FLOAT32, new Shape(1, inputs));
        return layer;
    }

    private static void set(WeightNormLinear layer, String name, float... values) {
        NDArray array = layer.getParameters().get(name).getArray();
        array.set(values);
    }

    @Test
    void eachRowOfTheWeightIsItsDirectionScaledToItsLength(NDManager manager) {
        WeightNormLinear layer = layer(manager, 2, 2);
        // rows (3, 4) and (0, -2): unit directions (0.6, 0.8) and (0, -1)
        set(layer, "weight", 3f, 4f, 0f, -2f);
        set(layer, "scale", 2f, 0.5f);
        set(layer, "bias", 1f, -1f);
        NDArray x = manager.create(new float[] {1f, 1f, 10f, 0f}, new Shape(2, 2));

        NDArray y = BlockChecks.forward(layer, new NDList(x)).singletonOrThrow();

        // row 1: 2 * (0.6 + 0.8) + 1 = 3.8 and 0.5 * (-1) - 1 = -1.5
        // row 2: 2 * 6 + 1 = 13 and 0.5 * 0 - 1 = -1
        assertEquals(new Shape(2, 2), y.getShape());
        assertArrayEquals(new float[] {3.8f, -1.5f, 13f, -1f}, y.toFloatArray(), 1e-5f);
        BlockChecks.assertDeclaredShapesMatchForward(layer, new NDList(x));
    }

    @Test
    void theDirectionGetsNoGradientAlongItself(NDManager manager) {
        WeightNormLinear layer = layer(manager, 3, 1);
        set(layer, "weight", 1f, 2f, 2f);
        set(layer, "scale", 3f);
        NDArray x = manager.create(new float[] {1f, -1f, 0.5f}, new Shape(1, 3));
        ParameterStore store = new ParameterStore(manager, false);
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            collector.backward(layer.forward(store, new NDList(x), true).head().sum());
        }
        NDArray v = layer.getParameters().get("weight").getArray();
        // y = g v.x / ||v||: dy/dv = g (x - (v.x) v / ||v||^2) / ||v||, orthogonal to v;
        // v.x = 0, so dy/dv = g x / ||v|| = x, and dy/dg = v.x / ||v|| = 0
        assertArrayEquals(new float[] {1f, -1f, 0.5f}, v.getGradient().toFloatArray(), 1e-5f);
        assertEquals(0f, v.getGradient().mul(v).sum().getFloat(), 1e-5f);
        assertEquals(
                0f, layer.getParameters().get("scale").getArray().getGradient().getFloat(), 1e-5f);
        assertEquals(1f, layer.getParameters().get("bias").getArray().getGradient().getFloat());
    }

    @Test
    void dataDependentStartGivesZeroMeanAndUnitVariancePerUnit(NDManager manager) {
        WeightNormLinear layer = layer(manager, 5, 3);
        NDArray x = manager.randomNormal(2f, 3f, new Shape(64, 5), DataType.FLOAT32);
        ParameterStore store = new ParameterStore(manager, false);

        layer.initializeFromData(store, x);
        NDArray y = layer.forward(store, new NDList(x), false).head();

        NDArray mean = y.mean(new int[] {0});
        NDArray variance = y.sub(mean).square().mean(new int[] {0});
        assertArrayEquals(new float[3], mean.toFloatArray(), 1e-4f);
        assertArrayEquals(new float[] {1f, 1f, 1f}, variance.toFloatArray(), 1e-3f);
    }

    @Test
    void inputsOfAnotherWidthAndTooSmallInitialisationBatchesAreRejected(NDManager manager) {
        WeightNormLinear layer = layer(manager, 4, 2);
        ParameterStore store = new ParameterStore(manager, false);
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                layer.forward(
                                        store, new NDList(manager.ones(new Shape(2, 3))), false));
        assertEquals(
                "WeightNormLinear expects one input of shape (N, 4); got [(2, 3)]",
                error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> layer.initializeFromData(store, manager.ones(new Shape(1, 4))));
        assertThrows(IllegalArgumentException.class, () -> WeightNormLinear.builder().build());
    }
}
