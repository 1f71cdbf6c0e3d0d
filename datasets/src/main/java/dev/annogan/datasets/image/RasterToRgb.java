package dev.annogan.datasets.image;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Converts decoded rasters of the layouts ImageIO produces into interleaved 8-bit RGB.
 *
 * <p>8-bit samples are read from the raster's data buffer in place (see {@link Bands}); other
 * layouts are first copied to 8-bit planes. Embedded ICC profiles are ignored, as PIL, OpenCV and
 * torchvision ignore them, so a network sees the same values whichever of them decoded its training
 * data. Alpha is dropped without compositing, as PIL's {@code convert("RGB")} does.
 */
final class RasterToRgb {

    /** How the bands of a raw JPEG raster are to be read; {@link JpegColor} picks one per file. */
    enum RawColor {
        GRAY,
        RGB,
        YCBCR,
        /** Photoshop's CMYK, stored as {@code 255 - ink}. */
        INVERTED_CMYK,
        /** Adobe's YCCK: the CMY planes colour-transformed like RGB, K as in inverted CMYK. */
        YCCK
    }

    // JFIF YCbCr -> RGB in 16-bit fixed point, tabulated per input value as libjpeg does, so the
    // result matches what PIL decodes from the same file.
    private static final int[] CR_TO_R = new int[256];
    private static final int[] CB_TO_B = new int[256];
    private static final int[] CR_TO_G = new int[256];
    private static final int[] CB_TO_G = new int[256];

    static {
        int half = 1 << 15;
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_TO_R[i] = (fixed(1.40200) * x + half) >> 16;
            CB_TO_B[i] = (fixed(1.77200) * x + half) >> 16;
            CR_TO_G[i] = -fixed(0.71414) * x;
            CB_TO_G[i] = -fixed(0.34414) * x + half;
        }
    }

    private RasterToRgb() {}

    private static int fixed(double v) {
        return (int) (v * 65536 + 0.5);
    }

    /**
     * Converts the raw bands of a JPEG raster (read without colour conversion).
     *
     * @param raster the raster from {@code ImageReader.readRaster}
     * @param color how its bands are to be read
     * @return interleaved RGB
     */
    static byte[] fromRaw(Raster raster, RawColor color) {
        return switch (color) {
            case GRAY -> gray(Bands.of(raster, 1, true));
            case RGB -> rgb(Bands.of(raster, 3, true));
            case YCBCR -> ycbcr(Bands.of(raster, 3, true));
            case INVERTED_CMYK -> cmyk(Bands.of(raster, 4, true), true);
            case YCCK -> ycck(Bands.of(raster, 4, true));
        };
    }

    /**
     * Converts a decoded image of any colour model.
     *
     * @param image the image from {@code ImageReader.read}
     * @return interleaved RGB
     */
    static byte[] fromImage(BufferedImage image) {
        var model = image.getColorModel();
        Raster raster = image.getRaster();
        if (model instanceof IndexColorModel palette && palette.getMapSize() <= 256) {
            return indexed(Bands.of(raster, 1, false), palette);
        }
        int transfer = raster.getTransferType();
        boolean integerSamples =
                transfer == DataBuffer.TYPE_BYTE
                        || transfer == DataBuffer.TYPE_USHORT
                        || transfer == DataBuffer.TYPE_INT;
        if (integerSamples
                && (model instanceof ComponentColorModel || model instanceof DirectColorModel)) {
            int components = model.getNumColorComponents();
            int type = model.getColorSpace().getType();
            if (type == ColorSpace.TYPE_GRAY && components == 1) {
                return gray(Bands.of(raster, 1, true));
            } else if (type == ColorSpace.TYPE_RGB && components == 3) {
                return rgb(Bands.of(raster, 3, true));
            } else if (type == ColorSpace.TYPE_YCbCr && components == 3) {
                return ycbcr(Bands.of(raster, 3, true));
            } else if (type == ColorSpace.TYPE_CMYK && components == 4) {
                return cmyk(Bands.of(raster, 4, true), false);
            }
        }
        // Anything else (float samples, Lab, 16-bit palettes) is rare from ImageIO's decoders:
        // let Java2D convert it once rather than handle each case here. Java2D composites alpha
        // over black on this path.
        BufferedImage converted =
                new BufferedImage(
                        image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = converted.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb(Bands.of(converted.getRaster(), 3, true));
    }

    private static byte[] gray(Bands in) {
        byte[] g = in.data[0];
        byte[] out = new byte[in.width * in.height * 3];
        for (int y = 0, o = 0; y < in.height; y++) {
            int p = in.base[0] + y * in.lineStride;
            for (int x = 0; x < in.width; x++, p += in.pixelStride, o += 3) {
                out[o] = g[p];
                out[o + 1] = g[p];
                out[o + 2] = g[p];
            }
        }
        return out;
    }

    private static byte[] rgb(Bands in) {
        byte[] r = in.data[0];
        byte[] g = in.data[1];
        byte[] b = in.data[2];
        int dg = in.base[1] - in.base[0];
        int db = in.base[2] - in.base[0];
        byte[] out = new byte[in.width * in.height * 3];
        for (int y = 0, o = 0; y < in.height; y++) {
            int p = in.base[0] + y * in.lineStride;
            for (int x = 0; x < in.width; x++, p += in.pixelStride, o += 3) {
                out[o] = r[p];
                out[o + 1] = g[p + dg];
                out[o + 2] = b[p + db];
            }
        }
        return out;
    }

    private static byte[] ycbcr(Bands in) {
        byte[] yy = in.data[0];
        byte[] cb = in.data[1];
        byte[] cr = in.data[2];
        int db = in.base[1] - in.base[0];
        int dr = in.base[2] - in.base[0];
        byte[] out = new byte[in.width * in.height * 3];
        for (int y = 0, o = 0; y < in.height; y++) {
            int p = in.base[0] + y * in.lineStride;
            for (int x = 0; x < in.width; x++, p += in.pixelStride, o += 3) {
                int luma = yy[p] & 0xFF;
                int b = cb[p + db] & 0xFF;
                int r = cr[p + dr] & 0xFF;
                out[o] = clamp(luma + CR_TO_R[r]);
                out[o + 1] = clamp(luma + ((CB_TO_G[b] + CR_TO_G[r]) >> 16));
                out[o + 2] = clamp(luma + CB_TO_B[b]);
            }
        }
        return out;
    }

    /**
     * Naive CMYK to RGB without a colour profile: each channel is {@code (255 - ink) * (255 - K) /
     * 255}, where {@code 255 - ink} is the stored value of an inverted file.
     */
    private static byte[] cmyk(Bands in, boolean inverted) {
        int flip = inverted ? 0 : 255; // v ^ 255 == 255 - v for bytes
        int[] d = {0, in.base[1] - in.base[0], in.base[2] - in.base[0], in.base[3] - in.base[0]};
        byte[] out = new byte[in.width * in.height * 3];
        for (int y = 0, o = 0; y < in.height; y++) {
            int p = in.base[0] + y * in.lineStride;
            for (int x = 0; x < in.width; x++, p += in.pixelStride, o += 3) {
                int k = flip ^ (in.data[3][p + d[3]] & 0xFF);
                for (int c = 0; c < 3; c++) {
                    int v = flip ^ (in.data[c][p + d[c]] & 0xFF);
                    out[o + c] = (byte) ((v * k + 127) / 255);
                }
            }
        }
        return out;
    }

    /**
     * Adobe YCCK: libjpeg's YCCK to CMYK gives {@code 255 - rgb(Y, Cb, Cr)} as the stored C, M, Y
     * of an inverted CMYK file and passes K through, so each channel is {@code (255 - rgb) * K /
     * 255}.
     */
    private static byte[] ycck(Bands in) {
        byte[] rgb = ycbcr(in);
        byte[] k = in.data[3];
        int dk = in.base[3] - in.base[0];
        for (int y = 0, o = 0; y < in.height; y++) {
            int p = in.base[0] + y * in.lineStride;
            for (int x = 0; x < in.width; x++, p += in.pixelStride, o += 3) {
                int black = k[p + dk] & 0xFF;
                for (int c = 0; c < 3; c++) {
                    rgb[o + c] = (byte) (((255 - (rgb[o + c] & 0xFF)) * black + 127) / 255);
                }
            }
        }
        return rgb;
    }

    private static byte[] indexed(Bands in, IndexColorModel palette) {
        int size = palette.getMapSize();
        byte[][] lut = {new byte[256], new byte[256], new byte[256]};
        palette.getReds(lut[0]);
        palette.getGreens(lut[1]);
        palette.getBlues(lut[2]);
        byte[] indices = in.data[0];
        byte[] out = new byte[in.width * in.height * 3];
        for (int y = 0, o = 0; y < in.height; y++) {
            int p = in.base[0] + y * in.lineStride;
            for (int x = 0; x < in.width; x++, p += in.pixelStride, o += 3) {
                // Out-of-palette indices (corrupt files) read as entry 0 rather than failing.
                int k = indices[p] & 0xFF;
                k = k < size ? k : 0;
                out[o] = lut[0][k];
                out[o + 1] = lut[1][k];
                out[o + 2] = lut[2][k];
            }
        }
        return out;
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
