package dev.annogan.examples.demo;

import java.nio.file.Path;

/** A training of the demo that failed; the message names it, the reason and its log. */
public final class TrainingFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The worker's exit code: 1 diverged, 2 a setup problem, 3 anything else. */
    private final int exitCode;

    TrainingFailedException(String training, Path log, String reason, int exitCode) {
        super(training + " failed: " + reason + (log == null ? "" : " (log: " + log + ")"));
        this.exitCode = exitCode;
    }

    /** Returns the worker's exit code: 1 diverged, 2 a setup problem, 3 anything else. */
    public int exitCode() {
        return exitCode;
    }
}
