package dev.annogan.datasets.coco.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annogan.datasets.coco.Segmentation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases for {@link RunLengthMask}; pycocotools' outputs are checked elsewhere. */
class RunLengthMaskTest {

    // 3x3 masks, column-major: pixel index = x * 3 + y.
    private static final RunLengthMask FIRST_COLUMN =
            RunLengthMask.fromCounts(3, 3, new int[] {0, 3, 6});
    private static final RunLengthMask FIRST_ROW =
            RunLengthMask.fromCounts(3, 3, new int[] {0, 1, 2, 1, 2, 1, 2});
    private static final RunLengthMask FULL = RunLengthMask.fromCounts(3, 3, new int[] {0, 9});

    @Test
    void aSetOfPixelsEncodesAsItsWholeMaskDoes() {
        java.util.Random random = new java.util.Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int h = 1 + random.nextInt(6);
            int w = 1 + random.nextInt(6);
            byte[] mask = new byte[h * w];
            java.util.List<Integer> pixels = new java.util.ArrayList<>();
            for (int p = 0; p < mask.length; p++) {
                if (random.nextInt(3) == 0) {
                    mask[p] = 1;
                    pixels.add(p);
                }
            }
            java.util.Collections.shuffle(pixels, random);
            int[] indices = pixels.stream().mapToInt(Integer::intValue).toArray();
            assertEquals(
                    RunLengthMask.fromBinary(mask, h, w, true),
                    RunLengthMask.fromPixels(indices, h, w),
                    h + "x" + w + " " + pixels);
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> RunLengthMask.fromPixels(new int[] {9}, 3, 3));
    }

    @Test
    void encodesARowMajorMaskColumnByColumn() {
        byte[] rowMajor = {
            0, 1, 1, 0,
            0, 1, 0, 0,
            1, 1, 0, 0
        };
        RunLengthMask mask = RunLengthMask.fromBinary(rowMajor, 3, 4, true);
        // Columns top to bottom: 001 | 111 | 100 | 000.
        assertArrayEquals(new int[] {2, 5, 5}, mask.counts());
        assertEquals(5, mask.area());
        assertArrayEquals(rowMajor, mask.toBinary(true));
    }

    @Test
    void columnMajorRoundTripKeepsTheBytes() {
        byte[] columnMajor = {1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1};
        RunLengthMask mask = RunLengthMask.fromBinary(columnMajor, 4, 3, false);
        assertArrayEquals(new int[] {0, 1, 2, 2, 3, 4}, mask.counts());
        assertArrayEquals(columnMajor, mask.toBinary(false));
    }

    @Test
    void compressedStringUsesDeltasFromTheFourthRun() {
        // 40 needs two characters; the fourth run is written as 10 - 40 = -30.
        RunLengthMask mask = RunLengthMask.fromCounts(2, 29, new int[] {5, 40, 3, 10});
        assertEquals("5X13RO", mask.toCompressedString());
        assertEquals(mask, RunLengthMask.fromCompressed(2, 29, "5X13RO"));
    }

    @Test
    void squarePolygonOnA3x3GridCoversTheTopLeft2x2Pixels() {
        RunLengthMask mask = RunLengthMask.fromPolygon(new double[] {0, 0, 0, 2, 2, 2, 2, 0}, 3, 3);
        assertArrayEquals(new int[] {0, 2, 1, 2, 4}, mask.counts());
        assertEquals(4, mask.area());
        assertArrayEquals(new double[] {0, 0, 2, 2}, mask.toBbox());
        assertEquals("02103", mask.toCompressedString());
    }

    @Test
    void boxRasterisesLikeItsCornerPolygon() {
        assertEquals(
                RunLengthMask.fromPolygon(new double[] {0, 0, 0, 2, 2, 2, 2, 0}, 3, 3),
                RunLengthMask.fromBox(new double[] {0, 0, 2, 2}, 3, 3));
    }

    @Test
    void unionAndIntersectionWorkOnRuns() {
        RunLengthMask union = RunLengthMask.union(List.of(FIRST_COLUMN, FIRST_ROW));
        assertArrayEquals(new int[] {0, 4, 2, 1, 2}, union.counts());
        assertEquals(5, union.area());
        RunLengthMask intersection = RunLengthMask.intersection(List.of(FIRST_COLUMN, FIRST_ROW));
        assertArrayEquals(new int[] {0, 1, 8}, intersection.counts());
    }

    @Test
    void polygonsOfOneObjectAreUnited() {
        RunLengthMask twoSquares =
                RunLengthMask.fromPolygons(
                        List.of(
                                new double[] {0, 0, 0, 1, 1, 1, 1, 0},
                                new double[] {2, 2, 2, 3, 3, 3, 3, 2}),
                        3,
                        3);
        assertEquals(2, twoSquares.area());
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 1}, twoSquares.toBinary(true));
    }

    @Test
    void crowdIouDividesByTheDetectionArea() {
        boolean[] crowd = {true};
        boolean[] notCrowd = {false};
        assertEquals(1.0, RunLengthMask.iou(List.of(FIRST_COLUMN), List.of(FULL), crowd)[0][0]);
        assertEquals(
                3.0 / 9, RunLengthMask.iou(List.of(FIRST_COLUMN), List.of(FULL), notCrowd)[0][0]);
    }

    @Test
    void crowdBoxIouDividesByTheDetectionArea() {
        List<double[]> dt = List.of(new double[] {5, 5, 10, 10}, new double[] {20, 20, 5, 5});
        List<double[]> gt = List.of(new double[] {0, 0, 10, 10});
        double[][] crowd = RunLengthMask.boxIou(dt, gt, new boolean[] {true});
        assertEquals(0.25, crowd[0][0]);
        assertEquals(0.0, crowd[1][0]);
        double[][] plain = RunLengthMask.boxIou(dt, gt, null);
        assertEquals(25.0 / 175, plain[0][0]);
    }

    @Test
    void maskIouIsIntersectionOverUnion() {
        double[][] iou =
                RunLengthMask.iou(List.of(FIRST_COLUMN, FIRST_ROW), List.of(FIRST_ROW), null);
        assertEquals(1.0 / 5, iou[0][0]);
        assertEquals(1.0, iou[1][0]);
    }

    @Test
    void countsThatDoNotCoverTheImageAreRejected() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> RunLengthMask.fromCounts(2, 2, new int[] {1, 2}));
        assertTrue(e.getMessage().contains("sum to 3"), e.getMessage());
        assertTrue(e.getMessage().contains("4 pixels"), e.getMessage());
    }

    @Test
    void negativeCountsAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> RunLengthMask.fromCounts(2, 2, new int[] {-1, 5}));
    }

    @Test
    void runLengthSegmentationOfAnotherSizeIsRejected() {
        Segmentation rle = new Segmentation.Rle(2, 2, new int[] {4});
        assertThrows(IllegalArgumentException.class, () -> rle.toMask(3, 3));
    }

    @Test
    void malformedCompressedCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RunLengthMask.fromCompressed(1, 1, "z"));
        // 'X' announces another character that never comes.
        assertThrows(
                IllegalArgumentException.class, () -> RunLengthMask.fromCompressed(1, 40, "X"));
    }

    @Test
    void bboxSpansTheFullHeightWhenARunWrapsIntoTheNextColumn() {
        RunLengthMask wrapping = RunLengthMask.fromCounts(3, 3, new int[] {2, 2, 5});
        assertArrayEquals(new double[] {0, 0, 2, 3}, wrapping.toBbox());
    }

    @Test
    void emptyMaskHasAZeroBox() {
        RunLengthMask empty = RunLengthMask.fromCounts(3, 3, new int[] {9});
        assertArrayEquals(new double[] {0, 0, 0, 0}, empty.toBbox());
        assertEquals(0, empty.area());
    }

    @Test
    void equalityComparesSizeAndRuns() {
        assertEquals(FIRST_COLUMN, RunLengthMask.fromCounts(3, 3, new int[] {0, 3, 6}));
        assertEquals(
                FIRST_COLUMN.hashCode(),
                RunLengthMask.fromCounts(3, 3, new int[] {0, 3, 6}).hashCode());
        assertNotEquals(FIRST_COLUMN, RunLengthMask.fromCounts(9, 1, new int[] {0, 3, 6}));
    }
}
