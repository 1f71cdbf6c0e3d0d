package dev.annogan.datasets.image;

/**
 * Pixels as decoded, before resizing: three interleaved 8-bit channels per pixel, still in YCbCr
 * when they come straight from a JPEG, with the geometry needed to map them back to the original.
 *
 * @param width the width of the decoded raster
 * @param height the height of the decoded raster
 * @param pixels the samples: channel {@code c} of pixel {@code (x, y)} is at {@code offset + y *
 *     lineStride + 3 * x + c}
 * @param offset the index of the first sample
 * @param lineStride the distance between rows, at least {@code 3 * width}
 * @param ycbcr whether the channels are JFIF Y, Cb, Cr rather than R, G, B
 * @param sourceWidth the width of the image in the file
 * @param sourceHeight the height of the image in the file
 * @param periodX the horizontal subsampling period the raster was read with (1 = every column)
 * @param periodY the vertical subsampling period the raster was read with (1 = every row)
 */
record DecodedImage(
        int width,
        int height,
        byte[] pixels,
        int offset,
        int lineStride,
        boolean ycbcr,
        int sourceWidth,
        int sourceHeight,
        int periodX,
        int periodY) {

    /** Wraps tightly packed RGB rows. */
    static DecodedImage ofRgb(
            int width, int height, byte[] rgb, int sourceWidth, int sourceHeight, int px, int py) {
        return new DecodedImage(
                width, height, rgb, 0, 3 * width, false, sourceWidth, sourceHeight, px, py);
    }
}
