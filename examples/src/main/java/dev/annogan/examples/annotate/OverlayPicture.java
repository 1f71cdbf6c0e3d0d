package dev.annogan.examples.annotate;

import dev.annogan.examples.viz.AnnotationPreview;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws predictions over the image they were made on: a segmenter's classes as translucent colours
 * with a darker outline, a tagger's tags as a caption, each listed with its score in a legend bar
 * above the image. An image smaller than {@value #MIN_SIDE} pixels is enlarged by a whole factor
 * (nearest neighbour, so its pixels stay sharp) to be seen beside its legend.
 */
public final class OverlayPicture {

    private static final int BAR = 18;
    private static final float ALPHA = 0.45f;
    private static final int MIN_WIDTH = 160;

    /** The side a small image is enlarged towards. */
    static final int MIN_SIDE = 256;

    private static final String NOTHING = "(nothing above the threshold)";

    private OverlayPicture() {}

    /** One predicted label to list: class index (for its colour), name and score. */
    record Label(int colorIndex, String name, double score) {}

    /**
     * Returns the image with the class map painted over it.
     *
     * @param image the original image
     * @param mask class indices {@code [row][column]} at the image's size; 0 is left unpainted
     * @param shown for each class index, whether it is drawn (its score passed the threshold)
     * @param labels what the legend lists
     */
    static BufferedImage masks(
            BufferedImage image, int[][] mask, boolean[] shown, List<Label> labels) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage painted = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = mask[y][x];
                int rgb = image.getRGB(x, y);
                if (c != 0 && shown[c]) {
                    boolean edge =
                            x == 0
                                    || y == 0
                                    || x == w - 1
                                    || y == h - 1
                                    || mask[y][x - 1] != c
                                    || mask[y - 1][x] != c
                                    || mask[y][x + 1] != c
                                    || mask[y + 1][x] != c;
                    Color color = AnnotationPreview.classColor(c - 1);
                    rgb = edge ? color.darker().getRGB() : blend(rgb, color);
                }
                painted.setRGB(x, y, rgb);
            }
        }
        return withBar(enlarged(painted), labels);
    }

    /** Returns the image with its tags listed in the bar above it. */
    static BufferedImage tags(BufferedImage image, List<Label> labels) {
        return withBar(enlarged(image), labels);
    }

    /**
     * Returns the factor an overlay of an image of this size is enlarged by: 1 from {@value
     * #MIN_SIDE} pixels on.
     *
     * @param width the image's width
     * @param height the image's height
     * @return the whole factor
     */
    public static int scale(int width, int height) {
        return Math.max(1, MIN_SIDE / Math.max(width, height));
    }

    private static BufferedImage enlarged(BufferedImage image) {
        int s = scale(image.getWidth(), image.getHeight());
        if (s == 1) {
            return image;
        }
        BufferedImage out =
                new BufferedImage(
                        image.getWidth() * s, image.getHeight() * s, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        // Nearest neighbour: each pixel becomes an s x s block, sharp as the network saw it.
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION,
                RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(image, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    /** Returns a copy of the image below a legend that wraps onto as many lines as it needs. */
    private static BufferedImage withBar(BufferedImage image, List<Label> labels) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        FontMetrics metrics =
                new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)
                        .createGraphics()
                        .getFontMetrics(font);
        // Wide enough for the empty legend's sentence too, which fonts render at various widths.
        int w =
                Math.max(
                        Math.max(image.getWidth(), MIN_WIDTH),
                        labels.isEmpty() ? metrics.stringWidth(NOTHING) + 6 : 0);
        List<String> texts = new ArrayList<>();
        int[] xs = new int[labels.size()];
        int[] lines = new int[labels.size()];
        int x = 3;
        int line = 0;
        for (int i = 0; i < labels.size(); i++) {
            String text = String.format("%s %.2f", labels.get(i).name(), labels.get(i).score());
            int width = 13 + metrics.stringWidth(text) + 8;
            if (x > 3 && x + width > w) {
                x = 3;
                line++;
            }
            texts.add(text);
            xs[i] = x;
            lines[i] = line;
            x += width;
        }
        int bar = BAR * (line + 1);
        BufferedImage out =
                new BufferedImage(w, image.getHeight() + bar, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, out.getHeight());
        g.drawImage(image, 0, bar, null);
        g.setFont(font);
        if (labels.isEmpty()) {
            g.setColor(Color.GRAY);
            g.drawString(NOTHING, 3, BAR - 5);
        }
        for (int i = 0; i < labels.size(); i++) {
            int top = lines[i] * BAR;
            g.setColor(AnnotationPreview.classColor(labels.get(i).colorIndex()));
            g.fillRect(xs[i], top + 4, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(texts.get(i), xs[i] + 13, top + BAR - 5);
        }
        g.dispose();
        return out;
    }

    private static int blend(int rgb, Color color) {
        int r = (int) ((1 - ALPHA) * ((rgb >> 16) & 0xFF) + ALPHA * color.getRed());
        int g = (int) ((1 - ALPHA) * ((rgb >> 8) & 0xFF) + ALPHA * color.getGreen());
        int b = (int) ((1 - ALPHA) * (rgb & 0xFF) + ALPHA * color.getBlue());
        return (r << 16) | (g << 8) | b;
    }
}
