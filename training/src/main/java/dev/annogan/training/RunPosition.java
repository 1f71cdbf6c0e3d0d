package dev.annogan.training;

/**
 * Where a run is: the G updates done, the epoch, the batches done in it, and a requested stop. The
 * loop's own state, in one place: {@link GanTrainer} and the {@link TrainingStep}s advance it, the
 * loop ends epochs, a checkpoint restores it, and listeners read it or ask the run to stop.
 */
public final class RunPosition {

    private long step;
    private int epoch;
    private int batchInEpoch;
    // Volatile: a shutdown hook (Ctrl-C) asks for the stop from another thread.
    private volatile String stopReason;

    RunPosition() {}

    /** Returns the number of G updates done. */
    public long step() {
        return step;
    }

    /** Returns the current epoch (0-based). */
    public int epoch() {
        return epoch;
    }

    /** Returns how many batches of the current epoch are done. */
    public int batchInEpoch() {
        return batchInEpoch;
    }

    /** Returns why the run was asked to stop, or {@code null}. */
    public String stopReason() {
        return stopReason;
    }

    /** Asks the run to stop after the current step, giving the reason the summary prints. */
    public void requestStop(String reason) {
        stopReason = reason;
    }

    /** Counts one training step: one G update, one batch of the epoch. */
    void stepDone() {
        step++;
        batchInEpoch++;
    }

    /** Moves to the start of the next epoch. */
    void epochDone() {
        epoch++;
        batchInEpoch = 0;
    }

    /** Goes back to a checkpoint's position. */
    void restore(long step, int epoch, int batchInEpoch) {
        this.step = step;
        this.epoch = epoch;
        this.batchInEpoch = batchInEpoch;
    }
}
