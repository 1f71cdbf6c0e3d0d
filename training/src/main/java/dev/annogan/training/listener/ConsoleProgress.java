package dev.annogan.training.listener;

import dev.annogan.training.EpochResult;
import dev.annogan.training.GanListener;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.StepResult;
import java.io.PrintStream;
import java.util.Map;

/**
 * A one-line console progress bar per epoch with live D and G losses, D's accuracy and speed, then
 * a line of validation metrics when the epoch ends.
 */
public final class ConsoleProgress implements GanListener {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean interactive;
    private int epochs;
    private int batchesPerEpoch;
    private long epochStart;
    private int batches;
    private double dLoss;
    private double gLoss;
    private double accuracy;
    private long lastPrint;

    /**
     * Creates a progress bar that prints to {@code out}, redrawn in place while an epoch runs when
     * the process runs in a terminal; otherwise (output to a file or a pipe) one line per epoch.
     */
    public ConsoleProgress(PrintStream out) {
        this(out, System.console() != null);
    }

    /**
     * Creates a progress display.
     *
     * @param out where it prints
     * @param interactive whether to redraw a bar while an epoch runs (a terminal); a log gets the
     *     epoch's last bar as one line instead
     */
    public ConsoleProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void onTrainingBegin(GanTrainer gan, int epochs, int batchesPerEpoch) {
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        startEpoch(gan.batchInEpoch());
    }

    private void startEpoch(int done) {
        epochStart = System.nanoTime();
        batches = done;
        dLoss = Double.NaN;
        gLoss = Double.NaN;
    }

    @Override
    public void onStep(GanTrainer gan, StepResult r) {
        batches++;
        // Exponential smoothing keeps the printed losses readable while they jitter.
        dLoss =
                Double.isNaN(dLoss)
                        ? r.discriminatorLoss()
                        : 0.9 * dLoss + 0.1 * r.discriminatorLoss();
        gLoss = Double.isNaN(gLoss) ? r.generatorLoss() : 0.9 * gLoss + 0.1 * r.generatorLoss();
        accuracy = r.discriminatorAccuracy();
        long now = System.nanoTime();
        if (interactive && (now - lastPrint > 200_000_000L || batches == batchesPerEpoch)) {
            lastPrint = now;
            print(r.epoch(), now);
        }
    }

    private void print(int epoch, long now) {
        int filled = batchesPerEpoch == 0 ? WIDTH : WIDTH * batches / batchesPerEpoch;
        double seconds = (now - epochStart) / 1e9;
        out.printf(
                (interactive ? "\r" : "")
                        + "epoch %d/%d [%s%s] %d/%d  D %.4f  G %.4f  D acc %.2f  %.1f it/s ",
                epoch + 1,
                epochs,
                "=".repeat(Math.min(WIDTH, filled)),
                " ".repeat(Math.max(0, WIDTH - filled)),
                batches,
                batchesPerEpoch,
                dLoss,
                gLoss,
                accuracy,
                seconds > 0 ? batches / seconds : 0);
        out.flush();
    }

    @Override
    public void onEpoch(GanTrainer gan, EpochResult result) {
        if (!interactive) {
            print(result.epoch(), System.nanoTime());
        }
        out.println();
        if (!result.validation().isEmpty()) {
            StringBuilder line = new StringBuilder("  validation:");
            for (Map.Entry<String, Double> e : result.validation().entrySet()) {
                line.append(String.format("  %s %.4f", e.getKey(), e.getValue()));
            }
            out.println(line);
        }
        startEpoch(0);
    }

    @Override
    public void onRestore(GanTrainer gan, String reason, long restoredStep) {
        out.println();
        out.println("  diverged: " + reason + "; learning rates lowered");
        startEpoch(gan.batchInEpoch());
    }
}
