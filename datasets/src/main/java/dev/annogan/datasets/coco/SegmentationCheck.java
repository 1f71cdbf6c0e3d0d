package dev.annogan.datasets.coco;

/**
 * Checks a segmentation against the image it belongs to: polygons inside the image (within a
 * tolerance), run-length encodings of the image's size whose runs cover it exactly. Shared by the
 * dataset reader and the results reader, so both reject the same masks with the same words.
 */
final class SegmentationCheck {

    private SegmentationCheck() {}

    /**
     * Returns the first problem as {@code {field, message}}, or {@code null} when the segmentation
     * is valid for the image.
     */
    static String[] problem(Segmentation segmentation, CocoImage image, double tolerance) {
        if (segmentation instanceof Segmentation.Polygons polygons) {
            return polygonProblem(polygons, image, tolerance);
        }
        int h;
        int w;
        if (segmentation instanceof Segmentation.Rle rle) {
            h = rle.height();
            w = rle.width();
        } else {
            Segmentation.CompressedRle rle = (Segmentation.CompressedRle) segmentation;
            h = rle.height();
            w = rle.width();
        }
        if (h != image.height() || w != image.width()) {
            return new String[] {
                "segmentation.size",
                String.format(
                        "[%d, %d] differs from image %d's size [%d, %d]",
                        h, w, image.id(), image.height(), image.width())
            };
        }
        try {
            segmentation.toMask(h, w);
            return null;
        } catch (IllegalArgumentException e) {
            return new String[] {"segmentation.counts", e.getMessage()};
        }
    }

    private static String[] polygonProblem(
            Segmentation.Polygons polygons, CocoImage image, double tolerance) {
        int w = image.width();
        int h = image.height();
        for (int r = 0; r < polygons.rings().size(); r++) {
            double[] ring = polygons.rings().get(r);
            // pycocotools rasterises 2-point rings too (as slivers), so only odd or tiny
            // coordinate lists are malformed.
            if (ring.length % 2 != 0 || ring.length < 4) {
                return new String[] {
                    "segmentation[" + r + "]",
                    "a polygon needs an even number of coordinates (at least 2 points), found "
                            + ring.length
                };
            }
            for (int i = 0; i < ring.length; i += 2) {
                double x = ring[i];
                double y = ring[i + 1];
                if (x < -tolerance || y < -tolerance || x > w + tolerance || y > h + tolerance) {
                    return new String[] {
                        "segmentation[" + r + "]",
                        String.format(
                                "point (%s, %s) lies outside image %d (%dx%d)",
                                number(x), number(y), image.id(), w, h)
                    };
                }
            }
        }
        return null;
    }

    /** Formats integral values without ".0", as they appear in COCO files. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }
}
