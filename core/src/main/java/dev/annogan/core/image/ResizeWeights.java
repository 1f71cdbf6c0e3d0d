package dev.annogan.core.image;

/**
 * The filter taps that map one axis of a decoded image onto one axis of the output: the one resize
 * of AnnoGAN, used by training's image loader ({@code datasets.image.ImageLoader}) and by the
 * annotators' preparation of new images ({@code core.annotate.ResizeNormalize}), so that a served
 * image meets the network exactly as its training images did.
 *
 * <p>Geometry (shared with the nearest-neighbour resize of masks): an axis of {@code sourceLength}
 * original pixels is the continuous interval {@code [0, sourceLength)}, pixel {@code k} covering
 * {@code [k, k+1)} with its centre at {@code k + 0.5}. Output pixel {@code i} of {@code
 * outputLength} covers {@code [i * s, (i + 1) * s)} with {@code s = sourceLength / outputLength},
 * so its centre is {@code (i + 0.5) * s}. This is the "half-pixel centre" convention of PIL, OpenCV
 * and {@code align_corners=False}.
 *
 * <p>When the output is smaller ({@code s >= 1}) each output pixel averages the decoded pixels
 * under its interval, weighted by overlap (a box / area-averaging filter). A decoded pixel {@code
 * j} of an image read with subsampling period {@code p} stands for the original interval {@code [j
 * * p, (j + 1) * p)}, the last one ending at {@code sourceLength}, so subsampled and full decodes
 * share one geometry. When the output is larger ({@code s < 1}, never subsampled) each output pixel
 * interpolates linearly between the two decoded pixels around its centre, clamping at the edges.
 */
public final class ResizeWeights {

    /** Index of the first decoded pixel each output pixel reads. */
    public final int[] first;

    /** How many decoded pixels each output pixel reads. */
    public final int[] count;

    /** The weights, {@code stride} per output pixel, each row summing to one. */
    public final float[] weights;

    /** The number of weight slots per output pixel. */
    public final int stride;

    private ResizeWeights(int[] first, int[] count, float[] weights, int stride) {
        this.first = first;
        this.count = count;
        this.weights = weights;
        this.stride = stride;
    }

    /**
     * Computes the taps for one axis.
     *
     * @param sourceLength the axis length of the original image in pixels
     * @param period the subsampling period the image was decoded with (1 for a full decode)
     * @param decodedLength the axis length of the decoded raster
     * @param outputLength the axis length of the output
     * @return the taps
     */
    public static ResizeWeights of(
            int sourceLength, int period, int decodedLength, int outputLength) {
        double scale = (double) sourceLength / outputLength;
        return scale >= 1
                ? area(sourceLength, period, decodedLength, outputLength, scale)
                : bilinear(decodedLength, outputLength, scale);
    }

    /**
     * Returns the taps of a full decode as an {@code outputLength x sourceLength} row-major matrix
     * whose rows sum to one, for a resize computed as matrix products.
     *
     * @param sourceLength the axis length of the image
     * @param outputLength the axis length of the output
     * @return the weights
     */
    public static float[] dense(int sourceLength, int outputLength) {
        ResizeWeights taps = of(sourceLength, 1, sourceLength, outputLength);
        float[] m = new float[outputLength * sourceLength];
        for (int i = 0; i < outputLength; i++) {
            for (int k = 0; k < taps.count[i]; k++) {
                m[i * sourceLength + taps.first[i] + k] = taps.weights[i * taps.stride + k];
            }
        }
        return m;
    }

    private static ResizeWeights area(
            int sourceLength, int period, int decodedLength, int outputLength, double scale) {
        // An output interval of length s touches at most ceil(s / p) + 1 decoded pixels.
        int stride = (int) Math.ceil(scale / period) + 1;
        int[] first = new int[outputLength];
        int[] count = new int[outputLength];
        float[] weights = new float[outputLength * stride];
        for (int i = 0; i < outputLength; i++) {
            double lo = i * scale;
            double hi = Math.min(sourceLength, (i + 1) * scale);
            int j0 = Math.min(decodedLength - 1, (int) (lo / period));
            int j1 = Math.min(decodedLength - 1, (int) Math.ceil(hi / period) - 1);
            double total = 0;
            int n = 0;
            for (int j = j0; j <= j1; j++) {
                double cellLo = (double) j * period;
                double cellHi = j == decodedLength - 1 ? sourceLength : cellLo + period;
                double overlap = Math.min(hi, cellHi) - Math.max(lo, cellLo);
                weights[i * stride + n] = (float) Math.max(0, overlap);
                total += Math.max(0, overlap);
                n++;
            }
            for (int k = 0; k < n; k++) {
                weights[i * stride + k] = (float) (weights[i * stride + k] / total);
            }
            first[i] = j0;
            count[i] = n;
        }
        return new ResizeWeights(first, count, weights, stride);
    }

    private static ResizeWeights bilinear(int decodedLength, int outputLength, double scale) {
        int[] first = new int[outputLength];
        int[] count = new int[outputLength];
        float[] weights = new float[outputLength * 2];
        for (int i = 0; i < outputLength; i++) {
            // Position of the output centre in decoded pixel-index units (centres at integers).
            double u = (i + 0.5) * scale - 0.5;
            if (u <= 0 || decodedLength == 1) {
                first[i] = 0;
                count[i] = 1;
                weights[i * 2] = 1;
            } else if (u >= decodedLength - 1) {
                first[i] = decodedLength - 1;
                count[i] = 1;
                weights[i * 2] = 1;
            } else {
                int j = (int) u;
                float t = (float) (u - j);
                first[i] = j;
                count[i] = 2;
                weights[i * 2] = 1 - t;
                weights[i * 2 + 1] = t;
            }
        }
        return new ResizeWeights(first, count, weights, 2);
    }
}
