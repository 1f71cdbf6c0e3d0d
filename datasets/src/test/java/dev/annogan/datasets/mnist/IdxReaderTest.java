package dev.annogan.datasets.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link IdxReader} on small hand-made files. */
class IdxReaderTest {

    @TempDir Path dir;

    /** Returns an IDX file: the magic number, the sizes, then {@code values}. */
    private static byte[] idx(int magic, int[] sizes, byte[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int size : sizes) {
            out.writeInt(size);
        }
        out.write(values);
        return bytes.toByteArray();
    }

    private Path gzip(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        return file;
    }

    private static byte[] ramp(int n) {
        byte[] values = new byte[n];
        for (int i = 0; i < n; i++) {
            values[i] = (byte) (i * 7);
        }
        return values;
    }

    @Test
    void readsGzippedImages() throws Exception {
        Path file = gzip("images.gz", idx(IdxReader.IMAGES_MAGIC, new int[] {2, 3, 4}, ramp(24)));
        IdxImages images = IdxReader.readImages(file);
        assertEquals(2, images.count());
        assertEquals(3, images.rows());
        assertEquals(4, images.columns());
        assertArrayEquals(ramp(24), images.pixels());
        assertEquals((1 * 12 + 2 * 4 + 3) * 7 & 0xFF, images.pixel(1, 2, 3));
    }

    @Test
    void readsUncompressedLabelsAsUnsignedValues() throws Exception {
        Path file = dir.resolve("labels");
        Files.write(
                file, idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {0, 9, (byte) 200}));
        assertArrayEquals(new int[] {0, 9, 200}, IdxReader.readLabels(file));
    }

    @Test
    void badMagicNumberErrorNamesTheFile() throws Exception {
        Path file = gzip("wrong-magic.gz", idx(0x00000802, new int[] {1, 1, 1}, new byte[1]));
        IdxFormatException e =
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("wrong-magic.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000802"), e.getMessage());
    }

    @Test
    void labelFileReadAsImagesIsRejected() throws Exception {
        Path file = gzip("labels.gz", idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[2]));
        IdxFormatException e =
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("labels.gz"), e.getMessage());
    }

    @Test
    void fewerValuesThanDeclaredIsRejected() throws Exception {
        Path file = gzip("short.gz", idx(IdxReader.IMAGES_MAGIC, new int[] {2, 3, 4}, ramp(20)));
        IdxFormatException e =
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("short.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("20 of 24"), e.getMessage());
    }

    @Test
    void moreValuesThanDeclaredIsRejected() throws Exception {
        Path file = gzip("long.gz", idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[3]));
        IdxFormatException e =
                assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(file));
        assertTrue(e.getMessage().contains("long.gz"), e.getMessage());
    }

    @Test
    void cutGzipStreamErrorNamesTheFile() throws Exception {
        Path whole =
                gzip("whole.gz", idx(IdxReader.IMAGES_MAGIC, new int[] {50, 28, 28}, ramp(39200)));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        IdxFormatException e =
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(cut));
        assertTrue(e.getMessage().contains("cut.gz"), e.getMessage());
    }

    @Test
    void zeroSizeIsRejected() throws Exception {
        Path file =
                gzip("empty.gz", idx(IdxReader.IMAGES_MAGIC, new int[] {0, 28, 28}, new byte[0]));
        IdxFormatException e =
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("image count"), e.getMessage());
    }

    @Test
    void headerCutShortIsRejected() throws Exception {
        Path file = gzip("header.gz", new byte[] {0, 0, 8, 3, 0, 0});
        IdxFormatException e =
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("header.gz"), e.getMessage());
    }
}
