package dev.annogan.core.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Writes a whole directory the way checkpoints are written: into a temporary sibling, synced, then
 * renamed onto the target in one step. Readers see the old directory or the complete new one, never
 * a mixture, even after a crash or power cut; a failed write leaves the target as it was.
 *
 * <pre>{@code
 * AtomicDirectory.write(Path.of("runs/tagger/model"), dir -> model.save(dir, "annotator"));
 * }</pre>
 */
public final class AtomicDirectory {

    private AtomicDirectory() {}

    /** Fills the temporary directory. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes the directory's content.
         *
         * @param directory the empty temporary directory to fill
         * @throws IOException if writing fails; the target is then left as it was
         */
        void write(Path directory) throws IOException;
    }

    /**
     * Writes {@code target} atomically, replacing any directory there. Leftovers of an earlier
     * write that crashed are removed first.
     *
     * @param target the directory to create or replace
     * @param body fills a temporary directory beside the target
     * @throws IOException if the body fails or the directory cannot be committed
     */
    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        String name = absolute.getFileName().toString();
        removeLeftovers(parent, name);
        Path temporary = parent.resolve(temporaryName(name));
        Path aside = parent.resolve(temporaryName("replaced-" + name));
        Files.createDirectory(temporary);
        try {
            body.write(temporary);
            DurableFiles.syncTree(temporary);
            if (DurableFiles.commitDirectory(temporary, absolute, aside)) {
                DurableFiles.deleteRecursively(aside);
            }
        } finally {
            DurableFiles.deleteRecursively(temporary);
        }
    }

    private static String temporaryName(String purpose) {
        return DurableFiles.TEMPORARY_PREFIX + purpose + "-" + UUID.randomUUID();
    }

    private static void removeLeftovers(Path parent, String name) throws IOException {
        Path target = parent.resolve(name);
        try (DirectoryStream<Path> entries =
                Files.newDirectoryStream(
                        parent, DurableFiles.TEMPORARY_PREFIX + "replaced-" + name + "-*")) {
            for (Path entry : entries) {
                // A crash between moving the old directory aside and renaming the new one in left
                // the old one as the only copy: put it back rather than delete it.
                if (!Files.exists(target)) {
                    Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    DurableFiles.deleteRecursively(entry);
                }
            }
        }
        try (DirectoryStream<Path> entries =
                Files.newDirectoryStream(parent, DurableFiles.TEMPORARY_PREFIX + name + "-*")) {
            for (Path entry : entries) {
                DurableFiles.deleteRecursively(entry);
            }
        }
    }
}
