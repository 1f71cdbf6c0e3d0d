package dev.annogan.datasets.coco;

import dev.annogan.datasets.coco.mask.RunLengthMask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns an image's annotations into training targets: a multi-hot label vector, a semantic class
 * map, or a padded list of boxes. Pure functions of the index; no image decoding.
 *
 * <p><b>Semantic overlap rule.</b> Where regions overlap, the smaller object wins: crowd regions
 * are painted first, then the other annotations in order of decreasing mask area, each over what is
 * already there. Small objects are usually in front of large ones (a cup on a table), and this
 * keeps them visible. Annotations without a segmentation are painted as their box.
 */
public final class CocoTargets {

    /** The value that fills targets of unlabelled records and pads box lists. */
    public static final int IGNORE = -1;

    private CocoTargets() {}

    /**
     * Returns the multi-hot vector of an image over {@code classes}: entry {@code k} is 1 when the
     * image has an annotation (crowd included) of class {@code k}.
     */
    public static float[] multiHot(List<CocoAnnotation> annotations, CategoryMap classes) {
        float[] vector = new float[classes.size()];
        for (CocoAnnotation a : annotations) {
            int k = classes.indexOf(a.categoryId());
            if (k >= 0) {
                vector[k] = 1f;
            }
        }
        return vector;
    }

    /**
     * Returns the semantic class map of an image at its own resolution, row-major {@code height x
     * width}: 0 for background, {@code k + 1} for class index {@code k} of {@code classes}.
     * Annotations of categories outside {@code classes} are left out.
     */
    public static int[] semanticMap(
            CocoImage image, List<CocoAnnotation> annotations, CategoryMap classes) {
        int h = image.height();
        int w = image.width();
        List<Painted> layers = new ArrayList<>();
        for (CocoAnnotation a : annotations) {
            int k = classes.indexOf(a.categoryId());
            if (k < 0) {
                continue;
            }
            RunLengthMask mask =
                    a.segmentation() != null
                            ? a.segmentation().toMask(h, w)
                            : RunLengthMask.fromBox(a.bbox(), h, w);
            layers.add(new Painted(mask, k + 1, a.iscrowd(), mask.area()));
        }
        layers.sort(
                Comparator.comparing((Painted p) -> !p.crowd)
                        .thenComparing(Comparator.comparingLong((Painted p) -> p.area).reversed()));
        int[] map = new int[h * w];
        for (Painted layer : layers) {
            paint(layer.mask, layer.value, map, w);
        }
        return map;
    }

    /** Writes {@code value} into the row-major {@code map} wherever the column-major mask is 1. */
    private static void paint(RunLengthMask mask, int value, int[] map, int width) {
        int h = mask.height();
        int[] counts = mask.counts();
        int x = 0;
        int y = 0;
        for (int i = 0; i < counts.length; i++) {
            int run = counts[i];
            if ((i & 1) == 0) {
                // Skip a run of zeros: column-major, so it wraps to the next column at h.
                y += run;
                x += y / h;
                y %= h;
                continue;
            }
            for (int n = 0; n < run; n++) {
                map[y * width + x] = value;
                if (++y == h) {
                    y = 0;
                    x++;
                }
            }
        }
    }

    /**
     * Returns up to {@code maxBoxes} boxes of an image as rows {@code [class, x0, y0, x1, y1]},
     * scaled from the image's size to {@code outWidth x outHeight} pixels, padded with rows of
     * {@link #IGNORE}. Crowd regions and categories outside {@code classes} are left out; beyond
     * {@code maxBoxes}, the largest boxes are kept.
     *
     * @return the {@code maxBoxes * 5} values, row-major
     */
    public static float[] boxes(
            CocoImage image,
            List<CocoAnnotation> annotations,
            CategoryMap classes,
            int maxBoxes,
            int outWidth,
            int outHeight) {
        List<CocoAnnotation> kept = new ArrayList<>();
        for (CocoAnnotation a : annotations) {
            if (!a.iscrowd() && classes.indexOf(a.categoryId()) >= 0) {
                kept.add(a);
            }
        }
        if (kept.size() > maxBoxes) {
            kept.sort(
                    Comparator.comparingDouble((CocoAnnotation a) -> a.bbox()[2] * a.bbox()[3])
                            .reversed());
            kept = kept.subList(0, maxBoxes);
        }
        float sx = (float) outWidth / image.width();
        float sy = (float) outHeight / image.height();
        float[] rows = new float[maxBoxes * 5];
        java.util.Arrays.fill(rows, IGNORE);
        for (int i = 0; i < kept.size(); i++) {
            double[] b = kept.get(i).bbox();
            rows[i * 5] = classes.indexOf(kept.get(i).categoryId());
            rows[i * 5 + 1] = (float) (b[0] * sx);
            rows[i * 5 + 2] = (float) (b[1] * sy);
            rows[i * 5 + 3] = (float) ((b[0] + b[2]) * sx);
            rows[i * 5 + 4] = (float) ((b[1] + b[3]) * sy);
        }
        return rows;
    }

    /** Returns how many boxes {@link #boxes} keeps for the image. */
    public static int boxCount(
            List<CocoAnnotation> annotations, CategoryMap classes, int maxBoxes) {
        int n = 0;
        for (CocoAnnotation a : annotations) {
            if (!a.iscrowd() && classes.indexOf(a.categoryId()) >= 0) {
                n++;
            }
        }
        return Math.min(n, maxBoxes);
    }

    private record Painted(RunLengthMask mask, int value, boolean crowd, long area) {}
}
