package dev.annogan.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exponential moving average of a network's weights: the steadier network GAN evaluation uses
 * (Yazıcı et al. 2019) and the mean teacher of semi-supervised training (Tarvainen and Valpola
 * 2017), whose predictions on unlabelled images the trained network, the student, learns from.
 *
 * <p>After the update of step {@code t} (counted from 0) the average is {@code avg = d_t avg + (1 -
 * d_t) w} with {@code d_t = min(decay, (1 + t) / (10 + t))}: the first updates weigh the new
 * weights heavily, so the average leaves the random start within a few dozen steps rather than the
 * {@code 1 / (1 - decay)} a fixed decay needs (TensorFlow's {@code ExponentialMovingAverage} with
 * {@code num_updates} ramps the same way). It starts as a copy of the weights at {@link #reset()},
 * which the trainer calls once the networks are initialised, and again whenever a runner changes
 * the weights before the first step.
 *
 * <p>Three uses: {@link #forward} runs the network with the averaged weights (the teacher's
 * prediction, with no gradient, callable inside a gradient collector); {@link #swapIn} and {@link
 * #swapOut} put them into the network and back, for validation and export; {@link #arrays} are what
 * checkpoints save and restore. Batch-norm statistics and other buffers are the network's own: only
 * parameters are averaged.
 */
final class EmaWeights implements AutoCloseable {

    private final Block block;
    private final NDManager manager;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> average = new ArrayList<>();
    private final List<NDArray> backup = new ArrayList<>();
    private final Map<Parameter, NDArray> byParameter = new IdentityHashMap<>();
    private final float decay;
    private boolean swapped;

    /**
     * Starts the average at the block's current weights.
     *
     * @param block an initialised block
     * @param parent the manager the averaged arrays live under (the model's)
     * @param decay the largest decay, in {@code (0, 1)}
     */
    EmaWeights(Block block, NDManager parent, float decay) {
        this.block = block;
        this.manager = parent.newSubManager();
        this.decay = decay;
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            parameters.add(parameter);
            NDArray copy = parameter.getArray().duplicate();
            copy.attach(manager);
            average.add(copy);
            byParameter.put(parameter, copy);
        }
    }

    /**
     * Returns the decay of the update after step {@code step}: {@code min(decay, (1+t)/(10+t))}.
     */
    float decayAt(long step) {
        return Math.min(decay, (1f + step) / (10f + step));
    }

    /**
     * Folds the current weights into the average: {@code avg = d avg + (1 - d) w} with {@code d =}
     * {@link #decayAt decayAt(step)}.
     *
     * @param step the number of updates made before this one
     */
    void update(long step) {
        float d = decayAt(step);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            try (NDArray scaled = weight.mul(1 - d)) {
                average.get(i).muli(d).addi(scaled);
            }
        }
    }

    /** Restarts the average at the network's current weights. */
    void reset() {
        if (swapped) {
            throw new IllegalStateException("EMA: reset while the averaged weights are swapped in");
        }
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).getArray().copyTo(average.get(i));
        }
    }

    /**
     * Runs the network on {@code inputs} with the averaged weights, in inference mode (no dropout,
     * no training noise, batch norm from its running statistics). Nothing is recorded for a
     * gradient even inside a collector: the averaged arrays require none. The outputs belong to the
     * inputs' manager.
     *
     * @param inputs the network's inputs
     * @return its outputs
     */
    NDList forward(NDList inputs) {
        return block.forward(new AveragedStore(inputs.head().getManager()), inputs, false);
    }

    /** Puts the averaged weights into the network, keeping the trained ones aside. */
    void swapIn() {
        if (swapped) {
            return;
        }
        backup.clear();
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            NDArray kept = weight.duplicate();
            kept.attach(manager);
            backup.add(kept);
            average.get(i).copyTo(weight);
        }
        swapped = true;
    }

    /** Restores the trained weights after {@link #swapIn()}. */
    void swapOut() {
        if (!swapped) {
            return;
        }
        for (int i = 0; i < parameters.size(); i++) {
            backup.get(i).copyTo(parameters.get(i).getArray());
            backup.get(i).close();
        }
        backup.clear();
        swapped = false;
    }

    /** Returns the averaged arrays, in parameter order (for checkpoints). */
    List<NDArray> arrays() {
        return average;
    }

    /** Returns the network whose weights are averaged. */
    Block block() {
        return block;
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * Hands the network its averaged arrays in place of its parameters' own; a copy made for
     * another device belongs to the forward's {@code scope}.
     */
    private final class AveragedStore extends ParameterStore {
        private final NDManager scope;

        AveragedStore(NDManager scope) {
            super(scope, false);
            this.scope = scope;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            if (parameter == null) {
                // DJL's layers without a bias ask for a null parameter and expect null back.
                return null;
            }
            NDArray averaged = byParameter.get(parameter);
            if (averaged == null) {
                return parameter.getArray();
            }
            if (averaged.getDevice().equals(device)) {
                return averaged;
            }
            NDArray copy = averaged.toDevice(device, true);
            copy.attach(scope);
            return copy;
        }
    }
}
