package dev.annogan.training;

/**
 * Watches step results for a run that has gone wrong: a NaN or infinite loss, or a D whose accuracy
 * has sat at exactly 0 or 1 for too many steps in a row (one network has won and gradients carry no
 * signal any more).
 */
final class DivergenceGuard {

    private final int collapseSteps;
    private int pinned;
    private int restores;

    DivergenceGuard(GanConfig config) {
        this.collapseSteps = config.collapseSteps();
    }

    /** Returns what is wrong after this step, or {@code null} when the run is healthy. */
    String check(StepResult result) {
        if (!result.finite()) {
            pinned = 0;
            return String.format(
                    "losses became non-finite at step %d (D %s, G %s)",
                    result.step(), result.discriminatorLoss(), result.generatorLoss());
        }
        double accuracy = result.discriminatorAccuracy();
        pinned = accuracy == 0 || accuracy == 1 ? pinned + 1 : 0;
        if (collapseSteps > 0 && pinned >= collapseSteps) {
            pinned = 0;
            return String.format(
                    "D's accuracy sat at %.0f for %d steps up to step %d (collapse)",
                    accuracy, collapseSteps, result.step());
        }
        return null;
    }

    /** Counts a restore. */
    void restored() {
        restores++;
    }

    /** Returns how many restores happened. */
    int restores() {
        return restores;
    }
}
