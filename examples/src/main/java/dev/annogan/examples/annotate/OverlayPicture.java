package dev.annogan.examples.annotate;

import dev.annogan.examples.viz.AnnotationPreview;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws predictions over the image they were made on, at the image's own size: a segmenter's
 * classes as translucent colours with a darker outline, a tagger's tags as a caption, each listed
 * with its score in a legend bar above the image.
 */
final class OverlayPicture {

    private static final int BAR = 18;
    private static final float ALPHA = 0.45f;

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
        BufferedImage out = withBar(image, labels);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = mask[y][x];
                if (c == 0 || !shown[c]) {
                    continue;
                }
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
                int rgb = image.getRGB(x, y);
                out.setRGB(x, BAR + y, edge ? color.darker().getRGB() : blend(rgb, color));
            }
        }
        return out;
    }

    /** Returns the image with its tags listed in the bar above it. */
    static BufferedImage tags(BufferedImage image, List<Label> labels) {
        return withBar(image, labels);
    }

    private static BufferedImage withBar(BufferedImage image, List<Label> labels) {
        int w = Math.max(image.getWidth(), 120);
        BufferedImage out =
                new BufferedImage(w, image.getHeight() + BAR, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, out.getHeight());
        g.drawImage(image, 0, BAR, null);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics metrics = g.getFontMetrics();
        int x = 3;
        if (labels.isEmpty()) {
            g.setColor(Color.GRAY);
            g.drawString("(nothing above the threshold)", x, BAR - 5);
        }
        for (Label label : labels) {
            String text = String.format("%s %.2f", label.name(), label.score());
            g.setColor(AnnotationPreview.classColor(label.colorIndex()));
            g.fillRect(x, 4, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(text, x + 13, BAR - 5);
            x += 13 + metrics.stringWidth(text) + 8;
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
