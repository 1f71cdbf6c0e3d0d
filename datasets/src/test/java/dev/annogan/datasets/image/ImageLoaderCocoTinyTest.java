package dev.annogan.datasets.image;

import static dev.annogan.datasets.image.TestImages.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annogan.datasets.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link ImageLoader} on the real COCO-tiny JPEGs in {@code ../shared/data}. */
class ImageLoaderCocoTinyTest {

    @Test
    void everyCocoTinyJpegLoadsIntoTheSymmetricRange() throws Exception {
        ImageLoader loader = ImageLoader.builder().setSize(64, 48).build();
        int count = 0;
        for (String split : new String[] {"train2017", "val2017"}) {
            List<Path> files;
            try (Stream<Path> list = Files.list(SharedData.cocoTiny().resolve(split))) {
                files = list.filter(p -> p.toString().endsWith(".jpg")).toList();
            }
            for (Path file : files) {
                float[] image = loader.load(file);
                assertEquals(3 * 64 * 48, image.length);
                for (float v : image) {
                    // Float rounding of weights that sum to one may overshoot by an ulp or two.
                    assertTrue(v >= -1 - 1e-5f && v <= 1 + 1e-5f, file + ": value " + v);
                }
                count++;
            }
        }
        assertEquals(160, count);
    }

    /**
     * Pixels of a full-size decode equal PIL 9.4's (libjpeg-turbo) for the same files, up to the
     * rounding to whole levels that PIL applies and the loader does not; one of the files has an
     * embedded ICC profile that Java rejects as invalid.
     */
    @Test
    void fullSizeDecodeMatchesPil() throws Exception {
        Path root = SharedData.cocoTiny();
        check(
                root.resolve("train2017/000000008193.jpg"),
                640,
                449,
                new int[][] {{139, 128, 82}, {101, 97, 62}, {1, 1, 0}, {169, 165, 162}});
        check(
                root.resolve("val2017/000000331799.jpg"),
                640,
                464,
                new int[][] {{77, 85, 74}, {197, 214, 221}, {119, 52, 7}, {139, 92, 0}});
    }

    private static void check(Path file, int width, int height, int[][] pil) throws Exception {
        assertEquals(new ImageSize(width, height), ImageLoader.readDimensions(file));
        ImageLoader loader =
                ImageLoader.builder()
                        .setSize(width, height)
                        .optNormalization(Normalization.UNIT)
                        .build();
        float[] image = loader.load(file);
        int[][] points = {{0, 0}, {100, 50}, {333, 222}, {width - 1, height - 1}};
        for (int i = 0; i < points.length; i++) {
            for (int c = 0; c < 3; c++) {
                float value = at(image, width, height, c, points[i][1], points[i][0]) * 255;
                assertEquals(pil[i][c], value, 0.51f, file + " pixel " + i + " channel " + c);
            }
        }
    }
}
