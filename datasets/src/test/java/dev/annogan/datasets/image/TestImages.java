package dev.annogan.datasets.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;

/** Writes small synthetic image files for the image package's tests. */
final class TestImages {

    private TestImages() {}

    /**
     * Writes an RGB image whose pixel {@code (x, y)} has colour {@code rgb.applyAsInt(x, y)}.
     *
     * @param format an ImageIO format name, "png" or "jpeg"
     */
    static Path writeRgb(Path file, int width, int height, IntBinaryOperator rgb, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb.applyAsInt(x, y));
            }
        }
        return write(image, file, format);
    }

    /** Writes an 8-bit grey PNG whose pixel {@code (x, y)} has value {@code gray(x, y)}. */
    static Path writeGray(Path file, int width, int height, IntBinaryOperator gray) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, gray.applyAsInt(x, y));
            }
        }
        return write(image, file, "png");
    }

    static Path write(BufferedImage image, Path file, String format) {
        try {
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    /** Returns the value at channel {@code c}, row {@code y}, column {@code x} of a CHW array. */
    static float at(float[] chw, int width, int height, int c, int y, int x) {
        return chw[c * width * height + y * width + x];
    }
}
