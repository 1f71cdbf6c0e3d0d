package dev.annogan.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * The transposed convolution of DCGAN and pix2pix decoders, kernel 4x4, stride 2, padding 1: it
 * doubles height and width exactly, {@code (N, C, H, W) -> (N, filters, 2H, 2W)}, and computes what
 * PyTorch's {@code ConvTranspose2d(C, filters, 4, stride=2, padding=1)} computes.
 *
 * <p>DJL's {@code Conv2dTranspose} throws {@code UnsupportedOperationException} on the PyTorch
 * engine, so the block uses the phase (sub-pixel) decomposition instead. Output row {@code 2m + a}
 * of a stride-2 transposed convolution only receives input rows {@code m - 1, m} (for {@code a =
 * 0}, through kernel rows 3 and 1) or {@code m, m + 1} (for {@code a = 1}, kernel rows 2 and 0),
 * and likewise for columns. So each of the four output phases {@code (a, b)} is a 2x2 convolution
 * of the input, and all four are one 2x2 convolution with padding 1 and {@code 4 * filters} output
 * channels, computed once; phase {@code (a, b)} is its channel group {@code 2a + b} cropped to rows
 * {@code a .. a+H-1} and columns {@code b .. b+W-1}, and the four phases interleave into the
 * output. The multiply-adds are those of the transposed convolution (plus one row and column of
 * border), none spent on inserted zeros.
 *
 * <p>The parameters are that 2x2 convolution's weight, {@code (4 * filters, C, 2, 2)}, without
 * bias, and one bias per output channel. {@link #phaseWeight(NDArray)} converts a transposed
 * convolution's weight in PyTorch's layout {@code (C, filters, 4, 4)} into it.
 *
 * <pre>{@code
 * Block up = TransposedConv2d.builder().setFilters(64).build(); // (N, 128, 8, 8) -> (N, 64, 16, 16)
 * }</pre>
 */
public class TransposedConv2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final Conv2d phases;
    private final Parameter bias;

    /**
     * Creates the block the builder describes.
     *
     * @param builder a validated builder
     */
    protected TransposedConv2d(Builder builder) {
        super(VERSION);
        this.filters = builder.filters;
        this.phases =
                addChildBlock(
                        "phases",
                        Conv2d.builder()
                                .setKernelShape(new Shape(2, 2))
                                .optPadding(new Shape(1, 1))
                                .setFilters(4 * filters)
                                .optBias(false)
                                .build());
        this.bias =
                addParameter(
                        Parameter.builder()
                                .setName("bias")
                                .setType(Parameter.Type.BIAS)
                                .optShape(new Shape(filters))
                                .build());
    }

    /**
     * Creates a builder for a {@link TransposedConv2d}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of output channels.
     *
     * @return the filters
     */
    public int getFilters() {
        return filters;
    }

    /**
     * Converts the weight of a 4x4, stride-2, padding-1 transposed convolution into this block's
     * phase weight: element {@code [(2a + b) * F + f, c, t, u]} is {@code w[c, f, 3 - 2t - a, 3 -
     * 2u - b]}.
     *
     * @param transposedWeight the weight in PyTorch's {@code ConvTranspose2d} layout, {@code (C, F,
     *     4, 4)}
     * @return the phase weight, {@code (4F, C, 2, 2)}, in the same manager
     * @throws IllegalArgumentException if the weight is not 4-D with 4x4 kernels
     */
    public static NDArray phaseWeight(NDArray transposedWeight) {
        Shape shape = transposedWeight.getShape();
        if (shape.dimension() != 4 || shape.get(2) != 4 || shape.get(3) != 4) {
            throw new IllegalArgumentException(
                    "expected a transposed-convolution weight (C, F, 4, 4), got " + shape);
        }
        int channels = Math.toIntExact(shape.get(0));
        int outputs = Math.toIntExact(shape.get(1));
        float[] w = transposedWeight.toType(DataType.FLOAT32, false).toFloatArray();
        float[] phase = new float[w.length];
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int f = 0; f < outputs; f++) {
                    for (int c = 0; c < channels; c++) {
                        for (int t = 0; t < 2; t++) {
                            for (int u = 0; u < 2; u++) {
                                int row = 3 - 2 * t - a;
                                int col = 3 - 2 * u - b;
                                int to = ((((2 * a + b) * outputs + f) * channels + c) * 2 + t) * 2;
                                phase[to + u] = w[((c * outputs + f) * 4 + row) * 4 + col];
                            }
                        }
                    }
                }
            }
        }
        return transposedWeight.getManager().create(phase, new Shape(4L * outputs, channels, 2, 2));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        Shape in = inputs.singletonOrThrow().getShape();
        long n = in.get(0);
        long h = in.get(2);
        long w = in.get(3);
        // (N, 4F, H + 1, W + 1): every phase of every output pixel, each on its own window,
        // viewed as (N, 4, F, H + 1, W + 1) so that a phase is an index, not a channel range.
        // MXNet's MKL-DNN build cannot slice a channel range out of a convolution's blocked
        // output while autograd records ("could not construct a sub-memory", or a SIGFPE in
        // libmxnet when F is 8); the reshape hands it a plain array. On PyTorch it is a view.
        NDArray all =
                phases.forward(parameterStore, inputs, training, params)
                        .singletonOrThrow()
                        .reshape(n, 4, filters, h + 1, w + 1);
        NDArray[] rows = new NDArray[2];
        for (int a = 0; a < 2; a++) {
            NDArray[] phase = new NDArray[2];
            for (int b = 0; b < 2; b++) {
                phase[b] =
                        all.get(
                                new NDIndex(
                                        ":, {}, :, {}:{}, {}:{}", 2 * a + b, a, a + h, b, b + w));
            }
            rows[a] = NDArrays.stack(new NDList(phase), 4); // (N, F, H, W, 2): columns 2n + b
        }
        NDArray interleaved =
                NDArrays.stack(new NDList(rows), 3) // (N, F, H, 2, W, 2): rows 2m + a
                        .reshape(n, filters, 2 * h, 2 * w);
        NDArray shift =
                ForwardScope.own(
                        interleaved.getManager(),
                        parameterStore
                                .getValue(bias, interleaved.getDevice(), training)
                                .reshape(1, filters, 1, 1));
        return new NDList(interleaved.add(shift));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, 2 * in.get(2), 2 * in.get(3))};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        phases.initialize(manager, dataType, inputShapes);
    }

    private static void checkInputShapes(Shape[] shapes) {
        if (shapes.length != 1 || shapes[0].dimension() != 4) {
            throw new IllegalArgumentException(
                    "TransposedConv2d expects one input of shape (N, C, H, W); got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link TransposedConv2d}. */
    public static final class Builder {

        private int filters;

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
         * Builds the block.
         *
         * @return a new, uninitialised {@link TransposedConv2d}
         * @throws IllegalArgumentException if the filters were not set or are not positive
         */
        public TransposedConv2d build() {
            if (filters <= 0) {
                throw new IllegalArgumentException(
                        "TransposedConv2d: setFilters is required and must be positive, got "
                                + filters);
            }
            return new TransposedConv2d(this);
        }
    }
}
