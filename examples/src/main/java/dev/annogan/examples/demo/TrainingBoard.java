package dev.annogan.examples.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console progress of trainings that run at once: one line per finished epoch of any run (with
 * its validation metrics), under a live line that shows every running run's bar. Each run writes
 * its detailed progress to its own log; this is what the person watching the demo sees.
 */
final class TrainingBoard {

    private static final int BAR = 12;
    private static final long REDRAW_NANOS = 500_000_000L;

    private final PrintStream out;
    private final List<Lane> lanes = new ArrayList<>();
    private final long start = System.nanoTime();
    private long lastDraw;
    private int drawnWidth;

    TrainingBoard(PrintStream out) {
        this.out = out;
    }

    /** Returns a new lane, named as its lines are, e.g. "segmenter adversarial". */
    synchronized Lane lane(String name) {
        Lane lane = new Lane(name);
        lanes.add(lane);
        return lane;
    }

    /** Returns the CPU time the runs' processes reported, in all. */
    synchronized double cpuSeconds() {
        double sum = 0;
        for (Lane lane : lanes) {
            sum += lane.cpuSeconds;
        }
        return sum;
    }

    /** Clears the live line, so that what follows starts on a clean line. */
    synchronized void finish() {
        clear();
    }

    private void clear() {
        if (drawnWidth > 0) {
            out.print("\r" + " ".repeat(drawnWidth) + "\r");
            out.flush();
            drawnWidth = 0;
        }
    }

    private void println(String line) {
        clear();
        out.println(line);
        draw();
    }

    private void draw() {
        StringBuilder line = new StringBuilder();
        for (Lane lane : lanes) {
            if (lane.running) {
                line.append(line.length() == 0 ? "  " : " | ").append(lane.bar());
            }
        }
        if (line.length() == 0) {
            return;
        }
        line.append(String.format(Locale.ROOT, "  %.0f s", (System.nanoTime() - start) / 1e9));
        // Pad over the previous line: a shorter line would leave its tail on screen.
        int width = line.length();
        out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - width)));
        out.flush();
        drawnWidth = Math.max(width, drawnWidth);
        lastDraw = System.nanoTime();
    }

    /** One run's progress; its methods may be called from any thread. */
    final class Lane {
        private final String name;
        private boolean running;
        private int epochs;
        private int batchesPerEpoch;
        private int epoch;
        private int batch;
        private double cpuSeconds;

        private Lane(String name) {
            this.name = name;
        }

        private String bar() {
            int filled = batchesPerEpoch == 0 ? 0 : BAR * batch / batchesPerEpoch;
            return String.format(
                    "%s %d/%d [%s%s]",
                    name,
                    Math.min(epoch + 1, epochs),
                    epochs,
                    "=".repeat(Math.min(BAR, filled)),
                    " ".repeat(Math.max(0, BAR - filled)));
        }

        /** The run starts (or resumes) at {@code epoch}, {@code batch}, both 0-based. */
        void begin(int epochs, int batchesPerEpoch, int epoch, int batch) {
            synchronized (TrainingBoard.this) {
                this.epochs = epochs;
                this.batchesPerEpoch = batchesPerEpoch;
                this.epoch = epoch;
                this.batch = batch;
                running = true;
                println(
                        String.format(
                                "  %s: started, %d epochs of %d steps",
                                name, epochs, batchesPerEpoch));
            }
        }

        /** The run is in 0-based {@code epoch}, with {@code batch} batches of it done. */
        void step(int epoch, int batch) {
            synchronized (TrainingBoard.this) {
                this.epoch = epoch;
                this.batch = batch;
                if (System.nanoTime() - lastDraw > REDRAW_NANOS) {
                    draw();
                }
            }
        }

        /** The run finished 0-based {@code epoch} in {@code seconds}, validating as given. */
        void epoch(int epoch, double seconds, Map<String, Double> validation) {
            synchronized (TrainingBoard.this) {
                this.epoch = epoch + 1;
                batch = 0;
                StringBuilder line =
                        new StringBuilder(
                                String.format(
                                        Locale.ROOT,
                                        "  %s: epoch %d/%d in %.1f s",
                                        name,
                                        epoch + 1,
                                        epochs,
                                        seconds));
                for (Map.Entry<String, Double> e : validation.entrySet()) {
                    line.append(String.format(Locale.ROOT, ", %s %.3f", e.getKey(), e.getValue()));
                }
                println(line.toString());
            }
        }

        /** The run diverged and went back to a checkpoint. */
        void restore(String reason) {
            synchronized (TrainingBoard.this) {
                println(String.format("  %s: %s", name, reason));
            }
        }

        /** The run's process used {@code seconds} of CPU time in all. */
        void cpu(double seconds) {
            synchronized (TrainingBoard.this) {
                cpuSeconds = seconds;
            }
        }

        /** The run ended. */
        void end() {
            synchronized (TrainingBoard.this) {
                running = false;
                clear();
                draw();
            }
        }
    }
}
