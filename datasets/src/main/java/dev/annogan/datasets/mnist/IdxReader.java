package dev.annogan.datasets.mnist;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian magic number {@code 0x0000}
 * {@code type} {@code dimensions}, one 32-bit size per dimension, then the values. Only unsigned
 * bytes (type {@code 0x08}) are supported, which is what those datasets use. Files may be gzipped
 * (as distributed, {@code .gz}) or not; the gzip header is recognised by content, not by name.
 *
 * <p>Everything is checked before it is trusted: the magic number, positive sizes that fit in
 * memory, and a length of exactly the declared number of values. Every error names the file.
 */
public final class IdxReader {

    /** The magic number of an {@code idx3-ubyte} file (unsigned bytes, three dimensions). */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** The magic number of an {@code idx1-ubyte} file (unsigned bytes, one dimension). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {}

    /**
     * Reads an {@code idx3-ubyte} image file.
     *
     * @param file the file, gzipped or not
     * @return the images
     * @throws IdxFormatException if the file is not a valid {@code idx3-ubyte} file
     * @throws IOException if reading fails
     */
    public static IdxImages readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in, IMAGES_MAGIC, "idx3-ubyte image");
            int count = readSize(file, in, "image count");
            int rows = readSize(file, in, "row count");
            int columns = readSize(file, in, "column count");
            long total = (long) count * rows * columns;
            if (total > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException(
                        file,
                        count + " x " + rows + " x " + columns + " pixels do not fit in an array");
            }
            return new IdxImages(count, rows, columns, readValues(file, in, (int) total));
        }
    }

    /**
     * Reads an {@code idx1-ubyte} label file.
     *
     * @param file the file, gzipped or not
     * @return the labels, one unsigned byte each
     * @throws IdxFormatException if the file is not a valid {@code idx1-ubyte} file
     * @throws IOException if reading fails
     */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in, LABELS_MAGIC, "idx1-ubyte label");
            int count = readSize(file, in, "label count");
            byte[] values = readValues(file, in, count);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = values[i] & 0xFF;
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        boolean gzipped = raw.read() == 0x1F && raw.read() == 0x8B;
        raw.reset();
        InputStream in = gzipped ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(in);
    }

    private static void checkMagic(Path file, DataInputStream in, int expected, String kind)
            throws IOException {
        int magic = readInt(file, in, "magic number");
        if (magic != expected) {
            throw new IdxFormatException(
                    file,
                    String.format(
                            "magic number 0x%08X is not that of an %s file (0x%08X)",
                            magic, kind, expected));
        }
    }

    private static int readSize(Path file, DataInputStream in, String what) throws IOException {
        int size = readInt(file, in, what);
        if (size <= 0) {
            throw new IdxFormatException(file, what + " must be positive, got " + size);
        }
        return size;
    }

    private static int readInt(Path file, DataInputStream in, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException(file, "file ends inside the header, at the " + what);
        }
    }

    /** Reads exactly {@code n} values and checks that nothing follows them. */
    private static byte[] readValues(Path file, DataInputStream in, int n) throws IOException {
        byte[] values = new byte[n];
        int read = 0;
        try {
            while (read < n) {
                int r = in.read(values, read, n - read);
                if (r < 0) {
                    throw new IdxFormatException(
                            file, "file ends after " + read + " of " + n + " declared values");
                }
                read += r;
            }
            if (in.read() >= 0) {
                throw new IdxFormatException(
                        file, "file has data after the " + n + " declared values");
            }
        } catch (EOFException | ZipException e) {
            // A cut or damaged gzip stream: GZIPInputStream's own message names no file.
            throw new IdxFormatException(
                    file, "gzip data ends or breaks after " + read + " of " + n + " values", e);
        }
        return values;
    }
}
