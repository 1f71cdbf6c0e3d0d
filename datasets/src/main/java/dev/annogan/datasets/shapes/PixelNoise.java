package dev.annogan.datasets.shapes;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;

/**
 * Adds Gaussian sensor-like noise to every channel of every pixel, with a strength drawn per image,
 * so that flat colours never identify a class exactly.
 */
final class PixelNoise {

    private PixelNoise() {}

    /**
     * Adds noise in place.
     *
     * @param image a {@code TYPE_3BYTE_BGR} image
     * @param random the image's random source
     */
    static void add(BufferedImage image, Random random) {
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        double sigma = 2 + 6 * random.nextDouble();
        for (int i = 0; i < bgr.length; i++) {
            int noisy = (bgr[i] & 0xFF) + (int) Math.round(sigma * random.nextGaussian());
            bgr[i] = (byte) Palette.clamp(noisy);
        }
    }
}
