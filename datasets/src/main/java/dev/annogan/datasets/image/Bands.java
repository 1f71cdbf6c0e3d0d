package dev.annogan.datasets.image;

import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * Where the 8-bit samples of a raster's first bands sit: band {@code b} of pixel {@code (x, y)} is
 * {@code data[b][base[b] + y * lineStride + x * pixelStride]}.
 *
 * <p>For byte rasters with a component layout (every JPEG raster and 8-bit PNG), the arrays are the
 * raster's own data buffer, so conversion reads each sample once, in place. Other layouts (16-bit,
 * bit-packed, int-packed) are copied once into 8-bit planes.
 */
final class Bands {

    final byte[][] data;
    final int[] base;
    final int pixelStride;
    final int lineStride;
    final int width;
    final int height;

    private Bands(byte[][] data, int[] base, int pixelStride, int lineStride, int w, int h) {
        this.data = data;
        this.base = base;
        this.pixelStride = pixelStride;
        this.lineStride = lineStride;
        this.width = w;
        this.height = h;
    }

    /**
     * Locates the first {@code count} bands of a raster.
     *
     * @param raster the raster
     * @param count how many bands to read
     * @param scaleTo8Bits whether samples of other bit depths are rescaled to 0..255 (not for
     *     palette indices, which are used as they are)
     * @return the band locations
     */
    static Bands of(Raster raster, int count, boolean scaleTo8Bits) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        SampleModel model = raster.getSampleModel();
        if (model instanceof ComponentSampleModel csm
                && raster.getDataBuffer() instanceof DataBufferByte buffer) {
            int x0 = raster.getMinX() - raster.getSampleModelTranslateX();
            int y0 = raster.getMinY() - raster.getSampleModelTranslateY();
            int offset = y0 * csm.getScanlineStride() + x0 * csm.getPixelStride();
            byte[][] data = new byte[count][];
            int[] base = new int[count];
            for (int b = 0; b < count; b++) {
                int bank = csm.getBankIndices()[b];
                data[b] = buffer.getData(bank);
                base[b] = buffer.getOffsets()[bank] + csm.getBandOffsets()[b] + offset;
            }
            return new Bands(data, base, csm.getPixelStride(), csm.getScanlineStride(), w, h);
        }
        return new Bands(planes(raster, count, scaleTo8Bits), new int[count], 1, w, w, h);
    }

    /**
     * Returns whether the first three bands are interleaved in order in one array, three bytes per
     * pixel, as ImageIO's JPEG rasters are.
     */
    boolean isPackedTriplet() {
        return data.length >= 3
                && pixelStride == 3
                && data[1] == data[0]
                && data[2] == data[0]
                && base[1] == base[0] + 1
                && base[2] == base[0] + 2;
    }

    /** Copies bands into 8-bit planes with one bulk {@link Raster#getSamples} call per band. */
    private static byte[][] planes(Raster raster, int count, boolean scaleTo8Bits) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[][] planes = new byte[count][w * h];
        int[] samples = new int[w * h];
        SampleModel model = raster.getSampleModel();
        for (int b = 0; b < count; b++) {
            raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, b, samples);
            int bits = model.getSampleSize(b);
            byte[] plane = planes[b];
            if (!scaleTo8Bits || bits == 8) {
                for (int i = 0; i < samples.length; i++) {
                    plane[i] = (byte) samples[i];
                }
            } else {
                long max = (1L << bits) - 1;
                for (int i = 0; i < samples.length; i++) {
                    plane[i] = (byte) ((samples[i] * 510L + max) / (2 * max));
                }
            }
        }
        return planes;
    }
}
