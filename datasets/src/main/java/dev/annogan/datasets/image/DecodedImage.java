package dev.annogan.datasets.image;

/**
 * Pixels as decoded, before resizing, with the geometry needed to map them back to the original.
 *
 * @param width the width of the decoded raster
 * @param height the height of the decoded raster
 * @param rgb {@code width * height * 3} interleaved 8-bit R, G, B values, row by row
 * @param sourceWidth the width of the image in the file
 * @param sourceHeight the height of the image in the file
 * @param periodX the horizontal subsampling period the raster was read with (1 = every column)
 * @param periodY the vertical subsampling period the raster was read with (1 = every row)
 */
record DecodedImage(
        int width,
        int height,
        byte[] rgb,
        int sourceWidth,
        int sourceHeight,
        int periodX,
        int periodY) {}
