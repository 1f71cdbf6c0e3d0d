package dev.annogan.datasets.coco;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * Writes files so that readers see either the old file or the complete new one, never a half
 * written one: content goes to a temporary file beside the target, which is then renamed.
 */
public final class AtomicFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** The body of a text write. */
    @FunctionalInterface
    public interface TextBody {
        /** Writes the content. */
        void write(Writer out) throws IOException;
    }

    /** Writes a UTF-8 text file atomically; on failure the target is left as it was. */
    public static void writeText(Path target, TextBody body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = temporaryFor(absolute, "");
        boolean done = false;
        try {
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.write(out);
            }
            move(tmp, absolute);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Creates an empty temporary file beside {@code target}, named {@code
     * .<name><part><random>.tmp}. Unlike {@link Files#createTempFile}, which makes files only their
     * owner can read, the file gets the permissions of any new file, so that the renamed result
     * does too.
     *
     * @param target the file the temporary one will become or help to build
     * @param part a tag for files that build one target in several parts, or ""
     * @return the new, empty file
     */
    public static Path temporaryFor(Path target, String part) throws IOException {
        Path absolute = target.toAbsolutePath();
        String prefix = "." + absolute.getFileName() + part;
        while (true) {
            Path candidate =
                    absolute.resolveSibling(
                            prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                // Another name then.
            }
        }
    }

    /** Renames {@code source} onto {@code target}, atomically where the file system can. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(
                    source,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
