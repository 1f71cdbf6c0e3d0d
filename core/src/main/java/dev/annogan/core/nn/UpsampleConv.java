package dev.annogan.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A resize-convolution: nearest-neighbour upsampling by an integer factor followed by a 3x3
 * convolution with padding 1, the learned upsampling step of U-Net decoders and image generators.
 *
 * <p>It stands in for {@code Conv2dTranspose}, which DJL's PyTorch engine does not implement (it
 * throws {@code UnsupportedOperationException}). Resize-convolution also avoids the checkerboard
 * artefacts of strided transposed convolutions (Odena et al., 2016). An input of shape {@code (N,
 * C, H, W)} gives {@code (N, filters, scale*H, scale*W)}.
 *
 * <pre>{@code
 * Block up = UpsampleConv.builder().setFilters(64).build(); // (N, C, 16, 16) -> (N, 64, 32, 32)
 * }</pre>
 */
public class UpsampleConv extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final NearestUpsample upsample;
    private final Conv2d conv;

    /**
     * Creates the block the builder describes.
     *
     * @param builder a validated builder
     */
    protected UpsampleConv(Builder builder) {
        super(VERSION);
        this.filters = builder.filters;
        this.upsample =
                addChildBlock(
                        "upsample", NearestUpsample.builder().optScale(builder.scale).build());
        this.conv =
                addChildBlock(
                        "conv",
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(builder.filters)
                                .build());
    }

    /**
     * Creates a builder for an {@link UpsampleConv}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of output channels.
     *
     * @return the filters of the convolution
     */
    public int getFilters() {
        return filters;
    }

    /**
     * Returns the upsampling factor.
     *
     * @return the factor applied to height and width
     */
    public int getScale() {
        return upsample.getScale();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList upsampled = upsample.forward(parameterStore, inputs, training, params);
        return conv.forward(parameterStore, upsampled, training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(upsample.getOutputShapes(inputShapes));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        upsample.initialize(manager, dataType, inputShapes);
        conv.initialize(manager, dataType, upsample.getOutputShapes(inputShapes));
    }

    /** The builder for an {@link UpsampleConv}. */
    public static final class Builder {

        private int filters;
        private int scale = 2;

        Builder() {}

        /**
         * Sets the number of output channels. Required.
         *
         * @param filters the output channels
         * @return this builder
         */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /**
         * Sets the integer upsampling factor; 2 by default.
         *
         * @param scale the factor, at least 1
         * @return this builder
         */
        public Builder optScale(int scale) {
            this.scale = scale;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return a new, uninitialised {@link UpsampleConv}
         * @throws IllegalArgumentException if the filters were not set or the factor is below 1
         */
        public UpsampleConv build() {
            if (filters <= 0) {
                throw new IllegalArgumentException(
                        "UpsampleConv: setFilters is required and must be positive, got "
                                + filters);
            }
            if (scale < 1) {
                throw new IllegalArgumentException(
                        "UpsampleConv: scale must be at least 1, got " + scale);
            }
            return new UpsampleConv(this);
        }
    }
}
