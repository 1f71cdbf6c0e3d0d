package dev.annogan.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Flips move every pixel of an image and of its mask to the same place, and nothing else. */
class RandomFlipsTest {

    /** Image i of the batch holds 100 i + 10 y + x at (y, x) in both channels. */
    private static float[] image(int i, int side) {
        float[] pixels = new float[2 * side * side];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    pixels[(c * side + y) * side + x] = 100 * i + 10 * y + x;
                }
            }
        }
        return pixels;
    }

    private static Batch batch(NDManager manager, int n, int side) {
        float[] images = new float[n * 2 * side * side];
        int[] masks = new int[n * side * side];
        for (int i = 0; i < n; i++) {
            float[] one = image(i, side);
            System.arraycopy(one, 0, images, i * one.length, one.length);
            for (int p = 0; p < side * side; p++) {
                masks[i * side * side + p] = (int) one[p];
            }
        }
        NDList data = new NDList(manager.create(images, new Shape(n, 2, side, side)));
        NDList labels =
                new NDList(
                        manager.create(masks, new Shape(n, side, side)),
                        manager.arange(0f, n * 3f).reshape(n, 3));
        return new Batch(manager, data, labels, n, Batchifier.STACK, Batchifier.STACK, 0, 1);
    }

    /** Where pixel (y, x) of a side x side image goes under symmetry t, as the class defines t. */
    private static int[] moved(int t, int y, int x, int side) {
        if ((t & 1) != 0) {
            x = side - 1 - x;
        }
        if ((t & 2) != 0) {
            y = side - 1 - y;
        }
        if ((t & 4) != 0) {
            int swap = y;
            y = x;
            x = swap;
        }
        return new int[] {y, x};
    }

    @Test
    void imagesAndMasksMoveTogetherAndTagsStay() {
        int n = 16;
        int side = 3;
        RandomFlips flips = RandomFlips.builder().optDihedral(true).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            Batch batch = batch(manager, n, side);
            Batch flipped = flips.apply(batch, 7, 11);
            int[] t = flips.transforms(7, 11, n);
            float[] images = flipped.getData().head().toFloatArray();
            int[] masks = flipped.getLabels().head().toIntArray();
            for (int i = 0; i < n; i++) {
                float[] original = image(i, side);
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        int[] to = moved(t[i], y, x, side);
                        int at = to[0] * side + to[1];
                        for (int c = 0; c < 2; c++) {
                            assertEquals(
                                    original[(c * side + y) * side + x],
                                    images[((i * 2 + c) * side * side) + at]);
                        }
                        assertEquals((int) original[y * side + x], masks[i * side * side + at]);
                    }
                }
            }
            assertArrayEquals(
                    batch.getLabels().get(1).toFloatArray(),
                    flipped.getLabels().get(1).toFloatArray());
            assertEquals(n, flipped.getSize());
        }
    }

    @Test
    void choicesDependOnlyOnSeedAndStepAndCoverTheGroup() {
        RandomFlips dihedral = RandomFlips.builder().optDihedral(true).build();
        assertArrayEquals(dihedral.transforms(3, 5, 64), dihedral.transforms(3, 5, 64));
        assertTrue(
                !java.util.Arrays.equals(
                        dihedral.transforms(3, 5, 64), dihedral.transforms(3, 6, 64)));
        Set<Integer> seen = new HashSet<>();
        for (int t : dihedral.transforms(1, 1, 256)) {
            seen.add(t);
        }
        assertEquals(8, seen.size());
        for (int t : RandomFlips.builder().build().transforms(1, 1, 256)) {
            assertTrue(t == 0 || t == 1, "left-right only: " + t);
        }
    }

    @Test
    void nonSquareImagesAreNeverTransposed() {
        RandomFlips flips = RandomFlips.builder().optDihedral(true).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.arange(0f, 8 * 6f).reshape(8, 1, 2, 3);
            Batch batch =
                    new Batch(
                            manager,
                            new NDList(images),
                            new NDList(),
                            8,
                            Batchifier.STACK,
                            Batchifier.STACK,
                            0,
                            1);
            assertEquals(
                    new Shape(8, 1, 2, 3), flips.apply(batch, 2, 0).getData().head().getShape());
        }
    }

    @Test
    void noneReturnsTheBatchItself() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Batch batch = batch(manager, 2, 2);
            assertSame(batch, BatchAugmentation.NONE.apply(batch, 1, 1));
        }
    }
}
