package dev.annogan.examples.demo;

import dev.annogan.training.EpochResult;
import dev.annogan.training.GanListener;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.StepResult;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Both ends of the line protocol by which a {@link TrainingWorker} reports its progress to the
 * demo: a listener that writes one line per event, and {@link #dispatch}, which reads a line back
 * into a {@link TrainingBoard.Lane}. Lines are {@code begin EPOCHS BATCHES EPOCH BATCH}, {@code
 * step EPOCH BATCH}, {@code epoch EPOCH SECONDS [NAME=VALUE]...}, {@code restore REASON}, {@code
 * end} and {@code cpu SECONDS} (the worker's CPU time, last); anything else is ignored.
 */
final class ProgressEvents implements GanListener {

    /** Steps are reported at most this often; the board redraws no faster. */
    private static final long STEP_NANOS = 250_000_000L;

    private final PrintStream out;
    private long lastStep;

    ProgressEvents(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onTrainingBegin(GanTrainer gan, int epochs, int batchesPerEpoch) {
        out.printf("begin %d %d %d %d%n", epochs, batchesPerEpoch, gan.epoch(), gan.batchInEpoch());
    }

    @Override
    public void onStep(GanTrainer gan, StepResult result) {
        long now = System.nanoTime();
        if (now - lastStep > STEP_NANOS) {
            lastStep = now;
            out.printf("step %d %d%n", result.epoch(), gan.batchInEpoch());
        }
    }

    @Override
    public void onEpoch(GanTrainer gan, EpochResult result) {
        StringBuilder line =
                new StringBuilder(
                        String.format(
                                Locale.ROOT, "epoch %d %.3f", result.epoch(), result.seconds()));
        for (Map.Entry<String, Double> e : result.validation().entrySet()) {
            line.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        out.println(line);
    }

    @Override
    public void onRestore(GanTrainer gan, String reason, long restoredStep) {
        out.println("restore " + reason.replace('\n', ' '));
    }

    @Override
    public void onTrainingEnd(GanTrainer gan) {
        out.println("end");
    }

    /** Reports the CPU time this process has used, the last line a worker writes. */
    void cpu(double seconds) {
        out.printf(Locale.ROOT, "cpu %.3f%n", seconds);
    }

    /** Applies one line of the protocol to a lane of the board; other lines are ignored. */
    static void dispatch(String line, TrainingBoard.Lane lane) {
        String[] words = line.trim().split(" ");
        try {
            switch (words[0]) {
                case "begin" ->
                        lane.begin(
                                Integer.parseInt(words[1]),
                                Integer.parseInt(words[2]),
                                Integer.parseInt(words[3]),
                                Integer.parseInt(words[4]));
                case "step" -> lane.step(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
                case "epoch" -> {
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    for (int i = 3; i < words.length; i++) {
                        int eq = words[i].indexOf('=');
                        if (eq > 0) {
                            metrics.put(
                                    words[i].substring(0, eq),
                                    Double.parseDouble(words[i].substring(eq + 1)));
                        }
                    }
                    lane.epoch(Integer.parseInt(words[1]), Double.parseDouble(words[2]), metrics);
                }
                case "restore" -> lane.restore(line.substring("restore ".length()));
                case "end" -> lane.end();
                case "cpu" -> lane.cpu(Double.parseDouble(words[1]));
                default -> {
                    // Not an event: the engine or a library wrote to standard output.
                }
            }
        } catch (RuntimeException e) {
            // A line that only looks like an event (cut short, or someone else's) changes nothing.
        }
    }
}
