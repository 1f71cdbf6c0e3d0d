package dev.annogan.training.listener;

import dev.annogan.training.EpochResult;
import dev.annogan.training.GanListener;
import dev.annogan.training.GanTrainer;

/**
 * Stops a run when a validation metric has not improved for {@code patience} epochs. GAN losses say
 * little about quality, so this watches a validation metric the objective reports.
 */
public final class EarlyStopping implements GanListener {

    private final String metric;
    private final boolean higherIsBetter;
    private final int patience;
    private double best = Double.NaN;
    private int stale;

    /**
     * Creates the listener.
     *
     * @param metric the validation metric's name
     * @param higherIsBetter whether larger values are better
     * @param patience how many epochs without improvement end the run
     */
    public EarlyStopping(String metric, boolean higherIsBetter, int patience) {
        this.metric = metric;
        this.higherIsBetter = higherIsBetter;
        this.patience = patience;
    }

    @Override
    public void onEpoch(GanTrainer gan, EpochResult result) {
        Double value = result.validation().get(metric);
        if (value == null || value.isNaN()) {
            return;
        }
        boolean improved = Double.isNaN(best) || (higherIsBetter ? value > best : value < best);
        if (improved) {
            best = value;
            stale = 0;
        } else if (++stale >= patience) {
            gan.requestStop(
                    String.format(
                            "early stop: %s has not improved on %.4f for %d epochs",
                            metric, best, patience));
        }
    }

    /** Returns the best value seen, or NaN. */
    public double best() {
        return best;
    }
}
