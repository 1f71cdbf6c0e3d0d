package dev.annogan.datasets.image;

/**
 * Resizes class-index masks by nearest neighbour with the geometry of {@link
 * dev.annogan.core.image.ResizeWeights}.
 *
 * <p>Output pixel {@code i} takes the source pixel that contains its centre, {@code floor((i + 0.5)
 * * sourceLength / outputLength)}: the centre of the interval the image resize averages over, so
 * the mask's class boundaries stay where the resized image's colour edges are (within half an
 * output pixel). Computed in integers, so no rounding can pick a neighbour.
 */
final class MaskResizer {

    private MaskResizer() {}

    /**
     * Returns, for each output position on one axis, the source index it copies.
     *
     * @param sourceLength the source length, at least 1
     * @param outputLength the output length, at least 1
     * @return {@code outputLength} indices in {@code [0, sourceLength)}
     */
    static int[] sourceIndices(int sourceLength, int outputLength) {
        int[] index = new int[outputLength];
        for (int i = 0; i < outputLength; i++) {
            index[i] = (int) ((2L * i + 1) * sourceLength / (2L * outputLength));
        }
        return index;
    }

    /**
     * Resizes a row-major byte mask.
     *
     * @param mask {@code height * width} class indices
     * @param height the mask height
     * @param width the mask width
     * @param outHeight the output height
     * @param outWidth the output width
     * @return {@code outHeight * outWidth} class indices, row-major
     */
    static byte[] resize(byte[] mask, int height, int width, int outHeight, int outWidth) {
        checkLength(mask.length, height, width);
        int[] xs = sourceIndices(width, outWidth);
        int[] ys = sourceIndices(height, outHeight);
        byte[] out = new byte[outHeight * outWidth];
        for (int y = 0; y < outHeight; y++) {
            int row = ys[y] * width;
            for (int x = 0; x < outWidth; x++) {
                out[y * outWidth + x] = mask[row + xs[x]];
            }
        }
        return out;
    }

    /**
     * Resizes a row-major int mask.
     *
     * @param mask {@code height * width} class indices
     * @param height the mask height
     * @param width the mask width
     * @param outHeight the output height
     * @param outWidth the output width
     * @return {@code outHeight * outWidth} class indices, row-major
     */
    static int[] resize(int[] mask, int height, int width, int outHeight, int outWidth) {
        checkLength(mask.length, height, width);
        int[] xs = sourceIndices(width, outWidth);
        int[] ys = sourceIndices(height, outHeight);
        int[] out = new int[outHeight * outWidth];
        for (int y = 0; y < outHeight; y++) {
            int row = ys[y] * width;
            for (int x = 0; x < outWidth; x++) {
                out[y * outWidth + x] = mask[row + xs[x]];
            }
        }
        return out;
    }

    private static void checkLength(int length, int height, int width) {
        if (height < 1 || width < 1 || (long) height * width != length) {
            throw new IllegalArgumentException(
                    "mask has " + length + " values, not height " + height + " x width " + width);
        }
    }
}
