package dev.annogan.datasets.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDManager;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.annotate.PreparedImage;
import dev.annogan.core.annotate.ResizeNormalize;
import dev.annogan.core.model.BlockSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An image file becomes the same tensor whether training's loader reads it or an exported annotator
 * prepares it for pre-annotation: both resize with {@code core.image.ResizeWeights}.
 */
class TrainServeParityTest {

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}x{1} to {2}x{3}")
    @CsvSource({"50,37,32,24", "20,13,32,32", "64,64,64,64", "97,41,40,56"})
    void trainingAndServingGiveTheSameTensor(int w, int h, int outW, int outH) throws Exception {
        BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(w * 31L + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                picture.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        Path file = dir.resolve("image.png");
        ImageIO.write(picture, "png", file.toFile());
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};

        float[] trained =
                ImageLoader.builder()
                        .setSize(outW, outH)
                        .optNormalization(Normalization.of(mean, std))
                        .build()
                        .load(file);

        AnnotatorSpec spec =
                new AnnotatorSpec(
                        AnnotatorSpec.Kind.TAGGER,
                        BlockSpec.of("tagger"),
                        List.of(new AnnotatorSpec.Category(1, "a")),
                        outW,
                        outH,
                        mean,
                        std,
                        0.5f);
        Image image = ImageFactory.getInstance().fromFile(file);
        try (NDManager manager = NDManager.newBaseManager()) {
            PreparedImage served = new ResizeNormalize(spec).prepare(manager, image);
            assertEquals(w, served.width());
            assertEquals(h, served.height());
            assertArrayEquals(trained, served.pixels().toFloatArray(), 1e-4f);
        }
    }
}
