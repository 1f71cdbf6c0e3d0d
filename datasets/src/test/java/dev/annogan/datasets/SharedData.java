package dev.annogan.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the project's shared, read-only test data: the {@code shared} folder next to the repository
 * (see {@code shared/data/README.md}).
 *
 * <p>The data is optional on a developer machine, so a test that needs it is skipped when it is
 * missing; on CI ({@code CI=true}) a missing folder fails the test instead, so that a broken CI
 * setup cannot pass by skipping everything.
 */
public final class SharedData {

    private SharedData() {}

    /**
     * Returns the {@code shared} folder: the first {@code shared} directory holding a {@code data}
     * folder found walking up from the working directory. Skips the calling test when there is
     * none, or fails it when the environment variable {@code CI} is {@code true}.
     */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("data"))) {
                return candidate;
            }
        }
        return missing("no shared/data folder in " + start + " or any parent");
    }

    /** Returns the coco-tiny dataset folder, skipping or failing as {@link #root()} does. */
    public static Path cocoTiny() {
        Path cocoTiny = root().resolve("data").resolve("coco-tiny");
        if (!Files.isDirectory(cocoTiny)) {
            return missing(cocoTiny + " does not exist");
        }
        return cocoTiny;
    }

    private static Path missing(String reason) {
        String message = "shared test data not found: " + reason;
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: shared data is required)");
        }
        return Assumptions.abort(message + "; skipping");
    }
}
