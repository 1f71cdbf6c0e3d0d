package dev.annogan.core.segmentation;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.SpectralNorm;
import dev.annogan.core.nn.StridedConvStack;

/**
 * The shared body of the segmentation discriminators: a {@link StridedConvStack} and a 3x3 stride-1
 * convolution to one channel, so {@code (N, C, H, W)} becomes a map of logits {@code (N, 1, H /
 * 2^depth, W / 2^depth)}, each scoring one patch of the input.
 */
final class PatchScorer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final StridedConvStack stack;
    private final Block score;

    /**
     * Creates the body.
     *
     * @param inputChannels the channels of the joined input
     * @param width the channels of the first strided convolution
     * @param depth the number of strided convolutions
     * @param spectralNorm whether every convolution is spectrally normalised
     * @param batchNorm whether every strided convolution after the first is batch-normalised
     */
    PatchScorer(int inputChannels, int width, int depth, boolean spectralNorm, boolean batchNorm) {
        super(VERSION);
        this.stack =
                addChildBlock(
                        "stack",
                        StridedConvStack.builder()
                                .optInputChannels(inputChannels)
                                .optWidth(width)
                                .optDepth(depth)
                                .optSpectralNorm(spectralNorm)
                                .optBatchNorm(batchNorm)
                                .build());
        this.score =
                addChildBlock(
                        "score",
                        SpectralNorm.wrapIf(
                                spectralNorm,
                                Conv2d.builder()
                                        .setKernelShape(new Shape(3, 3))
                                        .optPadding(new Shape(1, 1))
                                        .setFilters(1)
                                        .build()));
    }

    /**
     * Returns the factor by which the output map is smaller than the input.
     *
     * @return {@code 2^depth}
     */
    int getDownsampling() {
        return stack.getDownsampling();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList features = stack.forward(parameterStore, inputs, training, params);
        return score.forward(parameterStore, features, training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return score.getOutputShapes(stack.getOutputShapes(inputShapes));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        stack.initialize(manager, dataType, inputShapes);
        score.initialize(manager, dataType, stack.getOutputShapes(inputShapes));
    }
}
