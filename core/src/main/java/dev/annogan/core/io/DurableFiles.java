package dev.annogan.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/** File operations whose effect survives a power cut: synced writes and atomic replacement. */
public final class DurableFiles {

    /** Prefix of everything a save writes before committing; none of it is a checkpoint. */
    public static final String TEMPORARY_PREFIX = ".tmp-";

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private DurableFiles() {}

    /** Writes {@code bytes} to a new file and syncs it. */
    public static void writeAndSync(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Replaces {@code target} with a file holding {@code text}: readers see the old content or the
     * new, never a mixture.
     */
    public static void replaceAtomically(Path target, String text) throws IOException {
        Path directory = target.getParent();
        Path temporary =
                directory.resolve(
                        TEMPORARY_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        try {
            writeAndSync(temporary, text.getBytes(StandardCharsets.UTF_8));
            Files.move(
                    temporary,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(directory);
    }

    /**
     * Renames a finished directory onto {@code target} and syncs their parent. A directory cannot
     * be renamed over a non-empty one, so an existing {@code target} first moves to {@code aside}
     * (and back if the rename fails); the caller deletes it afterwards.
     *
     * @return whether an old {@code target} now waits at {@code aside}
     */
    public static boolean commitDirectory(Path temporary, Path target, Path aside)
            throws IOException {
        boolean replaced = false;
        if (Files.exists(target)) {
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            replaced = true;
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (replaced) {
                Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        syncDirectory(target.toAbsolutePath().getParent());
        return replaced;
    }

    /** Syncs every regular file below {@code directory}, then the directories themselves. */
    public static void syncTree(Path directory) throws IOException {
        Files.walkFileTree(
                directory,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                            throws IOException {
                        if (attributes.isRegularFile()) {
                            try (FileChannel channel =
                                    FileChannel.open(file, StandardOpenOption.READ)) {
                                channel.force(true);
                            }
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException error)
                            throws IOException {
                        if (error != null) {
                            throw error;
                        }
                        syncDirectory(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    /** Syncs a directory, so that entries created or renamed in it survive a power cut. */
    public static void syncDirectory(Path directory) throws IOException {
        if (WINDOWS) {
            // Windows cannot open a directory as a channel; its renames are as durable as NTFS
            // makes them.
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Deletes {@code path} and, if it is a directory, everything below it. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(
                path,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                            throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path directory, IOException error)
                            throws IOException {
                        if (error != null) {
                            throw error;
                        }
                        Files.delete(directory);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }
}
