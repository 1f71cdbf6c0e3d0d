package dev.annogan.training.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** CutMix cuts the same box from the same partner out of an image and each of its maps. */
class CutMixTest {

    private static final int N = 12;
    private static final int H = 10;
    private static final int W = 14;

    @Test
    void imagesAndMasksStayAligned() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray positions = manager.arange(0f, N * H * W).reshape(N, H, W);
            // Three channels, each holding the pixel's position: every channel must agree with the
            // mask (int) and the weight map (float) after the mix.
            NDArray images = positions.expandDims(1).repeat(1, 3);
            NDArray mask = positions.toType(DataType.INT32, false);
            CutMix cutMix = new CutMix(0.25f, 0.5f);
            CutMix.Box[] boxes = cutMix.draw(N, H, W, new SplittableRandom(4));
            NDList out = CutMix.apply(images, List.of(mask, positions), boxes);
            float[] mixed = out.get(0).toFloatArray();
            int[] mixedMask = out.get(1).toIntArray();
            float[] mixedWeights = out.get(2).toFloatArray();
            assertEquals(DataType.INT32, out.get(1).getDataType());
            int plane = H * W;
            for (int i = 0; i < N; i++) {
                CutMix.Box box = boxes[i];
                int area = (box.y1() - box.y0()) * (box.x1() - box.x0());
                assertTrue(area >= 0.15 * plane && area <= 0.6 * plane, "box area " + area);
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int source = (box.contains(y, x) ? box.partner() : i) * plane + y * W + x;
                        int at = i * plane + y * W + x;
                        assertEquals(source, mixedMask[at]);
                        assertEquals(source, mixedWeights[at], 0f);
                        for (int c = 0; c < 3; c++) {
                            assertEquals(source, mixed[(i * 3 + c) * plane + y * W + x], 0f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void partnersArePermutationAndDrawsRepeat() {
        CutMix cutMix = new CutMix(0.5f, 0.5f);
        CutMix.Box[] a = cutMix.draw(N, H, W, new SplittableRandom(8));
        CutMix.Box[] b = cutMix.draw(N, H, W, new SplittableRandom(8));
        assertArrayEquals(a, b);
        boolean[] seen = new boolean[N];
        for (CutMix.Box box : a) {
            seen[box.partner()] = true;
        }
        for (boolean s : seen) {
            assertTrue(s, "every image is some image's partner");
        }
    }

    @Test
    void badAreasAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CutMix(0, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> new CutMix(0.6f, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> new CutMix(0.5f, 1.5f));
    }
}
