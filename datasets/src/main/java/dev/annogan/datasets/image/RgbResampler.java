package dev.annogan.datasets.image;

import dev.annogan.core.image.ResizeWeights;
import java.util.Arrays;

/**
 * Resizes a decoded raster into a normalised planar (CHW) RGB float array.
 *
 * <p>The filter is separable with the taps of {@link ResizeWeights}. Columns are filtered first, a
 * whole output row at a time over contiguous bytes (the long, simple loop the JIT vectorises); then
 * rows, at output resolution. YCbCr to RGB conversion, clamping and normalisation happen in that
 * last step, once per output pixel. Because the conversion is affine it commutes with the filter;
 * only pixels whose neighbours fall outside the RGB gamut (rare, at saturated edges) differ from
 * converting first, by the clamping.
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
        ResizeWeights wx =
                ResizeWeights.of(image.sourceWidth(), image.periodX(), image.width(), outWidth);
        ResizeWeights wy =
                ResizeWeights.of(image.sourceHeight(), image.periodY(), image.height(), outHeight);
        byte[] pixels = image.pixels();
        int rowLength = image.width() * 3;
        int plane = outWidth * outHeight;
        // (v / 255 - mean) / std as one multiply-add per value.
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 1f / (255f * normalization.std(c));
            shift[c] = -normalization.mean(c) / normalization.std(c);
        }
        boolean ycbcr = image.ycbcr();
        float[] row = new float[rowLength];
        float[] out = new float[3 * plane];
        for (int oy = 0; oy < outHeight; oy++) {
            Arrays.fill(row, 0f);
            for (int k = 0; k < wy.count[oy]; k++) {
                float weight = wy.weights[oy * wy.stride + k];
                int src = image.offset() + (wy.first[oy] + k) * image.lineStride();
                for (int i = 0; i < rowLength; i++) {
                    row[i] += weight * (pixels[src + i] & 0xFF);
                }
            }
            for (int ox = 0; ox < outWidth; ox++) {
                float a = 0;
                float b = 0;
                float c = 0;
                int w = ox * wx.stride;
                int p = wx.first[ox] * 3;
                for (int k = 0; k < wx.count[ox]; k++, p += 3) {
                    float weight = wx.weights[w + k];
                    a += weight * row[p];
                    b += weight * row[p + 1];
                    c += weight * row[p + 2];
                }
                float red = a;
                float green = b;
                float blue = c;
                if (ycbcr) {
                    // JFIF: a = Y, b = Cb, c = Cr.
                    red = a + 1.402f * (c - 128f);
                    green = a - 0.344136f * (b - 128f) - 0.714136f * (c - 128f);
                    blue = a + 1.772f * (b - 128f);
                }
                int o = oy * outWidth + ox;
                out[o] = clamp255(red) * scale[0] + shift[0];
                out[plane + o] = clamp255(green) * scale[1] + shift[1];
                out[2 * plane + o] = clamp255(blue) * scale[2] + shift[2];
            }
        }
        return out;
    }

    /** Clamps to the 8-bit range; for RGB input this only removes float rounding overshoot. */
    private static float clamp255(float v) {
        return v < 0f ? 0f : Math.min(v, 255f);
    }
}
