package dev.annogan.examples.cli;

import ai.djl.util.Progress;
import java.io.PrintStream;

/**
 * A progress bar for a person watching: drawn on standard error, and only when the process runs in
 * a terminal, so that a log or a pipe of a command's output holds its report and no redraws.
 */
final class TerminalProgress implements Progress {

    private static final int WIDTH = 40;

    private final PrintStream err;
    private String message = "";
    private long total;
    private long done;
    private long lastDraw;

    private TerminalProgress(PrintStream err) {
        this.err = err;
    }

    /** Returns a bar on standard error when in a terminal, else null (no progress shown). */
    static Progress orNull() {
        return System.console() != null ? new TerminalProgress(System.err) : null;
    }

    @Override
    public void reset(String message, long max, String trailingMessage) {
        this.message = message;
        this.total = max;
        this.done = 0;
        this.lastDraw = 0;
    }

    @Override
    public void start(long initialProgress) {
        update(initialProgress);
    }

    @Override
    public void end() {
        draw("", true);
        err.println();
    }

    /** Counts {@code increment} more items done. */
    @Override
    public void increment(long increment) {
        // update() takes the index of the item being worked on, as DJL's bar does: the items
        // done are that index plus one.
        update(done + increment - 1);
    }

    /** Shows item {@code progress} (0-based) as being worked on: {@code progress + 1} done. */
    @Override
    public void update(long progress, String postMessage) {
        done = progress + 1;
        long now = System.nanoTime();
        if (now - lastDraw > 100_000_000L) {
            lastDraw = now;
            draw(postMessage == null ? "" : postMessage, false);
        }
    }

    private void draw(String postMessage, boolean finished) {
        long shown = finished ? total : Math.min(total, done);
        int filled = total <= 0 ? WIDTH : (int) (WIDTH * shown / total);
        err.printf(
                "\r%s %3d%% |%s%s| %s",
                message,
                total <= 0 ? 100 : 100 * shown / total,
                "█".repeat(filled),
                " ".repeat(WIDTH - filled),
                postMessage);
        err.flush();
    }
}
