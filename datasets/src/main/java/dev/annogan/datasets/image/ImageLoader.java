package dev.annogan.datasets.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads image files as normalised, resized CHW float arrays for training, and resizes their
 * class-index masks to match.
 *
 * <p>Every image is stretched to exactly {@code width x height} (no aspect-preserving crop or pad),
 * like torchvision's {@code Resize((h, w))}. Shrinking uses an area-averaging (box) filter,
 * enlarging a bilinear one, both with half-pixel centres; {@link #resizeMask} maps class masks with
 * the same geometry, taking for each output pixel the mask pixel under its centre. Images much
 * larger than the output are subsampled while decoding (see {@link Subsampling}). EXIF orientation
 * and ICC profiles are ignored, as PIL's plain {@code open} and COCO's annotations do.
 *
 * <p>Values are {@code (v / 255 - mean[c]) / std[c]} in R, G, B order, with {@link
 * Normalization#SYMMETRIC} (range {@code [-1, 1]}) by default. A loader is immutable and safe to
 * share between threads.
 *
 * <pre>{@code
 * ImageLoader loader = ImageLoader.builder().setSize(128, 128).build();
 * NDArray image = loader.load(manager, Path.of("train2017/000000008193.jpg")); // (3, 128, 128)
 * }</pre>
 */
public final class ImageLoader {

    private final int width;
    private final int height;
    private final Normalization normalization;
    private final Subsampling subsampling;
    private final boolean strict;

    private ImageLoader(Builder builder) {
        width = builder.width;
        height = builder.height;
        normalization = builder.normalization;
        subsampling = builder.subsampling;
        strict = builder.strict;
    }

    /**
     * Creates a builder for an image loader.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads an image's width and height from its header without decoding the pixels.
     *
     * @param file the image file
     * @return the stored dimensions
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws ImageDecodeException if the file is not an image ImageIO reads
     * @throws IOException if reading fails
     */
    public static ImageSize readDimensions(Path file) throws IOException {
        return ImageDecoder.readDimensions(file);
    }

    /**
     * Decodes, resizes and normalises an image.
     *
     * @param file a JPEG, PNG or other ImageIO-readable file; grey, palette, CMYK and 16-bit images
     *     become RGB
     * @return {@code 3 * height * width} values, channel-major (CHW) in R, G, B order
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws ImageDecodeException if the file is not an image, or (when strict) its data is
     *     corrupt or truncated
     * @throws IOException if reading fails
     */
    public float[] load(Path file) throws IOException {
        DecodedImage decoded = ImageDecoder.decode(file, width, height, subsampling, strict);
        return RgbResampler.resample(decoded, width, height, normalization);
    }

    /**
     * Decodes, resizes and normalises an image into an NDArray.
     *
     * @param manager the manager that will own the array
     * @param file the image file, as for {@link #load(Path)}
     * @return a float32 array of shape {@code (3, height, width)}
     * @throws IOException as {@link #load(Path)}
     */
    public NDArray load(NDManager manager, Path file) throws IOException {
        return manager.create(load(file), new Shape(3, height, width));
    }

    /**
     * Resizes a row-major class-index mask of the source image to this loader's output size, by
     * nearest neighbour aligned with the image resize.
     *
     * @param mask {@code sourceHeight * sourceWidth} class indices
     * @param sourceHeight the height of the image the mask belongs to
     * @param sourceWidth the width of the image the mask belongs to
     * @return {@code height * width} class indices, row-major
     * @throws IllegalArgumentException if the mask's length does not match its dimensions
     */
    public byte[] resizeMask(byte[] mask, int sourceHeight, int sourceWidth) {
        return MaskResizer.resize(mask, sourceHeight, sourceWidth, height, width);
    }

    /**
     * Resizes a row-major class-index mask, as {@link #resizeMask(byte[], int, int)}, for masks
     * with more than 256 classes or instance ids.
     *
     * @param mask {@code sourceHeight * sourceWidth} class indices
     * @param sourceHeight the height of the image the mask belongs to
     * @param sourceWidth the width of the image the mask belongs to
     * @return {@code height * width} class indices, row-major
     * @throws IllegalArgumentException if the mask's length does not match its dimensions
     */
    public int[] resizeMask(int[] mask, int sourceHeight, int sourceWidth) {
        return MaskResizer.resize(mask, sourceHeight, sourceWidth, height, width);
    }

    /**
     * Returns the output width.
     *
     * @return the width in pixels
     */
    public int getWidth() {
        return width;
    }

    /**
     * Returns the output height.
     *
     * @return the height in pixels
     */
    public int getHeight() {
        return height;
    }

    /**
     * Returns the normalisation applied to every image.
     *
     * @return the per-channel mean and standard deviation
     */
    public Normalization getNormalization() {
        return normalization;
    }

    /** Configures an {@link ImageLoader}. */
    public static final class Builder {

        private int width;
        private int height;
        private Normalization normalization = Normalization.SYMMETRIC;
        private Subsampling subsampling = Subsampling.ANTIALIASED;
        private boolean strict = true;

        Builder() {}

        /**
         * Sets the output size (required), in the order of DJL's {@code Resize(width, height)}.
         *
         * @param width the output width in pixels
         * @param height the output height in pixels
         * @return this builder
         */
        public Builder setSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * Sets the per-channel normalisation; {@link Normalization#SYMMETRIC} by default.
         *
         * @param normalization the mean and standard deviation per channel
         * @return this builder
         */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /**
         * Sets how much of a large image is decoded; {@link Subsampling#ANTIALIASED} by default.
         *
         * @param subsampling the subsampling policy
         * @return this builder
         */
        public Builder optSubsampling(Subsampling subsampling) {
            this.subsampling = subsampling;
            return this;
        }

        /**
         * Sets whether decoder warnings about pixel data fail the load (default on). ImageIO
         * reports truncated and corrupt JPEG data only as warnings and fills the rest with grey;
         * strict loading rejects such files instead of training on them. Warnings about invalid
         * colour profiles or thumbnails never fail a load, since both are ignored.
         *
         * @param strict whether pixel-data warnings are errors
         * @return this builder
         */
        public Builder optStrict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * Builds the loader.
         *
         * @return the loader
         * @throws IllegalArgumentException if the size is missing or not positive
         * @throws NullPointerException if the normalisation or subsampling is null
         */
        public ImageLoader build() {
            validate();
            return new ImageLoader(this);
        }

        private void validate() {
            if (width < 1 || height < 1) {
                throw new IllegalArgumentException(
                        "setSize(width, height) needs positive values, got "
                                + width
                                + " x "
                                + height);
            }
            Objects.requireNonNull(normalization, "normalization");
            Objects.requireNonNull(subsampling, "subsampling");
        }
    }
}
