package dev.annogan.datasets.shapes;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Draws one image of the shapes dataset: a textured background, optionally a crowd of small
 * same-class shapes, then several shapes that may partly cover earlier ones, then pixel noise.
 *
 * <p>Every shape is filled with Java2D into an 8-bit mask, antialiasing off and stroke control
 * {@code PURE}, so a pixel is set exactly when its centre lies inside the polygon (Java2D's rule;
 * the default stroke control would nudge vertices to a quarter-pixel grid). The shape's colours are
 * then painted on exactly the mask's pixels, and the same mask drives the occlusion bookkeeping. A
 * placement that would leave an earlier object with less than {@link #MIN_VISIBLE_FRACTION} of its
 * pixels visible is retried elsewhere, and dropped after {@link #PLACEMENT_ATTEMPTS} tries, so
 * every annotated object can be seen. Not thread-safe: one renderer per thread.
 */
final class SceneRenderer {

    static final double MIN_VISIBLE_FRACTION = 0.4;
    static final int PLACEMENT_ATTEMPTS = 30;

    private final int width;
    private final int height;
    private final SceneStyle style;
    private final BufferedImage scratch;
    private final byte[] scratchPixels;
    private final Graphics2D scratchGraphics;

    SceneRenderer(int width, int height, SceneStyle style) {
        this.width = width;
        this.height = height;
        this.style = style;
        scratch = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        scratchPixels = ((DataBufferByte) scratch.getRaster().getDataBuffer()).getData();
        scratchGraphics = exact(scratch.createGraphics());
        scratchGraphics.setColor(Color.WHITE);
    }

    /**
     * Renders one image.
     *
     * @param random the image's own random source; the same sequence gives the same scene
     * @return the image, its objects and its owner map
     */
    Scene render(Random random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = exact(image.createGraphics());
        try {
            Backgrounds.paint(image, g, random);
            int[] owner = new int[width * height];
            Arrays.fill(owner, -1);
            List<SceneObject> objects = new ArrayList<>();
            List<Integer> visible = new ArrayList<>();
            List<Integer> fullArea = new ArrayList<>();
            int theme = random.nextInt(ShapeKind.THEMES.size());
            if (random.nextDouble() < style.crowdFraction()) {
                ShapeKind kind = kind(random, theme);
                byte[] crowd = drawCrowd(image, random, kind);
                int area = claim(crowd, owner, objects.size(), visible);
                objects.add(new SceneObject(kind, null, crowd));
                visible.add(area);
                fullArea.add(area);
            }
            int shapes =
                    style.minShapes() + random.nextInt(style.maxShapes() - style.minShapes() + 1);
            for (int i = 0; i < shapes; i++) {
                placeShape(image, random, theme, owner, objects, visible, fullArea);
            }
            PixelNoise.add(image, random);
            return new Scene(image, List.copyOf(objects), owner);
        } finally {
            g.dispose();
        }
    }

    private void placeShape(
            BufferedImage image,
            Random random,
            int theme,
            int[] owner,
            List<SceneObject> objects,
            List<Integer> visible,
            List<Integer> fullArea) {
        int side = Math.min(width, height);
        double minRadius = Math.max(3, style.minRadius() * side);
        double maxRadius = Math.max(minRadius, style.maxRadius() * side);
        for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
            ShapeKind kind = kind(random, theme);
            double radius = minRadius + random.nextDouble() * (maxRadius - minRadius);
            // A one-pixel margin keeps every rounded vertex inside [0, width] x [0, height].
            double cx = radius + 1 + random.nextDouble() * Math.max(0, width - 2 * radius - 2);
            double cy = radius + 1 + random.nextDouble() * Math.max(0, height - 2 * radius - 2);
            double rotation = random.nextDouble() * 2 * Math.PI;
            Color color = Palette.vivid(random);
            double[] polygon = kind.outline(cx, cy, radius, rotation);
            byte[] mask = rasterize(path(polygon));
            if (!leavesEnoughVisible(mask, owner, visible, fullArea)) {
                continue;
            }
            // A mild two-tone gradient across the shape's box, as shading.
            Color shade = Palette.jitter(color, 40, random);
            paint(image, mask, color, shade, cx - radius, cy - radius, cx + radius, cy + radius);
            int area = claim(mask, owner, objects.size(), visible);
            objects.add(new SceneObject(kind, polygon, null));
            visible.add(area);
            fullArea.add(area);
            return;
        }
    }

    /** Draws a cluster of small same-class shapes and returns the union of their pixels. */
    private byte[] drawCrowd(BufferedImage image, Random random, ShapeKind kind) {
        int side = Math.min(width, height);
        double region = (0.12 + 0.08 * random.nextDouble()) * side;
        double small = Math.max(2, 0.02 * side);
        double qx = region + random.nextDouble() * Math.max(0, width - 2 * region);
        double qy = region + random.nextDouble() * Math.max(0, height - 2 * region);
        Color color = Palette.vivid(random);
        byte[] union = new byte[width * height];
        int members = 6 + random.nextInt(9);
        for (int i = 0; i < members; i++) {
            double radius = small * (1 + 1.2 * random.nextDouble());
            double angle = random.nextDouble() * 2 * Math.PI;
            double distance = region * StrictMath.sqrt(random.nextDouble());
            double cx =
                    clamp(qx + distance * StrictMath.cos(angle), radius + 1, width - radius - 1);
            double cy =
                    clamp(qy + distance * StrictMath.sin(angle), radius + 1, height - radius - 1);
            double[] polygon = kind.outline(cx, cy, radius, random.nextDouble() * 2 * Math.PI);
            byte[] mask = rasterize(path(polygon));
            Color member = Palette.jitter(color, 25, random);
            paint(image, mask, member, member, 0, 0, 1, 1);
            for (int p = 0; p < union.length; p++) {
                union[p] |= mask[p];
            }
        }
        return union;
    }

    /**
     * Checks that covering {@code mask} would leave every earlier object at least {@link
     * #MIN_VISIBLE_FRACTION} of its own pixels visible, and that the new shape has pixels.
     */
    private static boolean leavesEnoughVisible(
            byte[] mask, int[] owner, List<Integer> visible, List<Integer> fullArea) {
        int[] covered = new int[visible.size()];
        int area = 0;
        for (int p = 0; p < mask.length; p++) {
            if (mask[p] != 0) {
                area++;
                if (owner[p] >= 0) {
                    covered[owner[p]]++;
                }
            }
        }
        if (area < 4) {
            return false;
        }
        for (int i = 0; i < covered.length; i++) {
            if (visible.get(i) - covered[i] < MIN_VISIBLE_FRACTION * fullArea.get(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Paints the mask's pixels with a linear gradient from {@code from} at {@code (x0, y0)} to
     * {@code to} at {@code (x1, y1)}. Painting through the mask, rather than letting Java2D fill
     * the shape with a gradient paint, guarantees the painted pixels are the mask's: Java2D's paint
     * pipeline covers a few edge pixels differently from its solid fill.
     */
    private static void paint(
            BufferedImage image,
            byte[] mask,
            Color from,
            Color to,
            double x0,
            double y0,
            double x1,
            double y1) {
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int w = image.getWidth();
        double dx = x1 - x0;
        double dy = y1 - y0;
        double length2 = dx * dx + dy * dy;
        int[] a = {from.getBlue(), from.getGreen(), from.getRed()};
        int[] b = {to.getBlue(), to.getGreen(), to.getRed()};
        for (int p = 0; p < mask.length; p++) {
            if (mask[p] == 0) {
                continue;
            }
            double t = ((p % w + 0.5 - x0) * dx + (p / w + 0.5 - y0) * dy) / length2;
            t = Math.max(0, Math.min(1, t));
            for (int c = 0; c < 3; c++) {
                bgr[3 * p + c] = (byte) (int) Math.round(a[c] + t * (b[c] - a[c]));
            }
        }
    }

    /** Makes {@code index} the visible object on the mask's pixels; returns the mask's area. */
    private static int claim(byte[] mask, int[] owner, int index, List<Integer> visible) {
        int area = 0;
        for (int p = 0; p < mask.length; p++) {
            if (mask[p] != 0) {
                area++;
                if (owner[p] >= 0) {
                    visible.set(owner[p], visible.get(owner[p]) - 1);
                }
                owner[p] = index;
            }
        }
        return area;
    }

    /** Fills the path into the scratch mask and returns a copy, 1 inside and 0 outside. */
    private byte[] rasterize(Path2D path) {
        Arrays.fill(scratchPixels, (byte) 0);
        scratchGraphics.fill(path);
        byte[] mask = new byte[scratchPixels.length];
        for (int p = 0; p < mask.length; p++) {
            mask[p] = (byte) (scratchPixels[p] != 0 ? 1 : 0);
        }
        return mask;
    }

    static Path2D path(double[] polygon) {
        Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO, polygon.length / 2);
        path.moveTo(polygon[0], polygon[1]);
        for (int i = 2; i < polygon.length; i += 2) {
            path.lineTo(polygon[i], polygon[i + 1]);
        }
        path.closePath();
        return path;
    }

    /** Sets the hints under which filled pixels are exactly those with centres inside a shape. */
    static Graphics2D exact(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
        return g;
    }

    /** Draws a kind from the scene's theme with probability themeStrength, else any kind. */
    private ShapeKind kind(Random random, int theme) {
        List<ShapeKind> pool =
                random.nextDouble() < style.themeStrength()
                        ? ShapeKind.THEMES.get(theme)
                        : List.of(ShapeKind.values());
        return pool.get(random.nextInt(pool.size()));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
