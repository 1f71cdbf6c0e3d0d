package dev.annogan.examples.annotator;

import dev.annogan.datasets.image.Normalization;
import java.awt.Color;
import java.awt.image.BufferedImage;

/** Turns the tensors a run sees back into pictures, for its per-epoch sample grids. */
public final class ImageTiles {

    private ImageTiles() {}

    /**
     * Returns the picture of a normalised {@code 3 x H x W} image, scaled up by an integer factor
     * (nearest neighbour, so pixels stay crisp).
     *
     * @param chw the image's values, channel-major, normalised by {@code normalization}
     * @param height H
     * @param width W
     * @param scale the integer magnification
     * @param normalization how the values were normalised
     */
    public static BufferedImage picture(
            float[] chw, int height, int width, int scale, Normalization normalization) {
        BufferedImage image =
                new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    float v = 255 * normalization.denormalize(c, chw[c * plane + y * width + x]);
                    rgb = (rgb << 8) | Math.max(0, Math.min(255, Math.round(v)));
                }
                fill(image, x, y, scale, rgb);
            }
        }
        return image;
    }

    /**
     * Returns a picture with a class map laid over it: class 0 (background) and negative values
     * leave the picture as it is, class {@code c > 0} blends in {@code colors[c - 1]}.
     *
     * @param picture the image, {@code scale} times the map's size
     * @param classMap row-major {@code height x width} class ids
     * @param height the map's height
     * @param width the map's width
     * @param colors one colour per non-background class
     */
    public static BufferedImage overlay(
            BufferedImage picture, int[] classMap, int height, int width, Color[] colors) {
        int scale = picture.getWidth() / width;
        BufferedImage out =
                new BufferedImage(
                        picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int value = classMap[y * width + x];
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        int px = x * scale + dx;
                        int py = y * scale + dy;
                        int rgb = picture.getRGB(px, py);
                        out.setRGB(px, py, value > 0 ? blend(rgb, colors[value - 1], 0.8f) : rgb);
                    }
                }
            }
        }
        return out;
    }

    private static void fill(BufferedImage image, int x, int y, int scale, int rgb) {
        for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
                image.setRGB(x * scale + dx, y * scale + dy, rgb);
            }
        }
    }

    private static int blend(int rgb, Color color, float alpha) {
        int r = (int) (((rgb >> 16) & 0xff) * (1 - alpha) + color.getRed() * alpha);
        int g = (int) (((rgb >> 8) & 0xff) * (1 - alpha) + color.getGreen() * alpha);
        int b = (int) ((rgb & 0xff) * (1 - alpha) + color.getBlue() * alpha);
        return (r << 16) | (g << 8) | b;
    }
}
