package dev.annogan.datasets.image;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * Converts decoded rasters of the layouts ImageIO produces into interleaved 8-bit RGB.
 *
 * <p>Bytes and shorts are read from the raster's data buffer directly; only bit-packed and
 * int-packed layouts go through {@link Raster#getSamples}, one bulk call per band. Embedded ICC
 * profiles are ignored, as PIL, OpenCV and torchvision ignore them, so a network sees the same
 * values whichever of them decoded its training data. Alpha is dropped without compositing, as
 * PIL's {@code convert("RGB")} does.
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
            case GRAY -> gray(planes(raster, 1, true));
            case RGB -> rgb(planes(raster, 3, true));
            case YCBCR -> ycbcr(planes(raster, 3, true));
            case INVERTED_CMYK -> cmyk(planes(raster, 4, true), true);
            case YCCK -> ycck(planes(raster, 4, true));
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
            return indexed(planes(raster, 1, false)[0], palette);
        }
        boolean integerSamples =
                raster.getTransferType() == DataBuffer.TYPE_BYTE
                        || raster.getTransferType() == DataBuffer.TYPE_USHORT
                        || raster.getTransferType() == DataBuffer.TYPE_INT;
        if (integerSamples
                && (model instanceof ComponentColorModel || model instanceof DirectColorModel)) {
            int components = model.getNumColorComponents();
            int type = model.getColorSpace().getType();
            if (type == ColorSpace.TYPE_GRAY && components == 1) {
                return gray(planes(raster, 1, true));
            } else if (type == ColorSpace.TYPE_RGB && components == 3) {
                return rgb(planes(raster, 3, true));
            } else if (type == ColorSpace.TYPE_YCbCr && components == 3) {
                return ycbcr(planes(raster, 3, true));
            } else if (type == ColorSpace.TYPE_CMYK && components == 4) {
                return cmyk(planes(raster, 4, true), false);
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
        return rgb(planes(converted.getRaster(), 3, true));
    }

    /**
     * Copies the first {@code bands} bands of a raster into separate planes.
     *
     * @param scaleTo8Bits whether to rescale samples of other bit depths to 0..255 (not for palette
     *     indices)
     */
    private static byte[][] planes(Raster raster, int bands, boolean scaleTo8Bits) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[][] planes = new byte[bands][w * h];
        SampleModel model = raster.getSampleModel();
        DataBuffer buffer = raster.getDataBuffer();
        boolean direct =
                model instanceof ComponentSampleModel
                        && (buffer instanceof DataBufferByte && model.getSampleSize(0) == 8
                                || buffer instanceof DataBufferUShort
                                        && model.getSampleSize(0) == 16
                                        && scaleTo8Bits);
        if (direct) {
            ComponentSampleModel csm = (ComponentSampleModel) model;
            int pixelStride = csm.getPixelStride();
            int lineStride = csm.getScanlineStride();
            int x0 = raster.getMinX() - raster.getSampleModelTranslateX();
            int y0 = raster.getMinY() - raster.getSampleModelTranslateY();
            for (int b = 0; b < bands; b++) {
                int bank = csm.getBankIndices()[b];
                int base =
                        buffer.getOffsets()[bank]
                                + csm.getBandOffsets()[b]
                                + y0 * lineStride
                                + x0 * pixelStride;
                if (buffer instanceof DataBufferByte bytes) {
                    copyBytes(bytes.getData(bank), base, pixelStride, lineStride, planes[b], w, h);
                } else {
                    short[] data = ((DataBufferUShort) buffer).getData(bank);
                    byte[] plane = planes[b];
                    for (int y = 0; y < h; y++) {
                        int p = base + y * lineStride;
                        for (int x = 0; x < w; x++, p += pixelStride) {
                            plane[y * w + x] = (byte) ((data[p] & 0xFFFF) >>> 8);
                        }
                    }
                }
            }
            return planes;
        }
        int[] samples = new int[w * h];
        for (int b = 0; b < bands; b++) {
            raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, b, samples);
            int max = (1 << model.getSampleSize(b)) - 1;
            boolean rescale = scaleTo8Bits && max != 255;
            byte[] plane = planes[b];
            for (int i = 0; i < samples.length; i++) {
                int v = samples[i];
                plane[i] = (byte) (rescale ? (int) ((long) v * 255 * 2 + max) / (2 * max) : v);
            }
        }
        return planes;
    }

    private static void copyBytes(
            byte[] data, int base, int pixelStride, int lineStride, byte[] plane, int w, int h) {
        for (int y = 0; y < h; y++) {
            int p = base + y * lineStride;
            if (pixelStride == 1) {
                System.arraycopy(data, p, plane, y * w, w);
                continue;
            }
            for (int x = 0; x < w; x++, p += pixelStride) {
                plane[y * w + x] = data[p];
            }
        }
    }

    private static byte[] gray(byte[][] planes) {
        byte[] g = planes[0];
        byte[] out = new byte[g.length * 3];
        for (int i = 0, o = 0; i < g.length; i++, o += 3) {
            out[o] = g[i];
            out[o + 1] = g[i];
            out[o + 2] = g[i];
        }
        return out;
    }

    private static byte[] rgb(byte[][] planes) {
        byte[] r = planes[0];
        byte[] g = planes[1];
        byte[] b = planes[2];
        byte[] out = new byte[r.length * 3];
        for (int i = 0, o = 0; i < r.length; i++, o += 3) {
            out[o] = r[i];
            out[o + 1] = g[i];
            out[o + 2] = b[i];
        }
        return out;
    }

    private static byte[] ycbcr(byte[][] planes) {
        byte[] out = new byte[planes[0].length * 3];
        ycbcrInto(planes[0], planes[1], planes[2], out);
        return out;
    }

    private static void ycbcrInto(byte[] yy, byte[] cb, byte[] cr, byte[] out) {
        for (int i = 0, o = 0; i < yy.length; i++, o += 3) {
            int y = yy[i] & 0xFF;
            int b = cb[i] & 0xFF;
            int r = cr[i] & 0xFF;
            out[o] = clamp(y + CR_TO_R[r]);
            out[o + 1] = clamp(y + ((CB_TO_G[b] + CR_TO_G[r]) >> 16));
            out[o + 2] = clamp(y + CB_TO_B[b]);
        }
    }

    /** Naive CMYK to RGB without a colour profile: each ink multiplies its channel by 1 - ink. */
    private static byte[] cmyk(byte[][] planes, boolean inverted) {
        int n = planes[0].length;
        byte[] out = new byte[n * 3];
        int flip = inverted ? 0 : 255;
        for (int i = 0, o = 0; i < n; i++, o += 3) {
            // (255 - ink) is the stored value for inverted files, 255 - stored otherwise.
            int k = flip ^ (planes[3][i] & 0xFF);
            out[o] = (byte) (((flip ^ (planes[0][i] & 0xFF)) * k + 127) / 255);
            out[o + 1] = (byte) (((flip ^ (planes[1][i] & 0xFF)) * k + 127) / 255);
            out[o + 2] = (byte) (((flip ^ (planes[2][i] & 0xFF)) * k + 127) / 255);
        }
        return out;
    }

    /**
     * Adobe YCCK: libjpeg's YCCK to CMYK gives {@code 255 - rgb(Y, Cb, Cr)} for C, M, Y and passes
     * K through, in the inverted convention of Adobe CMYK.
     */
    private static byte[] ycck(byte[][] planes) {
        int n = planes[0].length;
        byte[] cmy = new byte[n * 3];
        ycbcrInto(planes[0], planes[1], planes[2], cmy);
        byte[][] inverted = {new byte[n], new byte[n], new byte[n], planes[3]};
        for (int i = 0; i < n; i++) {
            inverted[0][i] = (byte) (255 - (cmy[i * 3] & 0xFF));
            inverted[1][i] = (byte) (255 - (cmy[i * 3 + 1] & 0xFF));
            inverted[2][i] = (byte) (255 - (cmy[i * 3 + 2] & 0xFF));
        }
        return cmyk(inverted, true);
    }

    private static byte[] indexed(byte[] indices, IndexColorModel palette) {
        int size = palette.getMapSize();
        byte[] reds = new byte[256];
        byte[] greens = new byte[256];
        byte[] blues = new byte[256];
        palette.getReds(reds);
        palette.getGreens(greens);
        palette.getBlues(blues);
        byte[] out = new byte[indices.length * 3];
        for (int i = 0, o = 0; i < indices.length; i++, o += 3) {
            // Out-of-palette indices (corrupt files) read as entry 0 rather than failing.
            int k = indices[i] & 0xFF;
            k = k < size ? k : 0;
            out[o] = reds[k];
            out[o + 1] = greens[k];
            out[o + 2] = blues[k];
        }
        return out;
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
