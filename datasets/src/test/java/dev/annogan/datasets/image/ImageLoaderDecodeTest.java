package dev.annogan.datasets.image;

import static dev.annogan.datasets.image.TestImages.at;
import static dev.annogan.datasets.image.TestImages.rgb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding of the colour layouts and failures {@link ImageLoader} meets. */
class ImageLoaderDecodeTest {

    @TempDir Path dir;

    private static ImageLoader unitLoader(int width, int height) {
        return ImageLoader.builder()
                .setSize(width, height)
                .optNormalization(Normalization.UNIT)
                .build();
    }

    @Test
    void grayscalePngGivesThreeEqualChannels() throws Exception {
        Path file = TestImages.writeGray(dir.resolve("gray.png"), 6, 4, (x, y) -> 40 * x + y);
        float[] out = unitLoader(6, 4).load(file);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                float expected = (40 * x + y) / 255f;
                for (int c = 0; c < 3; c++) {
                    assertEquals(expected, at(out, 6, 4, c, y, x), 1e-6f);
                }
            }
        }
    }

    @Test
    void palettePngUsesThePaletteColours() throws Exception {
        byte[] r = {(byte) 255, 0, 0, 17};
        byte[] g = {0, (byte) 255, 0, 34};
        byte[] b = {0, 0, (byte) 255, 51};
        IndexColorModel palette = new IndexColorModel(2, 4, r, g, b);
        BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        for (int x = 0; x < 4; x++) {
            image.getRaster().setSample(x, 0, 0, 3 - x);
        }
        Path file = TestImages.write(image, dir.resolve("palette.png"), "png");
        float[] out = unitLoader(4, 1).load(file);
        for (int x = 0; x < 4; x++) {
            int k = 3 - x;
            assertEquals((r[k] & 0xFF) / 255f, at(out, 4, 1, 0, 0, x), 1e-6f);
            assertEquals((g[k] & 0xFF) / 255f, at(out, 4, 1, 1, 0, x), 1e-6f);
            assertEquals((b[k] & 0xFF) / 255f, at(out, 4, 1, 2, 0, x), 1e-6f);
        }
    }

    @Test
    void jpegColoursSurviveTheYCbCrConversion() throws Exception {
        int[][] colours = {{200, 30, 90}, {10, 180, 240}, {128, 128, 128}};
        for (int[] c : colours) {
            Path file =
                    TestImages.writeRgb(
                            dir.resolve("c.jpg"), 16, 16, (x, y) -> rgb(c[0], c[1], c[2]), "jpeg");
            float[] out = unitLoader(4, 4).load(file);
            for (int ch = 0; ch < 3; ch++) {
                // Lossy compression and chroma subsampling move flat colours by a few levels.
                assertEquals(c[ch], at(out, 4, 4, ch, 1, 1) * 255, 4f, "channel " + ch);
            }
        }
    }

    @Test
    void cmykJpegIsReadInAdobesInvertedConventionLikePil() throws Exception {
        WritableRaster raster =
                Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                raster.setPixel(x, y, new int[] {200, 40, 0, 30});
            }
        }
        Path file = dir.resolve("cmyk.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1f);
            writer.write(null, new IIOImage(raster, null, null), param);
        } finally {
            writer.dispose();
        }
        float[] out = unitLoader(4, 4).load(file);
        // PIL 9.4 gives (24, 5, 0) for this file: stored * K / 255 per channel.
        int[] expected = {24, 5, 0};
        for (int c = 0; c < 3; c++) {
            assertEquals(expected[c], at(out, 4, 4, c, 2, 2) * 255, 1.5f, "channel " + c);
        }
    }

    @Test
    void readDimensionsReadsTheHeader() throws Exception {
        Path file = TestImages.writeRgb(dir.resolve("d.jpg"), 37, 23, (x, y) -> 0, "jpeg");
        assertEquals(new ImageSize(37, 23), ImageLoader.readDimensions(file));
    }

    @Test
    void loadIntoNdArrayHasChannelsFirstShape() throws Exception {
        Path file = TestImages.writeRgb(dir.resolve("a.png"), 9, 7, (x, y) -> rgb(x, y, 3), "png");
        ImageLoader loader = ImageLoader.builder().setSize(5, 3).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = loader.load(manager, file);
            assertEquals(new Shape(3, 3, 5), array.getShape());
            assertEquals(DataType.FLOAT32, array.getDataType());
            assertArrayEquals(loader.load(file), array.toFloatArray());
        }
    }

    @Test
    void corruptFileErrorNamesTheFile() throws Exception {
        Path file = dir.resolve("broken.jpg");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        ImageDecodeException e =
                assertThrows(ImageDecodeException.class, () -> unitLoader(4, 4).load(file));
        assertTrue(e.getMessage().contains("broken.jpg"), e.getMessage());
        assertEquals(file, e.getFile());
    }

    /** Writes a noisy 256 x 256 JPEG and keeps the first half of its bytes: the scan is cut. */
    private Path truncatedJpeg() throws Exception {
        Path whole =
                TestImages.writeRgb(
                        dir.resolve("whole.jpg"),
                        256,
                        256,
                        (x, y) -> rgb(x, y, (x * 31 + y * 17) & 255),
                        "jpeg");
        byte[] bytes = Files.readAllBytes(whole);
        return Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
    }

    @Test
    void truncatedJpegErrorNamesTheFile() throws Exception {
        Path cut = truncatedJpeg();
        ImageDecodeException e =
                assertThrows(ImageDecodeException.class, () -> unitLoader(8, 8).load(cut));
        assertTrue(e.getMessage().contains("cut.jpg"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedJpegLoadsWhenNotStrict() throws Exception {
        Path cut = truncatedJpeg();
        ImageLoader lenient = ImageLoader.builder().setSize(8, 8).optStrict(false).build();
        assertEquals(3 * 8 * 8, lenient.load(cut).length);
    }

    @Test
    void corruptPngErrorNamesTheFile() throws Exception {
        Path whole =
                TestImages.writeRgb(dir.resolve("w.png"), 32, 32, (x, y) -> rgb(x, y, 7), "png");
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.png"), Arrays.copyOf(bytes, 60));
        ImageDecodeException e =
                assertThrows(ImageDecodeException.class, () -> unitLoader(8, 8).load(cut));
        assertTrue(e.getMessage().contains("cut.png"), e.getMessage());
    }

    @Test
    void missingFileIsNoSuchFile() {
        Path file = dir.resolve("absent.png");
        NoSuchFileException e =
                assertThrows(NoSuchFileException.class, () -> unitLoader(4, 4).load(file));
        assertTrue(e.getMessage().contains("absent.png"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> ImageLoader.readDimensions(file));
    }

    @Test
    void builderRejectsMissingSize() {
        assertThrows(IllegalArgumentException.class, () -> ImageLoader.builder().build());
    }
}
