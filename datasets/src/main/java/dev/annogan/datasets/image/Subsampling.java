package dev.annogan.datasets.image;

/**
 * How much of a large image {@link ImageLoader} decodes: ImageIO's source subsampling reads every
 * {@code p}-th row and column, and costs less time and memory the larger {@code p} is, but keeps
 * point samples rather than averages, so too large a period aliases fine textures.
 *
 * <p>ImageIO's JPEG decoding is most of the load time whatever the policy, since it decodes every
 * block before subsampling. On the 160 COCO-tiny JPEGs (about 640 x 480) to 128 x 128, one core,
 * runs interleaved: {@code NONE} about 200 images/s, {@code ANTIALIASED} about 210, {@code FASTEST}
 * about 235 ({@code ImageLoadBenchmark}).
 */
public enum Subsampling {

    /** Decodes every pixel; the area filter sees the whole image. */
    NONE(Integer.MAX_VALUE),

    /**
     * Keeps at least two decoded pixels per output pixel and axis, so the area filter still
     * averages; subsampling starts when the image is four times the output. The default.
     */
    ANTIALIASED(2),

    /**
     * Keeps at least one decoded pixel per output pixel and axis; subsampling starts when the image
     * is twice the output. Near nearest-neighbour quality on fine textures.
     */
    FASTEST(1);

    private final int samplesPerOutputPixel;

    Subsampling(int samplesPerOutputPixel) {
        this.samplesPerOutputPixel = samplesPerOutputPixel;
    }

    /**
     * Returns the subsampling period for one axis.
     *
     * @param sourceLength the image's length along the axis
     * @param outputLength the output's length along the axis
     * @return the largest period that keeps enough decoded pixels per output pixel, at least 1
     */
    int period(int sourceLength, int outputLength) {
        long needed = (long) outputLength * samplesPerOutputPixel;
        return (int) Math.max(1, sourceLength / needed);
    }
}
