package dev.annogan.training.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One parameter's Adam state on one device: its step count and the exponential moving averages of
 * its gradient ({@code m}) and squared gradient ({@code v}), which the engine updates in place.
 */
final class AdamMoments implements AutoCloseable {

    private int step;
    private final NDArray mean;
    private final NDArray variance;

    AdamMoments(int step, NDArray mean, NDArray variance) {
        this.step = step;
        this.mean = mean;
        this.variance = variance;
    }

    /** Creates zero state shaped like {@code weight}, on its device, held by {@code manager}. */
    static AdamMoments zeros(NDArray weight, int step, NDManager manager) {
        NDArray mean = weight.zerosLike();
        NDArray variance = weight.zerosLike();
        mean.attach(manager);
        variance.attach(manager);
        return new AdamMoments(step, mean, variance);
    }

    /** Copies this state onto {@code device}, held by {@code manager}. */
    AdamMoments copyTo(Device device, NDManager manager) {
        // duplicate() is a real copy; toDevice(sameDevice, true) may hand back an alias, and the
        // template is closed once every device has its copy.
        NDArray meanCopy =
                device.equals(mean.getDevice()) ? mean.duplicate() : mean.toDevice(device, true);
        NDArray varianceCopy =
                device.equals(variance.getDevice())
                        ? variance.duplicate()
                        : variance.toDevice(device, true);
        meanCopy.attach(manager);
        varianceCopy.attach(manager);
        return new AdamMoments(step, meanCopy, varianceCopy);
    }

    int step() {
        return step;
    }

    void setStep(int step) {
        this.step = step;
    }

    NDArray mean() {
        return mean;
    }

    NDArray variance() {
        return variance;
    }

    /** Releases both arrays. */
    @Override
    public void close() {
        mean.close();
        variance.close();
    }
}
