package dev.annogan.core.annotate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.NDManagerExtension;
import dev.annogan.core.annotate.AnnotatorSpec.Category;
import dev.annogan.core.image.ResizeWeights;
import dev.annogan.core.model.BlockSpec;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DJL images are resized with the training loader's geometry and normalised. */
@ExtendWith(NDManagerExtension.class)
class ResizeNormalizeTest {

    @Test
    void shrinkingAveragesThePixelsUnderEachOutputPixelByOverlap() {
        float third = 1f / 3;
        assertArrayEquals(
                new float[] {0.5f, 0.5f, 0, 0, 0, 0, 0.5f, 0.5f}, ResizeWeights.dense(4, 2), 1e-6f);
        // 3 -> 2: output pixels cover [0, 1.5) and [1.5, 3).
        assertArrayEquals(
                new float[] {2 * third, third, 0, 0, third, 2 * third},
                ResizeWeights.dense(3, 2),
                1e-6f);
    }

    @Test
    void enlargingInterpolatesBetweenHalfPixelCentresClampedAtTheEdges() {
        // 2 -> 4: output centres at source positions -0.25, 0.25, 0.75, 1.25.
        assertArrayEquals(
                new float[] {1, 0, 0.75f, 0.25f, 0.25f, 0.75f, 0, 1},
                ResizeWeights.dense(2, 4),
                1e-6f);
    }

    @Test
    void aTwoByTwoImageBecomesItsNormalisedMeanColour(NDManager manager) {
        BufferedImage pixels = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        pixels.setRGB(0, 0, 0xFF0000);
        pixels.setRGB(1, 0, 0x00FF00);
        pixels.setRGB(0, 1, 0x0000FF);
        pixels.setRGB(1, 1, 0xFFFFFF);
        Image image = ImageFactory.getInstance().fromImage(pixels);
        AnnotatorSpec spec =
                new AnnotatorSpec(
                        AnnotatorSpec.Kind.TAGGER,
                        BlockSpec.of("tagger"),
                        List.of(new Category(1, "a")),
                        1,
                        1,
                        new float[] {0.5f, 0.5f, 0.5f},
                        new float[] {0.25f, 0.5f, 1f},
                        0.5f);

        PreparedImage prepared = new ResizeNormalize(spec).prepare(manager, image);

        assertEquals(new Shape(3, 1, 1), prepared.pixels().getShape());
        assertEquals(2, prepared.width());
        assertEquals(2, prepared.height());
        // Each channel is 255 in two of the four pixels: mean 0.5, which normalises to 0.
        assertArrayEquals(new float[] {0, 0, 0}, prepared.pixels().toFloatArray(), 1e-6f);
    }

    @Test
    void anImageAtTheInputSizeIsOnlyNormalised(NDManager manager) {
        BufferedImage pixels = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        pixels.setRGB(0, 0, 0x336699);
        pixels.setRGB(1, 0, 0x000000);
        AnnotatorSpec spec =
                new AnnotatorSpec(
                        AnnotatorSpec.Kind.TAGGER,
                        BlockSpec.of("tagger"),
                        List.of(new Category(1, "a")),
                        2,
                        1,
                        new float[] {0.5f, 0.5f, 0.5f},
                        new float[] {0.5f, 0.5f, 0.5f},
                        0.5f);
        float[] values =
                new ResizeNormalize(spec)
                        .prepare(manager, ImageFactory.getInstance().fromImage(pixels))
                        .pixels()
                        .toFloatArray();
        float[] expected = {0x33 / 127.5f - 1, -1, 0x66 / 127.5f - 1, -1, 0x99 / 127.5f - 1, -1};
        assertArrayEquals(expected, values, 1e-6f);
    }
}
