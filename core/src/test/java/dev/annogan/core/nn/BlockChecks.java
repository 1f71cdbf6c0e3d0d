package dev.annogan.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.List;
import java.util.stream.Collectors;

/** Checks every block in the core modules needs: declared shapes and end-to-end trainability. */
public final class BlockChecks {

    private static final int SEED = 1234;

    private BlockChecks() {}

    /**
     * Runs an inference forward with a fresh parameter store.
     *
     * @param block an initialised block
     * @param inputs the inputs
     * @return the outputs
     */
    public static NDList forward(Block block, NDList inputs) {
        ParameterStore store = new ParameterStore(inputs.head().getManager(), false);
        return block.forward(store, inputs, false);
    }

    /**
     * Asserts that {@link Block#getOutputShapes} declares exactly the shapes a forward produces.
     *
     * @param block an initialised block
     * @param inputs the inputs
     */
    public static void assertDeclaredShapesMatchForward(Block block, NDList inputs) {
        Shape[] actual = forward(block, inputs).getShapes();
        assertArrayEquals(actual, block.getOutputShapes(inputs.getShapes()));
    }

    /**
     * Trains the block with Adam through DJL's {@link Trainer} to fit a fixed target under a mean
     * squared error, checks after the first backward that every parameter has a nonzero gradient,
     * and asserts the loss falls to below half its first value.
     *
     * @param block an uninitialised block
     * @param inputs the inputs, one batch
     * @param target the target of the block's single output
     * @param steps the optimizer steps
     */
    public static void assertTrainsToFitTarget(
            Block block, NDList inputs, NDArray target, int steps) {
        try (Model model = Model.newInstance("block-check")) {
            model.setBlock(block);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam);
            try (Trainer trainer = model.newTrainer(config)) {
                // A fixed start, so that a pass or failure does not depend on the draw.
                Engine.getInstance().setRandomSeed(SEED);
                trainer.initialize(inputs.getShapes());
                float first = Float.NaN;
                float last = Float.NaN;
                for (int step = 0; step < steps; step++) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray output = trainer.forward(inputs).singletonOrThrow();
                        NDArray loss = output.sub(target).square().mean();
                        last = loss.getFloat();
                        collector.backward(loss);
                    }
                    if (step == 0) {
                        first = last;
                        assertEveryParameterHasGradient(block);
                    }
                    trainer.step();
                }
                assertFalse(Float.isNaN(last), "loss is NaN");
                assertTrue(last < 0.5f * first, "loss " + first + " -> " + last);
            }
        }
    }

    /**
     * Returns the array of the block's only parameter whose name ends with the given suffix; DJL
     * prefixes child blocks' parameter names with their position, such as {@code 01conv_weight}.
     *
     * @param block an initialised block
     * @param suffix the end of the name, such as {@code conv_weight}
     * @return the parameter's array
     */
    public static NDArray parameter(Block block, String suffix) {
        List<Parameter> matches =
                block.getParameters().stream()
                        .filter(entry -> entry.getKey().endsWith(suffix))
                        .map(Pair::getValue)
                        .collect(Collectors.toList());
        assertEquals(1, matches.size(), "parameters ending with " + suffix);
        return matches.get(0).getArray();
    }

    /**
     * Counts the scalars in all of a block's parameters.
     *
     * @param block an initialised block
     * @return the number of trainable scalars
     */
    public static long parameterCount(Block block) {
        long count = 0;
        for (Parameter parameter : block.getParameters().values()) {
            count += parameter.getArray().size();
        }
        return count;
    }

    /**
     * Asserts that every parameter of the block holds a gradient with a nonzero entry.
     *
     * @param block a block after a backward pass
     */
    public static void assertEveryParameterHasGradient(Block block) {
        for (Pair<String, Parameter> entry : block.getParameters()) {
            NDArray gradient = entry.getValue().getArray().getGradient();
            float size = gradient.abs().sum().getFloat();
            assertTrue(size > 0f, entry.getKey() + " has a zero gradient");
        }
    }
}
