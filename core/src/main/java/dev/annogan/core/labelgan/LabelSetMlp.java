package dev.annogan.core.labelgan;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The shared body of the label-set generator and discriminator: a {@link SequentialBlock} of {@link
 * Linear} layers that checks the width of its input.
 *
 * <p>{@link Linear} infers its input width from the first batch it sees, so a generator fed 80-wide
 * vectors instead of 100-wide noise would silently build the wrong network; the check turns that
 * into an error that names the block and the width it expects.
 */
abstract class LabelSetMlp extends AbstractBlock {

    private static final byte VERSION = 1;

    private final long inputWidth;
    private final String inputName;
    private final SequentialBlock layers;

    /**
     * Wraps the given layers.
     *
     * @param inputWidth the size of the input's last axis
     * @param inputName what the input is, for error messages
     * @param layers the layers, registered as the only child
     */
    LabelSetMlp(long inputWidth, String inputName, SequentialBlock layers) {
        super(VERSION);
        this.inputWidth = inputWidth;
        this.inputName = inputName;
        this.layers = addChildBlock("layers", layers);
    }

    /**
     * Returns {@code Linear(h1), act, Linear(h2), act, ..., Linear(outputWidth)}.
     *
     * @param hiddenSizes the widths of the hidden layers, in order
     * @param outputWidth the width of the last layer
     * @param activation makes the activation that follows each hidden layer
     * @return a new sequential block
     */
    static SequentialBlock linearStack(
            int[] hiddenSizes, long outputWidth, Supplier<Block> activation) {
        SequentialBlock stack = new SequentialBlock();
        for (int size : hiddenSizes) {
            stack.add(Linear.builder().setUnits(size).build()).add(activation.get());
        }
        return stack.add(Linear.builder().setUnits(outputWidth).build());
    }

    /**
     * Checks a builder's layer widths: every one positive.
     *
     * @param what the builder field, for the message
     * @param sizes the widths
     * @throws IllegalArgumentException if a width is not positive
     */
    static void checkWidths(String what, int... sizes) {
        for (int size : sizes) {
            if (size <= 0) {
                throw new IllegalArgumentException(
                        what + " must all be positive, got " + Arrays.toString(sizes));
            }
        }
    }

    /**
     * Returns the width of the input's last axis that this block expects.
     *
     * @return the input width
     */
    long getInputWidth() {
        return inputWidth;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShape(inputs.getShapes());
        return layers.forward(parameterStore, layerInput(inputs), training, params);
    }

    /**
     * Returns what the layers see for a checked input; the input itself unless a subclass adds
     * features.
     *
     * @param inputs one array of shape {@code (batch, inputWidth)}
     * @return the layers' input
     */
    NDList layerInput(NDList inputs) {
        return inputs;
    }

    /**
     * Returns the shape of {@link #layerInput} for an input of the given shape.
     *
     * @param inputShape {@code (batch, inputWidth)}
     * @return the layers' input shape
     */
    Shape layerInputShape(Shape inputShape) {
        return inputShape;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShape(inputShapes);
        return layers.getOutputShapes(new Shape[] {layerInputShape(inputShapes[0])});
    }

    /** {@inheritDoc} */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        checkInputShape(inputShapes);
        super.beforeInitialize(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        layers.initialize(manager, dataType, layerInputShape(inputShapes[0]));
    }

    private void checkInputShape(Shape[] shapes) {
        if (shapes.length != 1 || shapes[0].dimension() < 1 || shapes[0].tail() != inputWidth) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName()
                            + " expects one input, "
                            + inputName
                            + " of shape (batch, "
                            + inputWidth
                            + "); got "
                            + Arrays.toString(shapes));
        }
    }
}
