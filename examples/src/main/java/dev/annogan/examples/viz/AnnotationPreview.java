package dev.annogan.examples.viz;

import dev.annogan.core.io.AtomicFile;
import dev.annogan.datasets.coco.CategoryMap;
import dev.annogan.datasets.coco.CocoAnnotation;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoTargets;
import dev.annogan.datasets.coco.ImagePaths;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws images with their annotations, mask colours over the pixels and labelled boxes, in a grid:
 * the picture a person looks at to see what a dataset (or a model) says about each image.
 */
public final class AnnotationPreview {

    private static final int TILE = 256;
    private static final int COLUMNS = 4;

    private AnnotationPreview() {}

    /** Returns a distinct, readable colour for class index {@code k}. */
    public static Color classColor(int k) {
        float hue = (k * 0.618034f) % 1f;
        return Color.getHSBColor(hue, 0.85f, 1f);
    }

    /**
     * Writes a grid PNG of the first {@code count} images of the index with their ground truth.
     *
     * @return the number of images drawn
     */
    public static int writeGrid(CocoIndex index, Path imageFolder, int count, Path png)
            throws IOException {
        List<CocoImage> images = index.images().subList(0, Math.min(count, index.images().size()));
        int rows = (images.size() + COLUMNS - 1) / COLUMNS;
        BufferedImage grid =
                new BufferedImage(
                        COLUMNS * TILE, Math.max(1, rows) * TILE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        CategoryMap classes = index.categoryMap();
        for (int i = 0; i < images.size(); i++) {
            CocoImage image = images.get(i);
            BufferedImage tile =
                    render(
                            ImageIO.read(
                                    ImagePaths.resolve(imageFolder, image.fileName()).toFile()),
                            image,
                            index.annotationsOf(image.id()),
                            classes);
            g.drawImage(tile, (i % COLUMNS) * TILE, (i / COLUMNS) * TILE, TILE, TILE, null);
        }
        g.dispose();
        AtomicFile.writeImage(png, grid, "png");
        return images.size();
    }

    /** Draws one image with its masks (half-transparent) and labelled boxes, scaled to a tile. */
    public static BufferedImage render(
            BufferedImage picture,
            CocoImage image,
            List<CocoAnnotation> annotations,
            CategoryMap classes) {
        int w = image.width();
        int h = image.height();
        BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D base = canvas.createGraphics();
        base.drawImage(picture, 0, 0, w, h, null);
        base.dispose();
        int[] map = CocoTargets.semanticMap(image, annotations, classes);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int value = map[y * w + x];
                if (value > 0) {
                    canvas.setRGB(x, y, blend(canvas.getRGB(x, y), classColor(value - 1), 0.45f));
                }
            }
        }
        double scale = (double) TILE / Math.max(w, h);
        BufferedImage tile = new BufferedImage(TILE, TILE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tile.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.drawImage(canvas, 0, 0, (int) (w * scale), (int) (h * scale), null);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        g.setStroke(new BasicStroke(1.5f));
        for (CocoAnnotation a : annotations) {
            int k = classes.indexOf(a.categoryId());
            if (k < 0) {
                continue;
            }
            double[] b = a.bbox();
            int x = (int) Math.round(b[0] * scale);
            int y = (int) Math.round(b[1] * scale);
            g.setColor(classColor(k));
            g.drawRect(x, y, (int) Math.round(b[2] * scale), (int) Math.round(b[3] * scale));
            String label = classes.name(k) + (a.iscrowd() ? " (crowd)" : "");
            int textWidth = g.getFontMetrics().stringWidth(label);
            int ty = Math.max(y, 12);
            g.fillRect(x, ty - 12, textWidth + 4, 13);
            g.setColor(Color.BLACK);
            g.drawString(label, x + 2, ty - 2);
        }
        g.dispose();
        return tile;
    }

    private static int blend(int rgb, Color color, float alpha) {
        int r = (int) (((rgb >> 16) & 0xff) * (1 - alpha) + color.getRed() * alpha);
        int gr = (int) (((rgb >> 8) & 0xff) * (1 - alpha) + color.getGreen() * alpha);
        int b = (int) ((rgb & 0xff) * (1 - alpha) + color.getBlue() * alpha);
        return (r << 16) | (gr << 8) | b;
    }
}
