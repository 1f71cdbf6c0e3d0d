package dev.annogan.training.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.annogan.training.augment.ImageAugmentation.Aligned;
import dev.annogan.training.augment.ImageAugmentation.Flips;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Augmented images keep their masks aligned; photometric changes leave masks alone. */
class ImageAugmentationTest {

    private static final int N = 16;
    private static final int SIDE = 8;

    @Test
    void flipsAndShiftsMoveImagesAndMasksTogether() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Every pixel's value names its position, in the image and in the mask: after the
            // change, wherever the mask has a value the image has the same one.
            NDArray images = positions(manager).reshape(N, 1, SIDE, SIDE);
            NDArray masks = positions(manager).toType(DataType.INT32, false);
            ImageAugmentation augment =
                    ImageAugmentation.builder().optFlips(Flips.DIHEDRAL).optShift(3).build();
            NDList out =
                    augment.apply(
                            images, List.of(new Aligned(masks, -1f)), new SplittableRandom(3));
            float[] image = out.get(0).toFloatArray();
            int[] mask = out.get(1).toIntArray();
            assertEquals(DataType.INT32, out.get(1).getDataType());
            int moved = 0;
            int filled = 0;
            for (int j = 0; j < mask.length; j++) {
                if (mask[j] == -1) {
                    filled++;
                    continue;
                }
                assertEquals(mask[j], image[j], 0f, "pixel " + j);
                // Still a pixel of the same image.
                assertEquals(j / (SIDE * SIDE), mask[j] / (SIDE * SIDE));
                moved += mask[j] != j ? 1 : 0;
            }
            assertTrue(moved > mask.length / 2, "most pixels moved: " + moved);
            assertTrue(filled > 0, "shifts bring in pixels from outside the mask");
        }
    }

    @Test
    void eachFlipIsASymmetryOfTheImage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = positions(manager).reshape(N, 1, SIDE, SIDE);
            NDList out =
                    ImageAugmentation.builder()
                            .optFlips(Flips.DIHEDRAL)
                            .build()
                            .apply(images, List.of(), new SplittableRandom(9));
            float[] image = out.get(0).toFloatArray();
            for (int i = 0; i < N; i++) {
                // A symmetry permutes the image's pixels: the same values, each once.
                float[] row = java.util.Arrays.copyOfRange(image, i * 64, (i + 1) * 64);
                java.util.Arrays.sort(row);
                for (int q = 0; q < 64; q++) {
                    assertEquals(i * 64 + q, row[q], 0f);
                }
            }
        }
    }

    @Test
    void jitterAndCutoutChangeTheImageOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.randomUniform(-1f, 1f, new Shape(N, 3, SIDE, SIDE));
            NDArray masks = positions(manager);
            ImageAugmentation augment =
                    ImageAugmentation.builder().optJitter(0.5f, 0.5f).optCutout(0.5f).build();
            NDList out =
                    augment.apply(
                            images, List.of(new Aligned(masks, -1f)), new SplittableRandom(1));
            assertArrayEquals(masks.toFloatArray(), out.get(1).toFloatArray());
            assertFalse(java.util.Arrays.equals(images.toFloatArray(), out.get(0).toFloatArray()));
            // Cutout paints a square of side 4 (half of 8), clipped at the edges, with 0.
            float[] changed = out.get(0).toFloatArray();
            for (int i = 0; i < N; i++) {
                int zeros = 0;
                for (int q = 0; q < 64; q++) {
                    zeros += changed[i * 3 * 64 + q] == 0f ? 1 : 0;
                }
                assertTrue(zeros >= 4 && zeros <= 16, "image " + i + ": " + zeros + " zeros");
            }
        }
    }

    @Test
    void sameSeedAndStepGiveTheSameBatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageAugmentation augment =
                    ImageAugmentation.builder()
                            .optFlips(Flips.LEFT_RIGHT)
                            .optShift(2)
                            .optJitter(0.2f, 0.2f)
                            .build();
            Batch batch = batch(manager);
            float[] a = augment.apply(batch, 7, 12).getData().head().toFloatArray();
            float[] b = augment.apply(batch, 7, 12).getData().head().toFloatArray();
            float[] c = augment.apply(batch, 7, 13).getData().head().toFloatArray();
            assertArrayEquals(a, b);
            assertFalse(java.util.Arrays.equals(a, c));
            // The mask label moved with the images; the flag label did not change.
            Batch changed = augment.apply(batch, 7, 12);
            assertEquals(new Shape(N, SIDE, SIDE), changed.getLabels().get(0).getShape());
            assertArrayEquals(
                    batch.getLabels().get(1).toFloatArray(),
                    changed.getLabels().get(1).toFloatArray());
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ImageAugmentation.builder().optShift(-1).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> ImageAugmentation.builder().optJitter(0, 1.5f).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> ImageAugmentation.builder().optCutout(2).build());
        assertTrue(ImageAugmentation.builder().build().isIdentity());
    }

    private static NDArray positions(NDManager manager) {
        return manager.arange(0f, N * SIDE * SIDE).reshape(N, SIDE, SIDE);
    }

    private static Batch batch(NDManager manager) {
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(N, 1, SIDE, SIDE));
        return new Batch(
                manager,
                new NDList(images),
                new NDList(positions(manager), manager.ones(new Shape(N))),
                N,
                Batchifier.STACK,
                Batchifier.STACK,
                0,
                1);
    }
}
