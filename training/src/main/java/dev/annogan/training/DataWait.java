package dev.annogan.training;

/**
 * How long the training loop waited for its batches, against the time its steps took: {@link
 * FitLoop} adds each batch's wait (the loop's call for the next batch) and its step ({@link
 * GanTrainer#trainBatch}), so {@link #fraction()} says whether the data pipeline keeps the steps
 * fed. Read it from the trainer, {@link GanTrainer#dataWait()}; it counts from the trainer's
 * creation, and listeners can take differences of {@link #snapshot()}s per epoch.
 */
public final class DataWait {

    private long batches;
    private long waitNanos;
    private long stepNanos;
    private long maxWaitNanos;

    /**
     * A reading of the counters.
     *
     * @param batches the batches trained on
     * @param waitNanos the time spent waiting for them
     * @param stepNanos the time spent training on them
     * @param maxWaitNanos the longest single wait
     */
    public record Snapshot(long batches, long waitNanos, long stepNanos, long maxWaitNanos) {

        /** Returns the counts since {@code earlier} (the longest wait stays this reading's). */
        public Snapshot since(Snapshot earlier) {
            return new Snapshot(
                    batches - earlier.batches,
                    waitNanos - earlier.waitNanos,
                    stepNanos - earlier.stepNanos,
                    maxWaitNanos);
        }

        /** Returns the share of the loop's time spent waiting for data, wait / (wait + step). */
        public double fraction() {
            long total = waitNanos + stepNanos;
            return total == 0 ? 0 : (double) waitNanos / total;
        }

        /** Returns the mean wait per batch in milliseconds. */
        public double waitMillisPerBatch() {
            return batches == 0 ? 0 : waitNanos / 1e6 / batches;
        }

        /** Returns the mean step time in milliseconds. */
        public double stepMillisPerBatch() {
            return batches == 0 ? 0 : stepNanos / 1e6 / batches;
        }
    }

    /** Adds one batch: the wait for it and the step on it. */
    public synchronized void add(long waitNanos, long stepNanos) {
        batches++;
        this.waitNanos += waitNanos;
        this.stepNanos += stepNanos;
        maxWaitNanos = Math.max(maxWaitNanos, waitNanos);
    }

    /** Returns the counters now. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(batches, waitNanos, stepNanos, maxWaitNanos);
    }
}
