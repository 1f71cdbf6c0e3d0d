package dev.annogan.core.nn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Batch normalisation over axis 1 (the channels) of an {@code (N, C)} or {@code (N, C, H, W)}
 * batch: {@code y = gamma * (x - mean) / sqrt(var + eps) + beta}, with the mean and the biased
 * variance taken over every axis but the channel axis, computed by the engine's fused batch-norm
 * operator.
 *
 * <p>It exists because DJL's {@code BatchNorm} keeps its running statistics as {@link Parameter}s
 * that merely start without gradients: once a GAN loop freezes and unfreezes the generator ({@link
 * Block#freezeParameters(boolean)}), they require gradients, and the PyTorch engine's next training
 * forward fails with "native_batch_norm is not differentiable with respect to argument
 * 'running_mean'" (checked with DJL 0.36). Here they are buffers instead, handed to the same fused
 * operator DJL's block calls.
 *
 * <p>Training forwards normalise with the batch's statistics and fold them into running estimates,
 * {@code running = momentum * running + (1 - momentum) * batch} (DJL's convention: the momentum
 * weights the old value), using the unbiased variance for the running one as PyTorch does.
 * Inference forwards normalise with the running estimates. The running estimates are buffers, as
 * {@link dev.annogan.core.nn.SpectralNorm}'s power-iteration vector is. They are saved and loaded
 * with the block's parameters, and {@link Block#getParameters()} holds only gamma and beta, so
 * every parameter receives a gradient. Updating them is not thread-safe, so one block must not run
 * training forwards on several devices at once.
 *
 * <pre>{@code
 * Block norm = ChannelBatchNorm.builder().build(); // (N, 64, 14, 14) -> (N, 64, 14, 14)
 * }</pre>
 */
public class ChannelBatchNorm extends AbstractBlock implements BufferedBlock {

    private static final byte VERSION = 1;

    private final float epsilon;
    private final float momentum;
    private final Parameter gamma;
    private final Parameter beta;
    private NDArray runningMean;
    private NDArray runningVar;

    /**
     * Creates the block the builder describes.
     *
     * @param builder a validated builder
     */
    protected ChannelBatchNorm(Builder builder) {
        super(VERSION);
        this.epsilon = builder.epsilon;
        this.momentum = builder.momentum;
        this.gamma =
                addParameter(
                        Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        this.beta =
                addParameter(
                        Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    /**
     * Creates a builder for a {@link ChannelBatchNorm}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the constant added to the variance before the square root.
     *
     * @return epsilon
     */
    public float getEpsilon() {
        return epsilon;
    }

    /**
     * Returns the weight of the old running estimate in each update.
     *
     * @return the momentum
     */
    public float getMomentum() {
        return momentum;
    }

    /**
     * Returns a copy of the running mean per channel, the one inference forwards subtract.
     *
     * @param manager the manager that owns the copy
     * @return an array of shape {@code (C)}
     * @throws IllegalStateException if the block is not initialised
     */
    public NDArray getRunningMean(NDManager manager) {
        return copy(runningMean, manager);
    }

    /**
     * Returns a copy of the running (unbiased) variance per channel, the one inference forwards
     * divide by.
     *
     * @param manager the manager that owns the copy
     * @return an array of shape {@code (C)}
     * @throws IllegalStateException if the block is not initialised
     */
    public NDArray getRunningVariance(NDManager manager) {
        return copy(runningVar, manager);
    }

    private static NDArray copy(NDArray buffer, NDManager manager) {
        if (buffer == null) {
            throw new IllegalStateException("ChannelBatchNorm: the block is not initialised");
        }
        NDArray copy = buffer.duplicate();
        copy.attach(manager);
        return copy;
    }

    /** {@inheritDoc} */
    @Override
    public PairList<String, NDArray> getBuffers() {
        PairList<String, NDArray> buffers = new PairList<>();
        if (runningMean != null) {
            buffers.add("runningMean", runningMean);
            buffers.add("runningVar", runningVar);
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
        checkInputShapes(inputs.getShapes());
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray scale = parameterStore.getValue(gamma, device, training);
        NDArray shift = parameterStore.getValue(beta, device, training);
        // The engine's fused operator (one native call, one node in the autograd graph) in place of
        // the dozen element-wise ops of the definition. Handed plain buffers instead of DJL's
        // parameters, it updates them in place in training forwards and never asks for their
        // gradient. Its momentum is DJL's: the weight of the old estimate.
        NDArray mean = runningMean.toDevice(device, false);
        NDArray variance = runningVar.toDevice(device, false);
        NDList out =
                x.getNDArrayInternal()
                        .batchNorm(x, mean, variance, scale, shift, 1, momentum, epsilon, training);
        if (training && mean != runningMean) {
            // The buffers live on another device: the operator updated copies.
            mean.copyTo(runningMean);
            variance.copyTo(runningVar);
        }
        return new NDList(out.head());
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        Shape channels = new Shape(inputShapes[0].get(1));
        gamma.setShape(channels);
        beta.setShape(channels);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        // No children: this hook runs once the parameters exist, the moment to create buffers.
        Shape channels = new Shape(inputShapes[0].get(1));
        closeBuffers();
        runningMean = manager.zeros(channels, dataType);
        runningVar = manager.ones(channels, dataType);
    }

    private void closeBuffers() {
        if (runningMean != null) {
            runningMean.close();
        }
        if (runningVar != null) {
            runningVar.close();
        }
    }

    /** {@inheritDoc} */
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        super.saveParameters(os);
        writeBuffer(os, runningMean);
        writeBuffer(os, runningVar);
    }

    private static void writeBuffer(DataOutputStream os, NDArray buffer) throws IOException {
        byte[] encoded = buffer.encode();
        os.writeInt(encoded.length);
        os.write(encoded);
    }

    /** {@inheritDoc} */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is)
            throws IOException, MalformedModelException {
        super.loadParameters(manager, is);
        NDArray mean = readBuffer(manager, is, "running mean");
        NDArray var = readBuffer(manager, is, "running variance");
        closeBuffers();
        runningMean = mean;
        runningVar = var;
    }

    private static NDArray readBuffer(NDManager manager, DataInputStream is, String what)
            throws IOException, MalformedModelException {
        int length = is.readInt();
        if (length <= 0) {
            throw new MalformedModelException(
                    "ChannelBatchNorm: stored " + what + " has length " + length);
        }
        byte[] encoded = new byte[length];
        is.readFully(encoded);
        return manager.decode(encoded);
    }

    private static void checkInputShapes(Shape[] shapes) {
        if (shapes.length != 1 || shapes[0].dimension() < 2 || shapes[0].get(1) <= 0) {
            throw new IllegalArgumentException(
                    "ChannelBatchNorm expects one input of shape (N, C, ...); got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link ChannelBatchNorm}. */
    public static final class Builder {

        private float epsilon = 1e-5f;
        private float momentum = 0.9f;

        Builder() {}

        /**
         * Sets the constant added to the variance before the square root; 1e-5 by default.
         *
         * @param epsilon a positive constant
         * @return this builder
         */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Sets the weight of the old running estimate in each update; 0.9 by default, as in DJL's
         * {@code BatchNorm} (PyTorch's {@code momentum=0.1}).
         *
         * @param momentum the weight, in {@code [0, 1)}
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return a new, uninitialised {@link ChannelBatchNorm}
         * @throws IllegalArgumentException if epsilon is not positive or the momentum is outside
         *     {@code [0, 1)}
         */
        public ChannelBatchNorm build() {
            if (!(epsilon > 0f)) {
                throw new IllegalArgumentException(
                        "ChannelBatchNorm: epsilon must be positive, got " + epsilon);
            }
            if (!(momentum >= 0f && momentum < 1f)) {
                throw new IllegalArgumentException(
                        "ChannelBatchNorm: momentum must be in [0, 1), got " + momentum);
            }
            return new ChannelBatchNorm(this);
        }
    }
}
