package dev.annogan.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * Nearest-neighbour upsampling of an NCHW batch by an integer factor: every pixel becomes a {@code
 * scale x scale} square of copies. The block has no parameters.
 *
 * <p>It is written with {@link NDArray#repeat(int, long)} along the height and width axes, which
 * every engine implements and differentiates, so it works where the engine lacks a dedicated
 * upsampling operator. An input of shape {@code (N, C, H, W)} gives {@code (N, C, scale*H,
 * scale*W)} with {@code out[n, c, i, j] = in[n, c, i / scale, j / scale]}.
 *
 * <pre>{@code
 * Block upsample = NearestUpsample.builder().optScale(2).build();
 * NDArray bigger = upsample.forward(store, new NDList(image), false).singletonOrThrow();
 * }</pre>
 */
public class NearestUpsample extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int scale;

    /**
     * Creates the block the builder describes.
     *
     * @param builder a validated builder
     */
    protected NearestUpsample(Builder builder) {
        super(VERSION);
        this.scale = builder.scale;
    }

    /**
     * Creates a builder for a {@link NearestUpsample}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Upsamples an NCHW array by repeating each pixel {@code scale} times along height and width.
     *
     * @param input an array of shape {@code (N, C, H, W)}
     * @param scale the integer factor, at least 1
     * @return an array of shape {@code (N, C, scale*H, scale*W)}
     */
    public static NDArray upsample(NDArray input, int scale) {
        if (scale == 1) {
            return input;
        }
        return input.repeat(2, scale).repeat(3, scale);
    }

    /**
     * Returns the upsampling factor.
     *
     * @return the factor applied to height and width
     */
    public int getScale() {
        return scale;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        return new NDList(upsample(inputs.singletonOrThrow(), scale));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), in.get(2) * scale, in.get(3) * scale)};
    }

    private void checkInputShapes(Shape[] shapes) {
        if (shapes.length != 1 || shapes[0].dimension() != 4) {
            throw new IllegalArgumentException(
                    "NearestUpsample expects one NCHW input; got " + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link NearestUpsample}. */
    public static final class Builder {

        private int scale = 2;

        Builder() {}

        /**
         * Sets the integer upsampling factor for height and width; 2 by default.
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
         * @return a new {@link NearestUpsample}
         * @throws IllegalArgumentException if the factor is less than 1
         */
        public NearestUpsample build() {
            if (scale < 1) {
                throw new IllegalArgumentException(
                        "NearestUpsample: scale must be at least 1, got " + scale);
            }
            return new NearestUpsample(this);
        }
    }
}
