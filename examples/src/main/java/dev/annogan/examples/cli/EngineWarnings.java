package dev.annogan.examples.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Keeps libtorch's own warnings out of the user's terminal. libtorch prints "Warning:
 * AutoNonVariableTypeMode is deprecated ..." to the process's standard error, from native code, the
 * first time DJL's PyTorch engine copies into an array ({@code NDArray.copyTo}, which every
 * training run does). It is about libtorch's internals, says nothing to a user and cannot be
 * switched off from Java (it is a once-per-process {@code TORCH_WARN}). So before a command uses
 * the engine, one such copy is made with the process's standard error (file descriptor 2) pointed
 * at {@code /dev/null}, and the descriptor is restored at once: the warning has then been spent.
 * {@code --verbose} skips this; so do platforms without a C library to call (Windows).
 */
final class EngineWarnings {

    /** The C library calls used, through JNA (a dependency of DJL). */
    interface CLibrary extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags);

        int close(int fd);
    }

    private static final int STDERR = 2;
    private static final int O_WRONLY = 1;
    private static boolean spent;

    private EngineWarnings() {}

    /** Spends libtorch's once-per-process warnings with standard error silenced. */
    static synchronized void silence() {
        if (spent || !(Platform.isLinux() || Platform.isMac())) {
            return;
        }
        spent = true;
        CLibrary c;
        try {
            c = Native.load("c", CLibrary.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return;
        }
        System.err.flush();
        int saved = c.dup(STDERR);
        int devNull = c.open("/dev/null", O_WRONLY);
        if (saved < 0 || devNull < 0) {
            if (saved >= 0) {
                c.close(saved);
            }
            if (devNull >= 0) {
                c.close(devNull);
            }
            return;
        }
        try {
            c.dup2(devNull, STDERR);
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray target = manager.zeros(new Shape(1));
                manager.ones(new Shape(1)).copyTo(target);
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // No engine here: the command reports that itself, with standard error restored.
        } finally {
            c.dup2(saved, STDERR);
            c.close(saved);
            c.close(devNull);
        }
    }
}
