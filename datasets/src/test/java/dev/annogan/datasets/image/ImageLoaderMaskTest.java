package dev.annogan.datasets.image;

import static dev.annogan.datasets.image.TestImages.at;
import static dev.annogan.datasets.image.TestImages.rgb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageLoader#resizeMask} and its alignment with the image resize. */
class ImageLoaderMaskTest {

    @TempDir Path dir;

    @Test
    void eachOutputPixelTakesTheMaskPixelUnderItsCentre() {
        int w = 7;
        int h = 5;
        int[] mask = new int[w * h];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = i;
        }
        ImageLoader loader = ImageLoader.builder().setSize(3, 4).build();
        int[] out = loader.resizeMask(mask, h, w);
        // Output column x has its centre at (x + 0.5) * 7 / 3 = 1.17, 3.5, 5.83; rows at
        // (y + 0.5) * 5 / 4 = 0.63, 1.88, 3.13, 4.38.
        int[] cols = {1, 3, 5};
        int[] rows = {0, 1, 3, 4};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 3; x++) {
                assertEquals(rows[y] * w + cols[x], out[y * 3 + x], "at " + x + "," + y);
            }
        }
    }

    @Test
    void byteMasksResizeLikeIntMasks() {
        byte[] mask = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        ImageLoader loader = ImageLoader.builder().setSize(2, 2).build();
        // 3 -> 2: centres at 0.75 and 2.25, so pixels 0 and 2 of each axis.
        assertArrayEquals(new byte[] {0, 2, 6, 8}, loader.resizeMask(mask, 3, 3));
    }

    @Test
    void enlargingRepeatsPixels() {
        byte[] mask = {1, 2};
        ImageLoader loader = ImageLoader.builder().setSize(4, 1).build();
        assertArrayEquals(new byte[] {1, 1, 2, 2}, loader.resizeMask(mask, 1, 2));
    }

    @Test
    void maskOfWrongLengthIsRejected() {
        ImageLoader loader = ImageLoader.builder().setSize(4, 4).build();
        assertThrows(IllegalArgumentException.class, () -> loader.resizeMask(new int[10], 3, 3));
    }

    /**
     * A red region (class 1) left of column {@code edge} and a blue one (class 2) right of it: at
     * every output pixel that is not an even mix, the mask's class is the dominant colour of the
     * resized image. With {@link Subsampling#FASTEST} a sample stands for up to a whole output
     * pixel, so the output column holding the edge may disagree; it is left out there.
     */
    @Test
    void maskClassesMatchTheDominantColourOfTheResizedImage() throws Exception {
        int[][] cases = {{12, 5, 5}, {60, 7, 26}, {641, 128, 300}, {97, 13, 40}, {9, 20, 4}};
        for (int[] c : cases) {
            int size = c[0];
            int out = c[1];
            int edge = c[2];
            Path file =
                    TestImages.writeRgb(
                            dir.resolve("split.png"),
                            size,
                            size,
                            (x, y) -> x < edge ? rgb(255, 0, 0) : rgb(0, 0, 255),
                            "png");
            byte[] mask = new byte[size * size];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = (byte) (i % size < edge ? 1 : 2);
            }
            for (Subsampling subsampling : Subsampling.values()) {
                ImageLoader loader =
                        ImageLoader.builder()
                                .setSize(out, out)
                                .optNormalization(Normalization.UNIT)
                                .optSubsampling(subsampling)
                                .build();
                float[] image = loader.load(file);
                byte[] resized = loader.resizeMask(mask, size, size);
                int checked = 0;
                for (int y = 0; y < out; y++) {
                    for (int x = 0; x < out; x++) {
                        float red = at(image, out, out, 0, y, x);
                        float blue = at(image, out, out, 2, y, x);
                        boolean edgeColumn = x == edge * out / size;
                        if (Math.abs(red - blue) < 0.2f
                                || subsampling == Subsampling.FASTEST && edgeColumn) {
                            continue;
                        }
                        checked++;
                        assertEquals(
                                red > blue ? 1 : 2,
                                resized[y * out + x],
                                size + "->" + out + " subsampling " + subsampling + " at " + x);
                    }
                }
                assertTrue(checked >= out * (out - 1), "too few pixels checked: " + checked);
            }
        }
    }
}
