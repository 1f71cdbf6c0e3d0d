package dev.annogan.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * The convolutional part of an {@link ImageEncoder}: {@code depth} levels that each halve height
 * and width, with {@code width, 2*width, ...} channels. The encoder pools or flattens what it
 * returns. Subclasses say what a level is; this class holds the levels, checks the input and
 * declares the output.
 *
 * <p>Two kinds exist: the DCGAN discriminator's body ({@link StridedConvStack}, one strided
 * convolution a level, what GAN pretraining exports as a backbone) and a VGG-style stack ({@link
 * VggStack}, several 3x3 convolutions and a max pooling a level, what a tagger needs to tell shapes
 * apart from few labels).
 */
public abstract class EncoderTrunk extends AbstractBlock {

    private final int inputChannels;
    private final int width;
    private final int depth;
    private final SequentialBlock layers;

    /**
     * Creates a trunk of the given levels.
     *
     * @param version the subclass's block version
     * @param inputChannels the image channels C
     * @param width the channels of the first level
     * @param depth the number of levels
     * @param levels the levels, in order, each halving height and width
     */
    protected EncoderTrunk(
            byte version, int inputChannels, int width, int depth, SequentialBlock levels) {
        super(version);
        this.inputChannels = inputChannels;
        this.width = width;
        this.depth = depth;
        this.layers = addChildBlock("layers", levels);
    }

    /**
     * Returns the number of image channels the trunk expects.
     *
     * @return C
     */
    public int getInputChannels() {
        return inputChannels;
    }

    /**
     * Returns the channels of the first level; each later one doubles them.
     *
     * @return the width
     */
    public int getWidth() {
        return width;
    }

    /**
     * Returns the number of levels.
     *
     * @return the depth
     */
    public int getDepth() {
        return depth;
    }

    /**
     * Returns the number of channels of the last level's maps.
     *
     * @return {@code width * 2^(depth-1)}
     */
    public int getOutputChannels() {
        return width << (depth - 1);
    }

    /**
     * Returns by how much the trunk divides height and width.
     *
     * @return {@code 2^depth}
     */
    public int getDownsampling() {
        return 1 << depth;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        return layers.forward(parameterStore, inputs, training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        Shape in = inputShapes[0];
        int factor = getDownsampling();
        return new Shape[] {
            new Shape(in.get(0), getOutputChannels(), in.get(2) / factor, in.get(3) / factor)
        };
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        layers.initialize(manager, dataType, inputShapes);
    }

    private void checkInputShapes(Shape[] shapes) {
        int factor = getDownsampling();
        if (shapes.length != 1
                || shapes[0].dimension() != 4
                || shapes[0].get(1) != inputChannels
                || shapes[0].get(2) % factor != 0
                || shapes[0].get(3) % factor != 0) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName()
                            + " expects one input of shape (N, "
                            + inputChannels
                            + ", H, W) with H and W divisible by 2^depth = "
                            + factor
                            + "; got "
                            + Arrays.toString(shapes));
        }
    }
}
