package dev.annogan.datasets.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annogan.datasets.coco.mask.RunLengthMask;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pixels {@link SceneRenderer} draws against the polygons it reports. */
class SceneRendererTest {

    private static final int W = 96;
    private static final int H = 80;

    /** Java2D's raster of a polygon, 1 where a pixel centre is inside. */
    private static byte[] javaRaster(double[] polygon) {
        BufferedImage mask = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = SceneRenderer.exact(mask.createGraphics());
        g.setColor(Color.WHITE);
        g.fill(SceneRenderer.path(polygon));
        g.dispose();
        byte[] out = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                out[y * W + x] = (byte) (mask.getRaster().getSample(x, y, 0) != 0 ? 1 : 0);
            }
        }
        return out;
    }

    @Test
    void visiblePixelsOfEachShapeLieInsideItsPolygon() {
        SceneRenderer renderer =
                new SceneRenderer(W, H, new SceneStyle(4, 6, 0.06, 0.22, 0.5, 0.8));
        for (int seed = 0; seed < 20; seed++) {
            Scene scene = renderer.render(new Random(seed));
            List<SceneObject> objects = scene.objects();
            for (int i = 0; i < objects.size(); i++) {
                SceneObject object = objects.get(i);
                byte[] inside =
                        object.isCrowd() ? object.crowdMask() : javaRaster(object.polygon());
                int visible = 0;
                int full = 0;
                for (int p = 0; p < inside.length; p++) {
                    full += inside[p];
                    if (scene.owner()[p] == i) {
                        visible++;
                        assertEquals(1, inside[p], "seed " + seed + " object " + i + " pixel " + p);
                    }
                }
                assertTrue(
                        visible >= SceneRenderer.MIN_VISIBLE_FRACTION * full,
                        "seed " + seed + " object " + i + ": " + visible + " of " + full);
                if (i == objects.size() - 1) {
                    assertEquals(full, visible, "the last shape drawn is fully visible");
                }
            }
        }
    }

    /** Java2D's raster and pycocotools' (which sets the area) differ only along edges. */
    @Test
    void themedScenesMakeKindsOfOneThemeCoOccur() {
        // Kinds of one theme should appear together far more often than kinds of two themes;
        // with no theme the two rates agree. 300 scenes of 4 to 6 shapes, 32x32 pixels.
        double[] themed = pairRates(0.8);
        double[] independent = pairRates(0);
        assertTrue(themed[0] > 2 * themed[1], "same theme " + themed[0] + ", across " + themed[1]);
        assertEquals(independent[0], independent[1], 0.08, "without themes");
    }

    /** Returns the fraction of scenes with circle and square, and with circle and triangle. */
    private static double[] pairRates(double themeStrength) {
        SceneRenderer renderer =
                new SceneRenderer(32, 32, new SceneStyle(4, 6, 0.06, 0.22, 0, themeStrength));
        Random random = new Random(3);
        int same = 0;
        int across = 0;
        int scenes = 300;
        for (int i = 0; i < scenes; i++) {
            java.util.Set<ShapeKind> kinds = java.util.EnumSet.noneOf(ShapeKind.class);
            renderer.render(random).objects().forEach(o -> kinds.add(o.kind()));
            same += kinds.contains(ShapeKind.CIRCLE) && kinds.contains(ShapeKind.SQUARE) ? 1 : 0;
            across +=
                    kinds.contains(ShapeKind.CIRCLE) && kinds.contains(ShapeKind.TRIANGLE) ? 1 : 0;
        }
        return new double[] {same / (double) scenes, across / (double) scenes};
    }

    @Test
    void javaRasterAgreesWithTheCocoMaskOfThePolygon() {
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            ShapeKind kind = ShapeKind.values()[i % ShapeKind.values().length];
            double radius = 5 + 15 * random.nextDouble();
            double[] polygon =
                    kind.outline(
                            radius + 1 + random.nextDouble() * (W - 2 * radius - 2),
                            radius + 1 + random.nextDouble() * (H - 2 * radius - 2),
                            radius,
                            random.nextDouble() * 6.3);
            byte[] java = javaRaster(polygon);
            byte[] coco = RunLengthMask.fromPolygons(List.of(polygon), H, W).toBinary(true);
            int both = 0;
            int either = 0;
            for (int p = 0; p < java.length; p++) {
                both += java[p] & coco[p];
                either += java[p] | coco[p];
            }
            assertTrue(
                    both >= 0.85 * either,
                    kind + " r=" + radius + ": IoU " + (double) both / either);
        }
    }

    @Test
    void outlinesStayWithinTheirRadius() {
        for (ShapeKind kind : ShapeKind.values()) {
            double[] polygon = kind.outline(50, 40, 12.5, 1.234);
            for (int i = 0; i < polygon.length; i += 2) {
                double r = Math.hypot(polygon[i] - 50, polygon[i + 1] - 40);
                assertTrue(r <= 12.5 + 0.01, kind + " vertex at radius " + r);
            }
        }
    }
}
