package dev.annogan.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam whose whole state (per-parameter step counts, moments and a learning-rate scale) can be
 * saved and restored, so a run resumed from a checkpoint takes exactly the steps it would have
 * taken without the interruption.
 *
 * <p>For the gradient {@code g = clip(rescaleGrad * grad, -clipGrad, clipGrad) + weightDecay * w},
 * prepared as DJL's {@link ai.djl.training.optimizer.Adam} prepares it (except that DJL's PyTorch
 * kernel clips from above only), each update at step {@code t} applies the bias-corrected rule of
 * Kingma and Ba (2015), as {@code torch.optim.Adam} does:
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
 * <p>Each update is one call of the engine's fused Adam operator, the one DJL's Adam uses, fed with
 * this optimizer's own state; on PyTorch it also zeroes the weight's gradient, as DJL's optimizers
 * do (PyTorch gradients otherwise accumulate). Call {@link #update} outside gradient collection, as
 * {@link ai.djl.training.Trainer#step()} does.
 */
public class StatefulAdam extends Optimizer implements AutoCloseable {

    private final ParameterTracker learningRateTracker;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final int beginNumUpdate;

    private final AdamStates states = new AdamStates();
    private volatile float learningRateScale = 1f;
    private final Map<String, Float> parameterFactors = new ConcurrentHashMap<>();

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
     * Updates {@code weight} in place by one Adam step on {@code grad} and, on PyTorch, zeroes the
     * weight's own gradient.
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
        AdamMoments state = states.forUpdate(parameterId, weight, beginNumUpdate);
        int t = state.step() + 1;
        float learningRate =
                learningRateTracker.getNewValue(parameterId, t)
                        * learningRateScale
                        * parameterFactors.getOrDefault(parameterId, 1f);
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
        // The engine's kernel computes w -= rate * m / (sqrt(v) + eps'); folding sqrt(1 - beta2^t)
        // into rate and eps' gives torch.optim.Adam's rule, epsilon added after the correction.
        double secondCorrection = Math.sqrt(1.0 - Math.pow(beta2, t));
        float correctedRate =
                (float) (learningRate * secondCorrection / (1.0 - Math.pow(beta1, t)));
        float correctedEpsilon = (float) (epsilon * secondCorrection);

        float rescale = rescaleGrad;
        NDArray g = grad;
        if (clipGrad >= 0f) {
            // PyTorch's kernel clamps only from above, so clipping happens here, on both sides.
            try (NDArray rescaled = grad.mul(rescaleGrad)) {
                g = rescaled.clip(-clipGrad, clipGrad);
            }
            rescale = 1f;
        }
        try {
            // DJL's own Adam calls this engine op: one native call per parameter, where separate
            // NDArray ops cost a JNI round trip each (and a scalar tensor per scalar operand) and
            // measured three to five times slower on small tensors. On PyTorch the op also
            // zeroes the weight's gradient, which would otherwise accumulate into the next step.
            // It is engine-facing API: a DJL release that changes it breaks the build, not a run.
            weight.getNDArrayInternal()
                    .adamUpdate(
                            new NDList(weight, g, state.mean(), state.variance()),
                            new NDList(weight),
                            learningRate,
                            correctedRate,
                            weightDecay,
                            rescale,
                            -1f,
                            beta1,
                            beta2,
                            correctedEpsilon,
                            true,
                            false);
        } finally {
            if (g != grad) {
                g.close();
            }
        }
        state.setStep(t);
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
     * Sets a learning-rate factor of one parameter of its own, on top of the tracker and the scale:
     * a pretrained backbone fine-tunes at a tenth of the head's rate, say. Not part of the saved
     * state: whoever sets it sets it again when a run resumes.
     *
     * @param parameterId the parameter's id
     * @param factor a positive, finite factor; 1 removes it
     * @throws IllegalArgumentException if {@code factor} is not positive and finite
     */
    public void setParameterLearningRateFactor(String parameterId, float factor) {
        if (!(factor > 0f) || !Float.isFinite(factor)) {
            throw new IllegalArgumentException("learning rate factor must be positive: " + factor);
        }
        if (factor == 1f) {
            parameterFactors.remove(parameterId);
        } else {
            parameterFactors.put(parameterId, factor);
        }
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
        AdamMoments state = states.current(parameterId);
        return state == null ? 0 : state.step();
    }

    /**
     * Writes the learning-rate scale and, for every parameter of {@code block} with state, its step
     * count and moments, keyed by the parameter's structural name.
     *
     * <p>DJL gives each {@link ai.djl.nn.Parameter} a random id, which is what {@link #update}
     * sees; the names from {@link Block#getParameters()} are the same in every instance of an
     * architecture, so the state can be loaded into a freshly built model.
     *
     * @param block the block whose parameters this optimizer updates
     * @param out the stream to write to; left open
     * @throws IOException if writing fails
     */
    public void saveState(Block block, DataOutputStream out) throws IOException {
        AdamStateFormat.write(out, learningRateScale, states.byName(block));
    }

    /**
     * Replaces this optimizer's state with one written by {@link #saveState(Block,
     * DataOutputStream)} for a block of the same architecture.
     *
     * <p>Nothing changes if reading fails.
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
        AdamStateFormat.Contents contents = AdamStateFormat.read(in, states.manager(manager));
        states.restore(block, contents.states());
        learningRateScale = contents.learningRateScale();
    }

    /** Releases every state array; the optimizer cannot be used afterwards. */
    @Override
    public void close() {
        states.close();
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
