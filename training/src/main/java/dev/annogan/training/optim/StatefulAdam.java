package dev.annogan.training.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam whose whole state (per-parameter step counts, moments and a learning-rate scale) can be
 * saved and restored, so a run resumed from a checkpoint takes exactly the steps it would have
 * taken without the interruption.
 *
 * <p>For the gradient {@code g = clip(rescaleGrad * grad, clipGrad) + weightDecay * w}, prepared as
 * DJL's {@link ai.djl.training.optimizer.Adam} prepares it, each update at step {@code t} applies
 * the bias-corrected rule of Kingma and Ba (2015), as {@code torch.optim.Adam} does:
 *
 * <pre>
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * w -= lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
 * </pre>
 *
 * <p>where {@code lr} is the tracker's value times {@link #setLearningRateScale(float) the scale}.
 * DJL's {@code Adam} keeps its moments in private maps and DJL's {@code Model.save} writes
 * parameters only; {@link #saveState(Block, DataOutputStream)} and {@link #loadState(Block,
 * NDManager, DataInputStream)} carry what a checkpoint needs besides the parameters.
 *
 * <p>The update runs as eleven in-place tensor operations per parameter where DJL's runs about
 * thirteen, and it zeroes the weight's gradient afterwards as DJL's optimizers do on PyTorch (whose
 * gradients otherwise accumulate). Call {@link #update} outside gradient collection, as {@link
 * ai.djl.training.Trainer#step()} does.
 */
public class StatefulAdam extends Optimizer implements AutoCloseable {

    private final ParameterTracker learningRateTracker;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final int beginNumUpdate;

    private final Map<String, Map<Device, AdamMoments>> moments = new ConcurrentHashMap<>();
    // State read by loadState, copied to each device on that device's first update.
    private final Map<String, AdamMoments> restored = new ConcurrentHashMap<>();
    private NDManager stateManager;
    private boolean closed;
    private volatile float learningRateScale = 1f;

    /**
     * Creates an optimizer from its builder.
     *
     * @param builder the builder holding the hyper-parameters
     */
    protected StatefulAdam(Builder builder) {
        super(builder);
        learningRateTracker = builder.learningRateTracker;
        beta1 = builder.beta1;
        beta2 = builder.beta2;
        epsilon = builder.epsilon;
        beginNumUpdate = builder.beginNumUpdate;
    }

    /**
     * Returns a builder with DJL's Adam defaults: learning rate 0.001, beta1 0.9, beta2 0.999,
     * epsilon 1e-8.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Updates {@code weight} in place by one Adam step on {@code grad} and zeroes the weight's own
     * gradient.
     *
     * <p>DJL's parameter server calls this once per device copy of a parameter; each device keeps
     * its own copy of the state, so every copy takes the same step.
     *
     * @param parameterId the parameter's id, the key of its state
     * @param weight the parameter's values, updated in place
     * @param grad the parameter's gradient, left unchanged
     * @throws IllegalStateException if the learning rate or weight decay is not finite, or if
     *     restored state does not fit the weight's shape
     */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        AdamMoments state = momentsFor(parameterId, weight);
        int t = state.step() + 1;
        float learningRate = learningRateTracker.getNewValue(parameterId, t) * learningRateScale;
        float weightDecay = getWeightDecay();
        if (!Float.isFinite(learningRate) || !Float.isFinite(weightDecay)) {
            throw new IllegalStateException(
                    parameterId
                            + ": learning rate "
                            + learningRate
                            + " or weight decay "
                            + weightDecay
                            + " is not finite");
        }
        // The state holds plain sums (m / (1 - beta1), v / (1 - beta2)), which saves a kernel
        // per moment; their factors and both bias corrections fold into the two scalars below.
        double firstScale = (1.0 - beta1) / (1.0 - Math.pow(beta1, t));
        double secondScale = Math.sqrt((1.0 - beta2) / (1.0 - Math.pow(beta2, t)));
        float stepSize = (float) (learningRate * firstScale / secondScale);
        float scaledEpsilon = (float) (epsilon / secondScale);

        NDArray g = preparedGradient(weight, grad);
        try {
            state.gradientSum().muli(beta1).addi(g);
            try (NDArray square = g.square()) {
                state.squareSum().muli(beta2).addi(square);
            }
        } finally {
            if (g != grad) {
                g.close();
            }
        }
        try (NDArray denominator = state.squareSum().sqrt()) {
            denominator.addi(scaledEpsilon).divi(stepSize);
            try (NDArray delta = state.gradientSum().div(denominator)) {
                weight.subi(delta);
            }
        }
        state.setStep(t);
        zeroGradient(weight);
    }

    /**
     * Sets the factor applied to the tracker's learning rate from the next update on.
     *
     * <p>A training loop lowers it to calm a run that diverged and was restored; it is saved with
     * the state.
     *
     * @param scale a positive, finite factor; 1 leaves the tracker's rate unchanged
     * @throws IllegalArgumentException if {@code scale} is not positive and finite
     */
    public void setLearningRateScale(float scale) {
        if (!(scale > 0f) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("learning rate scale must be positive: " + scale);
        }
        learningRateScale = scale;
    }

    /**
     * Returns the factor applied to the tracker's learning rate.
     *
     * @return the learning-rate scale, 1 unless changed
     */
    public float getLearningRateScale() {
        return learningRateScale;
    }

    /**
     * Returns how many updates the parameter has taken, counting restored ones.
     *
     * @param parameterId the parameter's id
     * @return the parameter's step count, 0 if it has no state
     */
    public int getStep(String parameterId) {
        AdamMoments state = stateToSave(parameterId);
        return state == null ? 0 : state.step();
    }

    /**
     * Writes the learning-rate scale and, for every parameter of {@code block} with state, its step
     * count and moments, keyed by the parameter's structural name.
     *
     * <p>DJL gives each {@link Parameter} a random id, which is what {@link #update} sees; the
     * names from {@link Block#getParameters()} are the same in every instance of an architecture,
     * so the state can be loaded into a freshly built model.
     *
     * @param block the block whose parameters this optimizer updates
     * @param out the stream to write to; left open
     * @throws IOException if writing fails
     */
    public synchronized void saveState(Block block, DataOutputStream out) throws IOException {
        checkOpen();
        Map<String, AdamMoments> states = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            AdamMoments state = stateToSave(parameter.getValue().getId());
            if (state != null) {
                states.put(parameter.getKey(), state);
            }
        }
        AdamStateFormat.write(out, beta1, beta2, learningRateScale, states);
    }

    /**
     * Replaces this optimizer's state with one written by {@link #saveState(Block,
     * DataOutputStream)} for a block of the same architecture.
     *
     * <p>Moments are kept as Adam's averages across a change of beta1 or beta2. Nothing changes if
     * reading fails.
     *
     * @param block the block whose parameters this optimizer updates
     * @param manager the manager to hold the state under if this optimizer holds none yet, normally
     *     the model's; the restored arrays land on its device and move to each weight's device on
     *     its first update
     * @param in the stream to read from; left open
     * @throws IOException if the stream is not a saved state, names a parameter {@code block} does
     *     not have or of another shape, or reading fails
     */
    public synchronized void loadState(Block block, NDManager manager, DataInputStream in)
            throws IOException {
        checkOpen();
        AdamStateFormat.Contents contents =
                AdamStateFormat.read(in, stateManager(manager), beta1, beta2);
        Map<String, AdamMoments> byId;
        try {
            byId = keyById(block, contents.states());
        } catch (IOException e) {
            contents.states().values().forEach(AdamMoments::close);
            throw e;
        }
        clearState();
        restored.putAll(byId);
        learningRateScale = contents.learningRateScale();
    }

    /** Releases every state array; the optimizer cannot be used afterwards. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            clearState();
            if (stateManager != null) {
                stateManager.close();
            }
        }
    }

    private static Map<String, AdamMoments> keyById(Block block, Map<String, AdamMoments> byName)
            throws IOException {
        ParameterList parameters = block.getParameters();
        Map<String, AdamMoments> byId = new HashMap<>();
        for (Map.Entry<String, AdamMoments> entry : byName.entrySet()) {
            String name = entry.getKey();
            if (!parameters.contains(name)) {
                throw new IOException(
                        "optimizer state names parameter '"
                                + name
                                + "', which the block does not have");
            }
            Parameter parameter = parameters.get(name);
            Shape saved = entry.getValue().gradientSum().getShape();
            if (parameter.isInitialized() && !parameter.getArray().getShape().equals(saved)) {
                throw new IOException(
                        "optimizer state for parameter '"
                                + name
                                + "' has shape "
                                + saved
                                + " but the parameter has shape "
                                + parameter.getArray().getShape());
            }
            byId.put(parameter.getId(), entry.getValue());
        }
        return byId;
    }

    private AdamMoments momentsFor(String parameterId, NDArray weight) {
        Device device = weight.getDevice();
        Map<Device, AdamMoments> perDevice = moments.get(parameterId);
        AdamMoments existing = perDevice == null ? null : perDevice.get(device);
        if (existing != null) {
            // A second visit means every device has already taken its copy.
            AdamMoments template = restored.remove(parameterId);
            if (template != null) {
                template.close();
            }
            return existing;
        }
        return createMoments(parameterId, weight);
    }

    private synchronized AdamMoments createMoments(String parameterId, NDArray weight) {
        checkOpen();
        NDManager manager = stateManager(weight.getManager());
        AdamMoments template = restored.get(parameterId);
        AdamMoments created;
        if (template == null) {
            created = AdamMoments.zeros(weight, beginNumUpdate, manager);
        } else {
            if (!template.gradientSum().getShape().equals(weight.getShape())) {
                throw new IllegalStateException(
                        parameterId
                                + ": restored optimizer state has shape "
                                + template.gradientSum().getShape()
                                + " but the weight has shape "
                                + weight.getShape());
            }
            created = template.copyTo(weight.getDevice(), manager);
        }
        moments.computeIfAbsent(parameterId, k -> new ConcurrentHashMap<>())
                .put(weight.getDevice(), created);
        return created;
    }

    private synchronized NDManager stateManager(NDManager parent) {
        // A sub-manager of the model's manager outlives every batch and closes with the model.
        if (stateManager == null) {
            stateManager = parent.newSubManager();
        }
        return stateManager;
    }

    private AdamMoments stateToSave(String parameterId) {
        // Device copies take identical steps; the most advanced one is the truth.
        AdamMoments best = null;
        Map<Device, AdamMoments> perDevice = moments.get(parameterId);
        if (perDevice != null) {
            for (AdamMoments candidate : perDevice.values()) {
                if (best == null || candidate.step() > best.step()) {
                    best = candidate;
                }
            }
        }
        return best != null ? best : restored.get(parameterId);
    }

    private NDArray preparedGradient(NDArray weight, NDArray grad) {
        NDArray g = grad;
        if (rescaleGrad != 1f) {
            g = g.mul(rescaleGrad);
        }
        if (clipGrad >= 0f) {
            NDArray clipped = g.clip(-clipGrad, clipGrad);
            if (g != grad) {
                g.close();
            }
            g = clipped;
        }
        float weightDecay = getWeightDecay();
        if (weightDecay != 0f) {
            try (NDArray decay = weight.mul(weightDecay)) {
                g = g == grad ? g.add(decay) : g.addi(decay);
            }
        }
        return g;
    }

    private static void zeroGradient(NDArray weight) {
        if (weight.hasGradient()) {
            // The indexer behind set() makes its value array in the manager of the array it
            // writes to; a scope keeps that array (one per parameter per step) from piling up
            // in the model's manager.
            try (NDManager scope = weight.getManager().newSubManager()) {
                NDArray gradient = weight.getGradient();
                gradient.attach(scope);
                // Filling, unlike multiplying by zero, also clears a NaN left by a diverged step.
                gradient.set(new NDIndex("..."), 0f);
            }
        }
    }

    private void clearState() {
        List<AdamMoments> all = new ArrayList<>(restored.values());
        moments.values().forEach(perDevice -> all.addAll(perDevice.values()));
        all.forEach(AdamMoments::close);
        moments.clear();
        restored.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("StatefulAdam is closed");
        }
    }

    /** The builder of {@link StatefulAdam}, with the options of DJL's Adam builder. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private ParameterTracker learningRateTracker = Tracker.fixed(0.001f);
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;
        private int beginNumUpdate;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the tracker that gives the learning rate for each parameter and step.
         *
         * @param learningRateTracker the tracker
         * @return this builder
         */
        public Builder optLearningRateTracker(ParameterTracker learningRateTracker) {
            this.learningRateTracker = learningRateTracker;
            return this;
        }

        /**
         * Sets a fixed learning rate.
         *
         * @param learningRate the learning rate
         * @return this builder
         */
        public Builder optLearningRate(float learningRate) {
            return optLearningRateTracker(Tracker.fixed(learningRate));
        }

        /**
         * Sets the decay rate of the first-moment (mean) estimate.
         *
         * @param beta1 the decay rate, in [0, 1)
         * @return this builder
         */
        public Builder optBeta1(float beta1) {
            this.beta1 = beta1;
            return this;
        }

        /**
         * Sets the decay rate of the second-moment (uncentred variance) estimate.
         *
         * @param beta2 the decay rate, in [0, 1)
         * @return this builder
         */
        public Builder optBeta2(float beta2) {
            this.beta2 = beta2;
            return this;
        }

        /**
         * Sets the small term added to the denominator for numerical stability.
         *
         * @param epsilon the term, positive
         * @return this builder
         */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Sets the step count a parameter starts from; its first update is step {@code
         * beginNumUpdate + 1}.
         *
         * @param beginNumUpdate the initial step count
         * @return this builder
         */
        @Override
        public Builder optBeginNumUpdate(int beginNumUpdate) {
            // Optimizer keeps its copy private; the bias correction needs it here.
            this.beginNumUpdate = beginNumUpdate;
            return super.optBeginNumUpdate(beginNumUpdate);
        }

        /**
         * Builds the optimizer after checking the hyper-parameters.
         *
         * @return a new optimizer with empty state
         * @throws IllegalArgumentException if a hyper-parameter is out of range
         */
        public StatefulAdam build() {
            validate();
            return new StatefulAdam(this);
        }

        private void validate() {
            if (learningRateTracker == null) {
                throw new IllegalArgumentException("learning rate tracker is required");
            }
            if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
                throw new IllegalArgumentException(
                        "betas must lie in [0, 1): beta1=" + beta1 + ", beta2=" + beta2);
            }
            if (!(epsilon > 0f)) {
                throw new IllegalArgumentException("epsilon must be positive: " + epsilon);
            }
            if (beginNumUpdate < 0) {
                throw new IllegalArgumentException(
                        "beginNumUpdate must not be negative: " + beginNumUpdate);
            }
        }
    }
}
