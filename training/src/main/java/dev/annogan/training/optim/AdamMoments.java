package dev.annogan.training.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One parameter's Adam state on one device: its step count and the exponentially weighted sums of
 * its gradients and squared gradients.
 *
 * <p>The sums are {@code m / (1 - beta1)} and {@code v / (1 - beta2)} for Adam's averages {@code m}
 * and {@code v}; keeping sums lets an update skip scaling the gradient twice.
 */
final class AdamMoments implements AutoCloseable {

    private int step;
    private final NDArray gradientSum;
    private final NDArray squareSum;

    AdamMoments(int step, NDArray gradientSum, NDArray squareSum) {
        this.step = step;
        this.gradientSum = gradientSum;
        this.squareSum = squareSum;
    }

    /** Creates zero state shaped like {@code weight}, on its device, held by {@code manager}. */
    static AdamMoments zeros(NDArray weight, int step, NDManager manager) {
        NDArray gradientSum = weight.zerosLike();
        NDArray squareSum = weight.zerosLike();
        gradientSum.attach(manager);
        squareSum.attach(manager);
        return new AdamMoments(step, gradientSum, squareSum);
    }

    /** Copies this state onto {@code device}, held by {@code manager}. */
    AdamMoments copyTo(Device device, NDManager manager) {
        NDArray gradientCopy = gradientSum.toDevice(device, true);
        NDArray squareCopy = squareSum.toDevice(device, true);
        gradientCopy.attach(manager);
        squareCopy.attach(manager);
        return new AdamMoments(step, gradientCopy, squareCopy);
    }

    int step() {
        return step;
    }

    void setStep(int step) {
        this.step = step;
    }

    NDArray gradientSum() {
        return gradientSum;
    }

    NDArray squareSum() {
        return squareSum;
    }

    /** Releases both arrays. */
    @Override
    public void close() {
        gradientSum.close();
        squareSum.close();
    }
}
