package dev.annogan.training.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stream a {@link PartWriter} writes to: it counts and hashes the bytes on their way to a new
 * file, and only the store closes the file, after syncing it.
 */
final class PartOutputStream extends OutputStream {

    private final FileChannel channel;
    private final OutputStream buffered;
    private final MessageDigest digest = sha256();
    private long size;

    PartOutputStream(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    @Override
    public void write(int b) throws IOException {
        buffered.write(b);
        digest.update((byte) b);
        size++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        buffered.write(bytes, offset, length);
        digest.update(bytes, offset, length);
        size += length;
    }

    @Override
    public void flush() throws IOException {
        buffered.flush();
    }

    /** Flushes only: a writer that closes its stream must not close the file before the sync. */
    @Override
    public void close() throws IOException {
        flush();
    }

    /** Syncs and closes the file, returning the part's manifest entry. */
    Manifest.Part finish(String name) throws IOException {
        try (channel) {
            buffered.flush();
            channel.force(true);
        }
        return new Manifest.Part(name, size, HexFormat.of().formatHex(digest.digest()));
    }

    /** Closes the file without syncing, after a failed write. */
    void abandon() {
        try {
            channel.close();
        } catch (IOException e) {
            // The directory holding the file is deleted next; nothing depends on this close.
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
