package dev.annogan.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/** Checks that one backward pass reaches every parameter of a block with several outputs. */
public final class GradientFlow {

    private GradientFlow() {}

    /**
     * Initialises the block for the inputs, runs one training forward, backpropagates a random
     * projection of every output (a plain sum would give normalised outputs zero gradient) and
     * asserts that every parameter holds a nonzero gradient.
     *
     * @param manager the test's manager
     * @param block an uninitialised block
     * @param inputs one batch of inputs
     */
    public static void assertEveryParameterGetsAGradient(
            NDManager manager, Block block, NDList inputs) {
        block.initialize(manager, DataType.FLOAT32, inputs.getShapes());
        ParameterStore store = new ParameterStore(manager, false);
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDList outputs = block.forward(store, inputs, true);
            NDArray loss = manager.zeros(new Shape());
            for (NDArray output : outputs) {
                loss = loss.add(output.mul(manager.randomNormal(output.getShape())).sum());
            }
            collector.backward(loss);
        }
        BlockChecks.assertEveryParameterHasGradient(block);
    }
}
