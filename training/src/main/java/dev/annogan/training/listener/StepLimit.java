package dev.annogan.training.listener;

import dev.annogan.training.GanListener;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.StepResult;

/**
 * Stops a run after a number of steps in all, mid-epoch if need be: for quick trials and smoke
 * tests of a runner that would otherwise take an epoch of a large dataset. The loop saves its
 * position, so the run can be resumed from there.
 */
public final class StepLimit implements GanListener {

    private final long maxSteps;

    /**
     * Creates the limit.
     *
     * @param maxSteps the steps after which the run stops; 0 or less means no limit
     */
    public StepLimit(long maxSteps) {
        this.maxSteps = maxSteps;
    }

    @Override
    public void onStep(GanTrainer gan, StepResult result) {
        if (maxSteps > 0 && gan.step() >= maxSteps) {
            gan.requestStop("stopped after " + maxSteps + " steps (--max-steps)");
        }
    }
}
