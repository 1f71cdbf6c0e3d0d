package dev.annogan.datasets.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Targets computed from annotations, checked on hand-drawn cases. */
class CocoTargetsTest {

    private static final CocoImage IMAGE = new CocoImage(1, "a.png", 4, 3, null, null);
    private static final CategoryMap CLASSES =
            CategoryMap.of(List.of(new CocoCategory(3, "b", null), new CocoCategory(1, "a", null)));

    private static CocoAnnotation box(long id, int category, double... xywh) {
        return new CocoAnnotation(id, 1, category, xywh, xywh[2] * xywh[3], false, null);
    }

    @Test
    void multiHotMarksEachPresentClassOnce() {
        List<CocoAnnotation> annotations =
                List.of(box(1, 3, 0, 0, 1, 1), box(2, 3, 1, 1, 1, 1), box(3, 7, 0, 0, 1, 1));
        // Class index follows category id: id 1 -> 0, id 3 -> 1; id 7 is not a class.
        assertArrayEquals(new float[] {0, 1}, CocoTargets.multiHot(annotations, CLASSES));
    }

    @Test
    void semanticMapPaintsSmallerObjectsOnTop() {
        // A 4x3 box of class id 1 (value 1) and a 2x1 box of class id 3 (value 2) inside it.
        List<CocoAnnotation> annotations = List.of(box(1, 3, 1, 1, 2, 1), box(2, 1, 0, 0, 4, 3));
        int[] map = CocoTargets.semanticMap(IMAGE, annotations, CLASSES);
        assertArrayEquals(
                new int[] {
                    1, 1, 1, 1,
                    1, 2, 2, 1,
                    1, 1, 1, 1
                },
                map);
    }

    @Test
    void semanticMapRasterisesPolygonsAndCrowdRegionsUnderneath() {
        // Crowd RLE covering column 0 (3 pixels) with class id 3; a polygon square over
        // columns 0-1, rows 0-1 with class id 1 wins where they overlap.
        CocoAnnotation crowd =
                new CocoAnnotation(
                        1,
                        1,
                        3,
                        new double[] {0, 0, 1, 3},
                        3,
                        true,
                        new Segmentation.Rle(3, 4, new int[] {0, 3, 9}));
        CocoAnnotation square =
                new CocoAnnotation(
                        2,
                        1,
                        1,
                        new double[] {0, 0, 2, 2},
                        4,
                        false,
                        new Segmentation.Polygons(
                                List.of(new double[] {0, 0, 1.99, 0, 1.99, 1.99, 0, 1.99})));
        int[] map = CocoTargets.semanticMap(IMAGE, List.of(square, crowd), CLASSES);
        assertArrayEquals(
                new int[] {
                    1, 1, 0, 0,
                    1, 1, 0, 0,
                    2, 0, 0, 0
                },
                map);
    }

    @Test
    void boxesAreScaledPaddedAndSkipCrowds() {
        CocoAnnotation crowd =
                new CocoAnnotation(
                        9,
                        1,
                        1,
                        new double[] {0, 0, 1, 1},
                        1,
                        true,
                        new Segmentation.Rle(3, 4, new int[] {0, 1, 11}));
        List<CocoAnnotation> annotations = List.of(box(1, 3, 1, 0.5, 2, 1), crowd);
        float[] rows = CocoTargets.boxes(IMAGE, annotations, CLASSES, 2, 8, 6);
        assertArrayEquals(new float[] {1, 2, 1, 6, 3, -1, -1, -1, -1, -1}, rows);
        assertEquals(1, CocoTargets.boxCount(annotations, CLASSES, 2));
    }

    @Test
    void boxesKeepTheLargestWhenThereAreTooMany() {
        List<CocoAnnotation> annotations =
                List.of(box(1, 1, 0, 0, 1, 1), box(2, 3, 0, 0, 3, 2), box(3, 1, 0, 0, 2, 2));
        float[] rows = CocoTargets.boxes(IMAGE, annotations, CLASSES, 2, 4, 3);
        assertArrayEquals(new float[] {1, 0, 0, 3, 2, 0, 0, 0, 2, 2}, rows);
        assertEquals(2, CocoTargets.boxCount(annotations, CLASSES, 2));
    }
}
