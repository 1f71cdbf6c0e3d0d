package dev.annogan.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a network's weights (Yazıcı et al. 2019): evaluation with the
 * average is steadier than with the last iterate of a GAN's oscillating G.
 */
final class EmaWeights implements AutoCloseable {

    private final NDManager manager;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> average = new ArrayList<>();
    private final List<NDArray> backup = new ArrayList<>();
    private final float decay;
    private boolean swapped;

    EmaWeights(Block block, NDManager parent, float decay) {
        this.manager = parent.newSubManager();
        this.decay = decay;
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            parameters.add(parameter);
            NDArray copy = parameter.getArray().duplicate();
            copy.attach(manager);
            average.add(copy);
        }
    }

    /** Folds the current weights into the average: {@code avg = d·avg + (1-d)·w}. */
    void update() {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            try (NDArray scaled = weight.mul(1 - decay)) {
                average.get(i).muli(decay).addi(scaled);
            }
        }
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

    @Override
    public void close() {
        manager.close();
    }
}
