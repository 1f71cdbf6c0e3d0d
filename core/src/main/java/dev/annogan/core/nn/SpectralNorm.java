package dev.annogan.core.nn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Spectral normalisation (Miyato et al., 2018) of a {@link Linear} or convolutional layer: the
 * layer computes with {@code W / sigma(W)}, where {@code sigma(W)} estimates the largest singular
 * value of {@code W} reshaped to {@code (outChannels, -1)}, so the layer is (about) 1-Lipschitz.
 *
 * <p>The wrapped layer stays a child block and its weight and bias stay the trained parameters.
 * This block reads them and calls DJL's functional operator ({@link Linear#linear}, {@link
 * Conv2d#conv2d} and so on, with the layer's stride, padding, dilation and groups) on the
 * normalised weight, because a DJL layer always reads its own weight parameter.
 *
 * <p>{@code sigma} comes from power iteration on a persistent vector {@code u} of length {@code
 * outChannels}: each training forward runs {@code v = normalise(W^T u)}, {@code u = normalise(W v)}
 * the configured number of times, stores {@code u}, and uses {@code sigma = u^T W v}. Gradients
 * flow through {@code sigma} to {@code W} with {@code u} and {@code v} held constant, as in the
 * paper. Inference forwards use the stored {@code u} without updating it.
 *
 * <p>{@code u} is a buffer, not a {@link Parameter}: {@link Block#freezeParameters(boolean)
 * unfreezing} a model would otherwise switch on its gradient and hand it to the optimizer. It is
 * still saved and loaded with the block's parameters. Updating it is not thread-safe, so one block
 * must not run training forwards on several devices at once.
 *
 * <pre>{@code
 * Block conv = SpectralNorm.wrap(
 *         Conv2d.builder().setKernelShape(new Shape(4, 4)).setFilters(64)
 *                 .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).build());
 * Block head = SpectralNorm.builder()
 *         .setBlock(Linear.builder().setUnits(1).build())
 *         .optPowerIterations(2)
 *         .build();
 * }</pre>
 */
public class SpectralNorm extends AbstractBlock implements BufferedBlock {

    private static final byte VERSION = 1;
    private static final float EPSILON = 1e-12f;

    private final Block wrapped;
    private final Parameter weight;
    private final Parameter bias;
    private final int powerIterations;
    private NDArray u;

    /**
     * Creates the block the builder describes.
     *
     * @param builder a validated builder
     */
    protected SpectralNorm(Builder builder) {
        super(VERSION);
        this.wrapped = addChildBlock("wrapped", builder.block);
        this.weight = builder.block.getParameters().get("weight");
        this.bias = builder.block.getParameters().get("bias");
        this.powerIterations = builder.powerIterations;
    }

    /**
     * Creates a builder for a {@link SpectralNorm}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Wraps a layer with one power iteration per training forward, the paper's setting.
     *
     * @param block a {@link Linear}, {@link Conv1d}, {@link Conv2d} or {@link Conv3d}
     * @return the spectrally normalised layer
     * @throws IllegalArgumentException if the block is of another kind
     */
    public static SpectralNorm wrap(Block block) {
        return builder().setBlock(block).build();
    }

    /**
     * Wraps a layer when asked to, and otherwise returns it unchanged; for builders with an {@code
     * optSpectralNorm} switch.
     *
     * @param enabled whether to wrap
     * @param block the layer
     * @return {@code wrap(block)} if enabled, else {@code block}
     */
    public static Block wrapIf(boolean enabled, Block block) {
        return enabled ? wrap(block) : block;
    }

    /**
     * Returns the wrapped layer, whose weight and bias are the trained parameters.
     *
     * @return the wrapped block
     */
    public Block getWrappedBlock() {
        return wrapped;
    }

    /**
     * Returns the number of power-iteration steps each training forward runs.
     *
     * @return the steps per training forward
     */
    public int getPowerIterations() {
        return powerIterations;
    }

    /**
     * Returns the current estimate of the weight's largest singular value: {@code u^T W v} with the
     * stored {@code u} and {@code v = normalise(W^T u)}, the value an inference forward divides by.
     * Nothing is updated. Useful to monitor training.
     *
     * @return the estimate of sigma
     * @throws IllegalStateException if the block is not initialised
     */
    public float getSigmaEstimate() {
        if (u == null) {
            throw new IllegalStateException("SpectralNorm: the block is not initialised");
        }
        NDArray w = weight.getArray();
        try (NDManager scope = w.getManager().newSubManager()) {
            // Copies attached to a scope, so that the temporaries die with it.
            NDArray weightCopy = w.duplicate();
            weightCopy.attach(scope);
            NDArray uCopy = u.duplicate();
            uCopy.attach(scope);
            NDArray matrix = weightMatrix(weightCopy).stopGradient();
            NDArray uRow = uCopy.toDevice(matrix.getDevice(), false).reshape(1, -1);
            NDArray vRow = normalise(uRow.matMul(matrix));
            return uRow.matMul(matrix).mul(vRow).sum().toType(DataType.FLOAT32, false).getFloat();
        }
    }

    /** {@inheritDoc} */
    @Override
    public PairList<String, NDArray> getBuffers() {
        PairList<String, NDArray> buffers = new PairList<>();
        if (u != null) {
            buffers.add("u", u);
        }
        return buffers;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray w = parameterStore.getValue(weight, device, training);
        NDArray b = bias == null ? null : parameterStore.getValue(bias, device, training);
        return apply(input, normalisedWeight(w, training, input.getManager()), b);
    }

    /**
     * Returns {@code w / sigma(w)}, running power iteration and storing {@code u} if training.
     *
     * <p>The weight and {@code u} live in the model's manager, so the arrays made from them (the
     * weight's matrix view, the power-iteration vectors, the normalised weight) are moved into
     * {@code scope} as soon as they exist ({@link ForwardScope}): left in the model's manager,
     * every forward's arrays would pile up for the whole run.
     *
     * @param w the layer's weight, on the input's device
     * @param training whether this is a training forward
     * @param scope the manager of the forward's input
     * @return the normalised weight, differentiable with respect to {@code w}, owned by {@code
     *     scope}
     */
    private NDArray normalisedWeight(NDArray w, boolean training, NDManager scope) {
        NDArray matrix = ForwardScope.own(scope, weightMatrix(w));
        NDArray constant = matrix.stopGradient();
        // A copy, so that the graph never holds the buffer itself: the buffer changes in place at
        // the next training forward, which may come before this forward's backward pass.
        NDArray uRow =
                ForwardScope.own(scope, u.duplicate())
                        .toDevice(w.getDevice(), false)
                        .reshape(1, -1);
        NDArray vRow = null;
        int steps = training ? powerIterations : 0;
        for (int i = 0; i < steps; i++) {
            vRow = normalise(uRow.matMul(constant));
            uRow = normalise(vRow.matMul(constant.transpose()));
        }
        if (vRow == null) {
            vRow = normalise(uRow.matMul(constant));
        }
        if (steps > 0) {
            u.set(new NDIndex(":"), uRow.reshape(-1).toDevice(u.getDevice(), false));
        }
        NDArray sigma = uRow.matMul(matrix).mul(vRow).sum();
        return ForwardScope.own(scope, w.div(sigma));
    }

    private NDList apply(NDArray input, NDArray w, NDArray b) {
        if (wrapped instanceof Linear) {
            return Linear.linear(input, w, b);
        }
        Convolution conv = (Convolution) wrapped;
        switch (conv.getKernelShape().dimension()) {
            case 1:
                return Conv1d.conv1d(
                        input,
                        w,
                        b,
                        conv.getStride(),
                        conv.getPadding(),
                        conv.getDilation(),
                        conv.getGroups());
            case 2:
                return Conv2d.conv2d(
                        input,
                        w,
                        b,
                        conv.getStride(),
                        conv.getPadding(),
                        conv.getDilation(),
                        conv.getGroups());
            case 3:
                return Conv3d.conv3d(
                        input,
                        w,
                        b,
                        conv.getStride(),
                        conv.getPadding(),
                        conv.getDilation(),
                        conv.getGroups());
            default:
                throw new IllegalStateException(
                        "SpectralNorm: unsupported kernel " + conv.getKernelShape());
        }
    }

    private static NDArray weightMatrix(NDArray w) {
        return w.reshape(w.getShape().get(0), -1);
    }

    private static NDArray normalise(NDArray row) {
        return row.div(row.square().sum().sqrt().maximum(EPSILON));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return wrapped.getOutputShapes(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        wrapped.initialize(manager, dataType, inputShapes);
        long outChannels = weight.getArray().getShape().get(0);
        if (u != null) {
            u.close();
        }
        NDArray start = manager.randomNormal(0f, 1f, new Shape(outChannels), dataType);
        u = normalise(start);
        start.close();
    }

    /** {@inheritDoc} */
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        super.saveParameters(os);
        byte[] encoded = u.encode();
        os.writeInt(encoded.length);
        os.write(encoded);
    }

    /** {@inheritDoc} */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is)
            throws IOException, MalformedModelException {
        super.loadParameters(manager, is);
        int length = is.readInt();
        if (length <= 0) {
            throw new MalformedModelException(
                    "SpectralNorm: stored power-iteration vector has length " + length);
        }
        byte[] encoded = new byte[length];
        is.readFully(encoded);
        if (u != null) {
            u.close();
        }
        u = manager.decode(encoded);
    }

    /** The builder for a {@link SpectralNorm}. */
    public static final class Builder {

        private Block block;
        private int powerIterations = 1;

        Builder() {}

        /**
         * Sets the layer to normalise. Required.
         *
         * @param block a {@link Linear}, {@link Conv1d}, {@link Conv2d} or {@link Conv3d}
         * @return this builder
         */
        public Builder setBlock(Block block) {
            this.block = block;
            return this;
        }

        /**
         * Sets the power-iteration steps per training forward; 1 by default, as in the paper, where
         * the estimate improves across training steps because the weight changes slowly.
         *
         * @param powerIterations the steps, at least 1
         * @return this builder
         */
        public Builder optPowerIterations(int powerIterations) {
            this.powerIterations = powerIterations;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return a new, uninitialised {@link SpectralNorm}
         * @throws IllegalArgumentException if no supported layer was set or the steps are below 1
         */
        public SpectralNorm build() {
            if (!(block instanceof Linear || block instanceof Convolution)) {
                throw new IllegalArgumentException(
                        "SpectralNorm: setBlock needs a Linear or a Conv1d/Conv2d/Conv3d, got "
                                + (block == null ? "nothing" : block.getClass().getName()));
            }
            if (powerIterations < 1) {
                throw new IllegalArgumentException(
                        "SpectralNorm: power iterations must be at least 1, got "
                                + powerIterations);
            }
            return new SpectralNorm(this);
        }
    }
}
