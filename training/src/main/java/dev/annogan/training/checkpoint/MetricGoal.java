package dev.annogan.training.checkpoint;

/** Which direction of a validation metric makes a checkpoint the best one. */
public enum MetricGoal {

    /** Higher is better, as for mAP, mIoU or accuracy. */
    MAXIMIZE,

    /** Lower is better, as for a loss or FID. */
    MINIMIZE;

    /**
     * Returns whether {@code candidate} strictly beats {@code incumbent}.
     *
     * @param candidate the new metric value
     * @param incumbent the value to beat
     * @return true if {@code candidate} is strictly better
     */
    public boolean isBetter(double candidate, double incumbent) {
        return this == MAXIMIZE ? candidate > incumbent : candidate < incumbent;
    }
}
