package dev.annogan.datasets.image;

import static dev.annogan.datasets.image.TestImages.at;
import static dev.annogan.datasets.image.TestImages.rgb;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resize filters of {@link ImageLoader}, checked against hand-computed values. */
class ImageLoaderResizeTest {

    private static final float EPS = 1e-5f;

    @TempDir Path dir;

    private static ImageLoader unitLoader(int width, int height, Subsampling subsampling) {
        return ImageLoader.builder()
                .setSize(width, height)
                .optNormalization(Normalization.UNIT)
                .optSubsampling(subsampling)
                .build();
    }

    /** Red = 16 * x + y, green = 10 * y, blue = 255 - red: every pixel distinct. */
    private static int gradient(int x, int y) {
        int r = 16 * x + y;
        return rgb(r, 10 * y, 255 - r);
    }

    @Test
    void halvingAveragesEachTwoByTwoBlock() throws Exception {
        Path file =
                TestImages.writeRgb(
                        dir.resolve("g.png"), 4, 4, ImageLoaderResizeTest::gradient, "png");
        float[] out = unitLoader(2, 2, Subsampling.ANTIALIASED).load(file);
        for (int oy = 0; oy < 2; oy++) {
            for (int ox = 0; ox < 2; ox++) {
                float r = 0;
                float g = 0;
                for (int y = 2 * oy; y < 2 * oy + 2; y++) {
                    for (int x = 2 * ox; x < 2 * ox + 2; x++) {
                        r += 16 * x + y;
                        g += 10 * y;
                    }
                }
                assertEquals(r / 4 / 255, at(out, 2, 2, 0, oy, ox), EPS);
                assertEquals(g / 4 / 255, at(out, 2, 2, 1, oy, ox), EPS);
                assertEquals(1 - r / 4 / 255, at(out, 2, 2, 2, oy, ox), EPS);
            }
        }
    }

    @Test
    void nonIntegerShrinkWeightsPixelsByOverlap() throws Exception {
        // 3 -> 2 columns: output 0 covers [0, 1.5), i.e. pixel 0 and half of pixel 1.
        Path file =
                TestImages.writeRgb(dir.resolve("g.png"), 3, 1, (x, y) -> rgb(60 * x, 0, 0), "png");
        float[] out = unitLoader(2, 1, Subsampling.ANTIALIASED).load(file);
        assertEquals((0 + 0.5f * 60) / 1.5f / 255, at(out, 2, 1, 0, 0, 0), EPS);
        assertEquals((0.5f * 60 + 120) / 1.5f / 255, at(out, 2, 1, 0, 0, 1), EPS);
    }

    @Test
    void subsampledDecodeAveragesTheSampledPixels() throws Exception {
        // 8 -> 2 keeps 2 samples per output pixel: period 2, samples at even rows and columns.
        Path file =
                TestImages.writeRgb(
                        dir.resolve("g.png"), 8, 8, ImageLoaderResizeTest::gradient, "png");
        float[] out = unitLoader(2, 2, Subsampling.ANTIALIASED).load(file);
        for (int oy = 0; oy < 2; oy++) {
            for (int ox = 0; ox < 2; ox++) {
                float r = 0;
                for (int y = 4 * oy; y < 4 * oy + 4; y += 2) {
                    for (int x = 4 * ox; x < 4 * ox + 4; x += 2) {
                        r += 16 * x + y;
                    }
                }
                assertEquals(r / 4 / 255, at(out, 2, 2, 0, oy, ox), EPS);
            }
        }
    }

    @Test
    void fastestSubsamplingKeepsOneSamplePerOutputPixel() throws Exception {
        // 8 -> 2 with period 4 and offset 1: the samples are pixels 1 and 5 of each axis.
        Path file =
                TestImages.writeRgb(
                        dir.resolve("g.png"), 8, 8, ImageLoaderResizeTest::gradient, "png");
        float[] out = unitLoader(2, 2, Subsampling.FASTEST).load(file);
        for (int oy = 0; oy < 2; oy++) {
            for (int ox = 0; ox < 2; ox++) {
                int x = 4 * ox + 1;
                int y = 4 * oy + 1;
                assertEquals((16 * x + y) / 255f, at(out, 2, 2, 0, oy, ox), EPS);
            }
        }
    }

    @Test
    void fullDecodeAveragesEveryPixel() throws Exception {
        Path file =
                TestImages.writeRgb(
                        dir.resolve("g.png"), 8, 8, ImageLoaderResizeTest::gradient, "png");
        float[] out = unitLoader(2, 2, Subsampling.NONE).load(file);
        float r = 0;
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                r += 16 * x + y;
            }
        }
        assertEquals(r / 16 / 255, at(out, 2, 2, 0, 0, 0), EPS);
    }

    @Test
    void enlargingInterpolatesBilinearlyBetweenPixelCentres() throws Exception {
        Path file =
                TestImages.writeRgb(
                        dir.resolve("g.png"), 2, 1, (x, y) -> rgb(100 * x, 0, 0), "png");
        float[] out = unitLoader(4, 1, Subsampling.ANTIALIASED).load(file);
        // Output centres at 0.25, 0.75, 1.25, 1.75 decoded-pixel widths: the outer two clamp.
        float[] expected = {0, 25, 75, 100};
        for (int x = 0; x < 4; x++) {
            assertEquals(expected[x] / 255, at(out, 4, 1, 0, 0, x), EPS);
        }
    }

    @Test
    void constantColourStaysConstantAtEveryScale() throws Exception {
        int[][] sizes = {{37, 23, 16, 16}, {300, 200, 64, 64}, {641, 427, 128, 128}, {5, 3, 16, 9}};
        int colour = rgb(10, 200, 77);
        Normalization norm = Normalization.IMAGENET;
        for (int[] s : sizes) {
            Path file =
                    TestImages.writeRgb(dir.resolve("c.png"), s[0], s[1], (x, y) -> colour, "png");
            ImageLoader loader =
                    ImageLoader.builder().setSize(s[2], s[3]).optNormalization(norm).build();
            float[] out = loader.load(file);
            int[] channel = {10, 200, 77};
            for (int i = 0; i < out.length; i++) {
                int c = i / (s[2] * s[3]);
                float expected = (channel[c] / 255f - norm.mean(c)) / norm.std(c);
                assertEquals(expected, out[i], 1e-4f, "size " + s[0] + "x" + s[1] + " index " + i);
            }
        }
    }
}
