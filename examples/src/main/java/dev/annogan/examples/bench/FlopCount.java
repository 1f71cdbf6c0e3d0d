package dev.annogan.examples.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the multiply-adds of a network's convolutions, transposed convolutions and linear layers,
 * per sample, layer by layer; {@link #iteration} turns them into the floating-point operations of
 * one GAN iteration as the reference executes it. Batch norm, activations, losses and the optimizer
 * are element-wise and left out (a few percent at these sizes), so the figure is a lower bound on
 * the work done.
 */
final class FlopCount {

    private final List<Double> layers = new ArrayList<>();

    /** Adds a linear layer. */
    FlopCount linear(int in, int out) {
        layers.add((double) in * out);
        return this;
    }

    /** Adds a convolution with a k x k kernel producing {@code outSide x outSide} maps. */
    FlopCount conv(int in, int out, int kernel, int outSide) {
        layers.add((double) in * out * kernel * kernel * outSide * outSide);
        return this;
    }

    /**
     * Adds {@code depth} 4x4 stride-2 convolutions on a {@code side x side} input, from {@code in}
     * channels to {@code width, 2 width, ...}.
     */
    FlopCount downConvs(int in, int width, int depth, int side) {
        int channels = in;
        for (int level = 0; level < depth; level++) {
            int out = width << level;
            conv(channels, out, 4, side >> (level + 1));
            channels = out;
        }
        return this;
    }

    /**
     * Adds a 4x4 stride-2 transposed convolution producing {@code outSide x outSide} maps: each of
     * the {@code (outSide / 2)^2} input pixels meets all 16 kernel taps.
     */
    FlopCount transposed(int in, int out, int outSide) {
        layers.add((double) in * out * 16 * (outSide / 2) * (outSide / 2));
        return this;
    }

    /** Returns an independent copy, for two networks that share a trunk's shape. */
    FlopCount copy() {
        FlopCount copy = new FlopCount();
        copy.layers.addAll(layers);
        return copy;
    }

    /** Returns the multiply-adds of one forward pass of one sample. */
    double forward() {
        return layers.stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Returns the multiply-adds of the gradients of every layer's input but the first's. */
    private double inputGradientsAfterFirst() {
        return forward() - layers.get(0);
    }

    /**
     * Returns the FLOPs (2 per multiply-add) of one iteration, counting the passes the reference
     * runs: G forward once and backward once (weight gradients, and input gradients of every layer
     * but the first, whose input is data); D forward three times (real, detached fake, and fake in
     * G's update); D backward twice in its own update (weights, and inputs after the first layer)
     * and once in G's update (inputs of every layer, down to G's output, no weights).
     */
    static double iteration(FlopCount g, FlopCount d, int batchSize) {
        return iteration(g, d, d.forward(), batchSize);
    }

    /**
     * As {@link #iteration(FlopCount, FlopCount, int)}, for a D only part of which lies between G's
     * output and its judgement: in G's update the gradient flows back through {@code dTowardsG}
     * multiply-adds per sample, not through the layers that see only data (W2's image encoder,
     * which autograd skips: neither its weights, frozen, nor its input, the image, need a gradient
     * there).
     */
    static double iteration(FlopCount g, FlopCount d, double dTowardsG, int batchSize) {
        double generator = g.forward() + g.forward() + g.inputGradientsAfterFirst();
        double discriminator =
                3 * d.forward() + 2 * (d.forward() + d.inputGradientsAfterFirst()) + dTowardsG;
        return 2.0 * batchSize * (generator + discriminator);
    }
}
