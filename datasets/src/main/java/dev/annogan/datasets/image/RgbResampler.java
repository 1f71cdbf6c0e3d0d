package dev.annogan.datasets.image;

import java.util.Arrays;

/**
 * Resizes an interleaved 8-bit RGB raster into a normalised planar (CHW) float array.
 *
 * <p>The filter is separable (rows first, then columns) with the taps of {@link AxisWeights}, and
 * the normalisation is folded into the final pass so every output value is written once.
 */
final class RgbResampler {

    private RgbResampler() {}

    /**
     * Resamples a decoded image.
     *
     * @param image the decoded pixels and the geometry they were decoded with
     * @param outWidth the output width
     * @param outHeight the output height
     * @param normalization the per-channel mean and standard deviation to apply
     * @return {@code 3 * outHeight * outWidth} values, channel-major in R, G, B order
     */
    static float[] resample(
            DecodedImage image, int outWidth, int outHeight, Normalization normalization) {
        AxisWeights wx =
                AxisWeights.of(image.sourceWidth(), image.periodX(), image.width(), outWidth);
        AxisWeights wy =
                AxisWeights.of(image.sourceHeight(), image.periodY(), image.height(), outHeight);
        float[] rows = horizontalPass(image, wx, outWidth, wy);
        return verticalPass(rows, wy, outWidth, outHeight, normalization);
    }

    /**
     * Filters the rows that any output row reads; the others stay zero and are never read.
     *
     * @return {@code image.height()} rows of {@code outWidth * 3} interleaved floats
     */
    private static float[] horizontalPass(
            DecodedImage image, AxisWeights wx, int outWidth, AxisWeights wy) {
        byte[] rgb = image.rgb();
        int width = image.width();
        int rowLength = outWidth * 3;
        float[] rows = new float[image.height() * rowLength];
        int lastRow = -1;
        for (int oy = 0; oy < wy.first.length; oy++) {
            int from = Math.max(lastRow + 1, wy.first[oy]);
            int to = wy.first[oy] + wy.count[oy];
            for (int y = from; y < to; y++) {
                int src = y * width * 3;
                int dst = y * rowLength;
                for (int ox = 0; ox < outWidth; ox++) {
                    float r = 0;
                    float g = 0;
                    float b = 0;
                    int w = ox * wx.stride;
                    int p = src + wx.first[ox] * 3;
                    for (int k = 0; k < wx.count[ox]; k++, p += 3) {
                        float weight = wx.weights[w + k];
                        r += weight * (rgb[p] & 0xFF);
                        g += weight * (rgb[p + 1] & 0xFF);
                        b += weight * (rgb[p + 2] & 0xFF);
                    }
                    rows[dst + ox * 3] = r;
                    rows[dst + ox * 3 + 1] = g;
                    rows[dst + ox * 3 + 2] = b;
                }
            }
            lastRow = Math.max(lastRow, to - 1);
        }
        return rows;
    }

    private static float[] verticalPass(
            float[] rows,
            AxisWeights wy,
            int outWidth,
            int outHeight,
            Normalization normalization) {
        int rowLength = outWidth * 3;
        int plane = outWidth * outHeight;
        // (v / 255 - mean) / std as one multiply-add per value.
        float[] scale = new float[3];
        float[] offset = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 1f / (255f * normalization.std(c));
            offset[c] = -normalization.mean(c) / normalization.std(c);
        }
        float[] out = new float[3 * plane];
        float[] acc = new float[rowLength];
        for (int oy = 0; oy < outHeight; oy++) {
            Arrays.fill(acc, 0f);
            for (int k = 0; k < wy.count[oy]; k++) {
                float weight = wy.weights[oy * wy.stride + k];
                int src = (wy.first[oy] + k) * rowLength;
                for (int i = 0; i < rowLength; i++) {
                    acc[i] += weight * rows[src + i];
                }
            }
            int dst = oy * outWidth;
            for (int ox = 0; ox < outWidth; ox++) {
                for (int c = 0; c < 3; c++) {
                    out[c * plane + dst + ox] = acc[ox * 3 + c] * scale[c] + offset[c];
                }
            }
        }
        return out;
    }
}
