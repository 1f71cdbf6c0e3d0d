package dev.annogan.datasets.shapes;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;

/**
 * Paints the textured backgrounds of the shapes dataset, so a model cannot find the shapes by
 * colour alone: smooth gradients, stripes, per-pixel noise and clutter of thin lines and arcs. The
 * clutter is open strokes only, never closed outlines that could pass for an unannotated shape.
 */
final class Backgrounds {

    private enum Texture {
        GRADIENT,
        STRIPES,
        NOISE,
        CLUTTER
    }

    private Backgrounds() {}

    /**
     * Paints a random background over the whole image.
     *
     * @param image a {@code TYPE_3BYTE_BGR} image
     * @param g a graphics context of the image, antialiasing off
     * @param random the image's random source
     */
    static void paint(BufferedImage image, Graphics2D g, Random random) {
        int w = image.getWidth();
        int h = image.getHeight();
        Texture texture = Texture.values()[random.nextInt(Texture.values().length)];
        Color base = Palette.muted(random);
        Color second = Palette.muted(random);
        switch (texture) {
            case GRADIENT -> gradient(g, w, h, base, second, random);
            case STRIPES -> stripes(g, w, h, base, second, random);
            case NOISE -> noise(image, base, random);
            case CLUTTER -> clutter(g, w, h, base, random);
        }
    }

    private static void gradient(Graphics2D g, int w, int h, Color from, Color to, Random random) {
        float x1 = random.nextFloat() * w;
        float y1 = random.nextFloat() * h;
        float x2 = random.nextFloat() * w;
        float y2 = random.nextFloat() * h;
        g.setPaint(new GradientPaint(x1, y1, from, x2, y2, to, random.nextBoolean()));
        g.fillRect(0, 0, w, h);
    }

    private static void stripes(
            Graphics2D g, int w, int h, Color base, Color stripe, Random random) {
        g.setColor(base);
        g.fillRect(0, 0, w, h);
        double period = 4 + random.nextInt(Math.max(2, Math.min(w, h) / 6));
        double width = period * (0.3 + 0.4 * random.nextDouble());
        AffineTransform saved = g.getTransform();
        g.rotate(random.nextDouble() * Math.PI, w / 2.0, h / 2.0);
        g.setColor(stripe);
        // The rotated stripes must cover the image's corners: span its diagonal both ways.
        int reach = (int) Math.ceil(Math.hypot(w, h));
        for (double x = -reach; x < reach; x += period) {
            g.fill(new Rectangle2D.Double(x, -reach, width, 3.0 * reach));
        }
        g.setTransform(saved);
    }

    private static void noise(BufferedImage image, Color base, Random random) {
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int amplitude = 20 + random.nextInt(40);
        int[] rgb = {base.getBlue(), base.getGreen(), base.getRed()};
        // Noise in 2x2 blocks reads as texture at these sizes rather than as sensor grain.
        int w = image.getWidth();
        int h = image.getHeight();
        for (int by = 0; by < h; by += 2) {
            for (int bx = 0; bx < w; bx += 2) {
                int offset = random.nextInt(2 * amplitude + 1) - amplitude;
                for (int y = by; y < Math.min(h, by + 2); y++) {
                    for (int x = bx; x < Math.min(w, bx + 2); x++) {
                        int p = (y * w + x) * 3;
                        for (int c = 0; c < 3; c++) {
                            bgr[p + c] = (byte) Palette.clamp(rgb[c] + offset);
                        }
                    }
                }
            }
        }
    }

    private static void clutter(Graphics2D g, int w, int h, Color base, Random random) {
        g.setColor(base);
        g.fillRect(0, 0, w, h);
        int strokes = 10 + random.nextInt(20);
        for (int i = 0; i < strokes; i++) {
            g.setColor(Palette.muted(random));
            g.setStroke(new BasicStroke(1 + random.nextInt(2)));
            double x = random.nextDouble() * w;
            double y = random.nextDouble() * h;
            double size = 4 + random.nextDouble() * Math.min(w, h) / 3.0;
            if (random.nextBoolean()) {
                double angle = random.nextDouble() * 2 * Math.PI;
                g.draw(
                        new Line2D.Double(
                                x,
                                y,
                                x + size * StrictMath.cos(angle),
                                y + size * StrictMath.sin(angle)));
            } else {
                // At most 240 degrees, so an arc never closes into something circle-like.
                double start = random.nextDouble() * 360;
                double extent = 40 + random.nextDouble() * 200;
                g.draw(new Arc2D.Double(x, y, size, size, start, extent, Arc2D.OPEN));
            }
        }
    }
}
