package dev.annogan.datasets.image;

import dev.annogan.datasets.image.RasterToRgb.RawColor;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files with ImageIO into interleaved RGB, reading only as many pixels as a given
 * output size needs.
 *
 * <p>JPEGs are read with {@code readRaster}, which skips ImageIO's colour conversion: that path
 * applies embedded ICC profiles through a slow {@code ColorConvertOp} (half the decode time on COCO
 * images) and so produces other colours than PIL. The YCbCr to RGB step is done here instead.
 */
final class ImageDecoder {

    private ImageDecoder() {}

    /**
     * Decodes a file, subsampling while reading when the image is much larger than the output.
     *
     * @param file the image file
     * @param outWidth the width the caller will resize to
     * @param outHeight the height the caller will resize to
     * @param subsampling how much of a large image to decode
     * @param strict whether decoder warnings about pixel data (truncated or corrupt) are errors
     * @return the decoded pixels with their geometry
     * @throws NoSuchFileException if the file does not exist
     * @throws ImageDecodeException if the file is not a readable image
     */
    static DecodedImage decode(
            Path file, int outWidth, int outHeight, Subsampling subsampling, boolean strict)
            throws IOException {
        try (ImageInputStream in = open(file)) {
            ImageReader reader = readerFor(file, in);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener(
                    (source, warning) -> {
                        if (!isAboutMetadata(warning)) {
                            warnings.add(warning);
                        }
                    });
            try {
                boolean jpeg = "jpeg".equalsIgnoreCase(reader.getFormatName());
                JpegColor jpegColor = jpeg ? JpegColor.scan(in) : null;
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                int px = subsampling.period(width, outWidth);
                int py = subsampling.period(height, outHeight);
                ImageReadParam param = reader.getDefaultReadParam();
                if (px > 1 || py > 1) {
                    // The offset puts each sample at the centre of the block it stands for.
                    param.setSourceSubsampling(px, py, (px - 1) / 2, (py - 1) / 2);
                }
                DecodedImage decoded;
                if (jpeg) {
                    Raster raster = reader.readRaster(0, param);
                    RawColor color = jpegColor.rawColor(raster.getNumBands());
                    decoded = fromJpegRaster(raster, color, width, height, px, py);
                } else {
                    BufferedImage image = reader.read(0, param);
                    byte[] rgb = RasterToRgb.fromImage(image);
                    decoded =
                            DecodedImage.ofRgb(
                                    image.getWidth(),
                                    image.getHeight(),
                                    rgb,
                                    width,
                                    height,
                                    px,
                                    py);
                }
                if (strict && !warnings.isEmpty()) {
                    throw new ImageDecodeException(
                            file, "corrupt or truncated image data: " + warnings, null);
                }
                return decoded;
            } catch (ImageDecodeException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // ImageIO's decoders throw unchecked exceptions on malformed input too; all of
                // them mean the same thing to a caller: this file is not a usable image.
                throw new ImageDecodeException(file, describe(e), e);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Wraps a raw JPEG raster. YCbCr and RGB rasters in ImageIO's usual interleaved layout are used
     * in place: the resampler filters them as they are and converts colour at output resolution,
     * which saves a full-resolution pass (a fifth of the load time on COCO images).
     */
    private static DecodedImage fromJpegRaster(
            Raster raster, RawColor color, int width, int height, int px, int py) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        if (color == RawColor.YCBCR || color == RawColor.RGB) {
            Bands bands = Bands.of(raster, 3, true);
            if (bands.isPackedTriplet()) {
                return new DecodedImage(
                        w,
                        h,
                        bands.data[0],
                        bands.base[0],
                        bands.lineStride,
                        color == RawColor.YCBCR,
                        width,
                        height,
                        px,
                        py);
            }
        }
        return DecodedImage.ofRgb(w, h, RasterToRgb.fromRaw(raster, color), width, height, px, py);
    }

    /**
     * Reads an image's dimensions from its header without decoding its pixels.
     *
     * @param file the image file
     * @return the width and height stored in the file
     * @throws NoSuchFileException if the file does not exist
     * @throws ImageDecodeException if the header is not a readable image header
     */
    static ImageSize readDimensions(Path file) throws IOException {
        try (ImageInputStream in = open(file)) {
            ImageReader reader = readerFor(file, in);
            try {
                reader.setInput(in, true, true);
                return new ImageSize(reader.getWidth(0), reader.getHeight(0));
            } catch (IOException | RuntimeException e) {
                throw new ImageDecodeException(file, describe(e), e);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Tells warnings about parts of the file this loader ignores (colour profiles, thumbnails) from
     * warnings about pixel data. ImageIO reports both as plain English strings only.
     */
    private static boolean isAboutMetadata(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("color profile") || w.contains("icc") || w.contains("thumbnail");
    }

    private static ImageInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such image file");
        }
        return new FileImageInputStream(file.toFile());
    }

    private static ImageReader readerFor(Path file, ImageInputStream in) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ImageDecodeException(
                    file,
                    "not an image in a format ImageIO reads (JPEG, PNG, GIF, BMP, ...)",
                    null);
        }
        return readers.next();
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
