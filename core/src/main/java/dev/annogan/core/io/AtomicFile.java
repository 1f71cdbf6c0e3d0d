package dev.annogan.core.io;

import java.awt.image.RenderedImage;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import javax.imageio.ImageIO;

/**
 * Writes a file so that readers see either the old file or the complete new one, never a half
 * written one: the content goes to a temporary file beside the target, which is then renamed onto
 * it. A write that fails leaves the target as it was and no temporary file behind.
 *
 * <pre>{@code
 * AtomicFile.writeText(Path.of("runs/tagger/run.json"), out -> out.write(json));
 * AtomicFile.writeImage(Path.of("runs/tagger/loss.png"), image, "png");
 * }</pre>
 */
public final class AtomicFile {

    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        // ImageIO's file cache registers a JVM shutdown hook for each stream it opens, which
        // fails while the JVM shuts down (a run stopped by Ctrl-C still writes its pictures);
        // images are written to a temporary file already, so the cache buys nothing.
        ImageIO.setUseCache(false);
    }

    private AtomicFile() {}

    /** The body of a text write. */
    @FunctionalInterface
    public interface TextBody {
        /** Writes the content. */
        void write(Writer out) throws IOException;
    }

    /** The body of a binary write. */
    @FunctionalInterface
    public interface StreamBody {
        /** Writes the content. */
        void write(OutputStream out) throws IOException;
    }

    /** Writes a UTF-8 text file atomically; on failure the target is left as it was. */
    public static void writeText(Path target, TextBody body) throws IOException {
        write(
                target,
                stream -> {
                    BufferedWriter out =
                            new BufferedWriter(
                                    new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
                    body.write(out);
                    out.flush();
                });
    }

    /** Writes {@code text} as a UTF-8 file atomically. */
    public static void writeString(Path target, CharSequence text) throws IOException {
        writeText(target, out -> out.append(text));
    }

    /** Writes a binary file atomically; on failure the target is left as it was. */
    public static void write(Path target, StreamBody body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = temporaryFor(absolute, "");
        boolean done = false;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
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
     * Writes an image atomically in an {@link ImageIO} format.
     *
     * @throws IOException if writing fails or no writer knows {@code format}
     */
    public static void writeImage(Path target, RenderedImage image, String format)
            throws IOException {
        write(
                target,
                out -> {
                    if (!ImageIO.write(image, format, out)) {
                        throw new IOException(target + ": no image writer for " + format);
                    }
                });
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
