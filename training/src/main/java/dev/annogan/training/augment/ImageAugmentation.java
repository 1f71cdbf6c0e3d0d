package dev.annogan.training.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.annogan.training.BatchAugmentation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random changes of a batch of images that keep every map aligned with its image (class masks,
 * pseudo-labels, confidence weights): flips, translations, brightness and contrast jitter, and
 * cutout. One builder makes both the weak view of semi-supervised training (flips and small shifts,
 * which the teacher sees) and the strong view (all of them, which the student must still classify
 * as the teacher did).
 *
 * <p>Geometric changes (flips, shifts) move an image and its maps together; a map's pixels shifted
 * in from outside take the map's own fill value (-1, "ignored", for a class mask), the image's take
 * the nearest edge pixel. Photometric changes (jitter, cutout) touch the image only. Every choice
 * is drawn from the {@link SplittableRandom} handed in, so a run draws the same views from the same
 * seed and step; the work is done on the host, in Java arrays, which costs little beside a training
 * step and needs nothing of the engine.
 *
 * <p>Images are {@code (N, C, H, W)}, normalised (so 0 is the mean colour, which cutout paints).
 * Used as the loop's {@link BatchAugmentation}, the batch's first data array is the images and
 * every label array whose last two axes are {@code (H, W)} (such as a mask {@code (N, H, W)}) is an
 * aligned map filled with -1; other labels are left as they are.
 *
 * <pre>{@code
 * ImageAugmentation weak = ImageAugmentation.builder().optFlips(Flips.LEFT_RIGHT).optShift(2).build();
 * ImageAugmentation strong = weak.toBuilder().optJitter(0.4f, 0.4f).optCutout(0.5f).build();
 * }</pre>
 */
public final class ImageAugmentation implements BatchAugmentation {

    /** Which flips are drawn. */
    public enum Flips {
        /** None. */
        NONE,
        /** Left-right, with probability one half: keeps the meaning of photographs. */
        LEFT_RIGHT,
        /**
         * Any of the eight symmetries of the square (left-right, upside down, transposed), for
         * images without an up such as the shapes dataset or aerial views; square images only.
         */
        DIHEDRAL
    }

    private final Flips flips;
    private final int shift;
    private final float brightness;
    private final float contrast;
    private final float cutout;

    private ImageAugmentation(Builder builder) {
        this.flips = builder.flips;
        this.shift = builder.shift;
        this.brightness = builder.brightness;
        this.contrast = builder.contrast;
        this.cutout = builder.cutout;
    }

    /**
     * Creates a builder of an augmentation that changes nothing until told to.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The augmentation that changes nothing. */
    public static final ImageAugmentation NONE = new Builder().build();

    /**
     * Returns a builder holding this augmentation's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.flips = flips;
        b.shift = shift;
        b.brightness = brightness;
        b.contrast = contrast;
        b.cutout = cutout;
        return b;
    }

    /**
     * Returns whether the augmentation changes nothing.
     *
     * @return true if every change is off
     */
    public boolean isIdentity() {
        return flips == Flips.NONE && shift == 0 && brightness == 0 && contrast == 0 && cutout == 0;
    }

    /**
     * A map aligned with the images, and the value its pixels take when shifted in from outside.
     *
     * @param array {@code (N, ..., H, W)}, any numeric type
     * @param fill the value of pixels with no source, for example -1 (ignored) in a class mask
     */
    public record Aligned(NDArray array, float fill) {}

    /**
     * Returns new arrays: the images changed, and each map moved as its image was. They belong to
     * the images' manager (the maps' own type is kept). The identity returns the arrays given.
     *
     * @param images {@code (N, C, H, W)} float images
     * @param maps maps whose first axis is N and last two are {@code (H, W)}
     * @param random the source of every choice
     * @return the images first, then the maps in order
     */
    public NDList apply(NDArray images, List<Aligned> maps, SplittableRandom random) {
        if (isIdentity()) {
            NDList same = new NDList(images);
            maps.forEach(map -> same.add(map.array()));
            return same;
        }
        Shape shape = images.getShape();
        int n = Math.toIntExact(shape.get(0));
        int channels = Math.toIntExact(shape.get(1));
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        Geometry[] moves = new Geometry[n];
        for (int i = 0; i < n; i++) {
            moves[i] = Geometry.draw(flips, shift, height, width, random);
        }
        float[] pixels = images.toType(DataType.FLOAT32, false).toFloatArray();
        float[] moved = new float[pixels.length];
        int plane = height * width;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int offset = (i * channels + c) * plane;
                moves[i].apply(pixels, moved, offset, height, width, Float.NaN);
            }
            photometric(moved, i * channels * plane, channels, height, width, random);
        }
        NDList out = new NDList(1 + maps.size());
        out.add(images.getManager().create(moved, shape));
        for (Aligned map : maps) {
            out.add(moveMap(map, moves, height, width, images.getManager()));
        }
        return out;
    }

    private static NDArray moveMap(
            Aligned map, Geometry[] moves, int height, int width, NDManager manager) {
        NDArray array = map.array();
        Shape shape = array.getShape();
        float[] values = array.toType(DataType.FLOAT32, false).toFloatArray();
        float[] moved = new float[values.length];
        int plane = height * width;
        int planesPerRow = Math.toIntExact(shape.size() / shape.get(0) / plane);
        for (int i = 0; i < moves.length; i++) {
            for (int p = 0; p < planesPerRow; p++) {
                int offset = (i * planesPerRow + p) * plane;
                moves[i].apply(values, moved, offset, height, width, map.fill());
            }
        }
        NDArray result = manager.create(moved, shape);
        return array.getDataType() == DataType.FLOAT32
                ? result
                : result.toType(array.getDataType(), false);
    }

    /** Brightness, contrast (per image, every channel alike) and cutout, in place. */
    private void photometric(
            float[] image, int offset, int channels, int height, int width, SplittableRandom r) {
        if (contrast > 0 || brightness > 0) {
            float scale = 1 + contrast * (float) (2 * r.nextDouble() - 1);
            float add = brightness * (float) (2 * r.nextDouble() - 1);
            int plane = height * width;
            for (int c = 0; c < channels; c++) {
                double mean = 0;
                for (int k = 0; k < plane; k++) {
                    mean += image[offset + c * plane + k];
                }
                float m = (float) (mean / plane);
                for (int k = 0; k < plane; k++) {
                    int at = offset + c * plane + k;
                    image[at] = m + (image[at] - m) * scale + add;
                }
            }
        }
        if (cutout > 0) {
            int side = Math.max(1, Math.round(cutout * Math.min(height, width)));
            int cy = r.nextInt(height);
            int cx = r.nextInt(width);
            int y0 = Math.max(0, cy - side / 2);
            int y1 = Math.min(height, cy - side / 2 + side);
            int x0 = Math.max(0, cx - side / 2);
            int x1 = Math.min(width, cx - side / 2 + side);
            for (int c = 0; c < channels; c++) {
                for (int y = y0; y < y1; y++) {
                    int row = offset + (c * height + y) * width;
                    java.util.Arrays.fill(image, row + x0, row + x1, 0f);
                }
            }
        }
    }

    @Override
    public Batch apply(Batch batch, long seed, long step) {
        if (isIdentity()) {
            return batch;
        }
        NDArray images = batch.getData().head();
        Shape shape = images.getShape();
        long n = shape.get(0);
        List<Aligned> maps = new ArrayList<>();
        List<Integer> mapIndices = new ArrayList<>();
        NDList labels = batch.getLabels();
        for (int a = 0; a < labels.size(); a++) {
            Shape s = labels.get(a).getShape();
            if (s.dimension() >= 3
                    && s.get(0) == n
                    && s.get(s.dimension() - 2) == shape.get(2)
                    && s.get(s.dimension() - 1) == shape.get(3)) {
                maps.add(new Aligned(labels.get(a), -1f));
                mapIndices.add(a);
            }
        }
        SplittableRandom random =
                new SplittableRandom((seed * 0x9E3779B97F4A7C15L + step) ^ 0x5DEECE66DL);
        NDList changed = apply(images, maps, random);
        NDList data = new NDList(batch.getData().size());
        data.add(changed.head());
        for (int a = 1; a < batch.getData().size(); a++) {
            data.add(batch.getData().get(a));
        }
        NDList newLabels = new NDList(labels);
        for (int m = 0; m < mapIndices.size(); m++) {
            newLabels.set(mapIndices.get(m), changed.get(m + 1));
        }
        // Shares the batch's manager: the caller closes the original batch, never this one.
        return new Batch(
                batch.getManager(),
                data,
                newLabels,
                batch.getSize(),
                Batchifier.STACK,
                Batchifier.STACK,
                batch.getProgress(),
                batch.getProgressTotal(),
                batch.getIndices());
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "flips %s, shift %d px, brightness %s, contrast %s, cutout %s",
                flips.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                shift,
                brightness,
                contrast,
                cutout);
    }

    /**
     * One image's flip and shift: output pixel {@code (y, x)} reads input pixel {@code source(y,
     * x)} of the flipped image shifted by {@code (dy, dx)}.
     */
    private record Geometry(int symmetry, int dy, int dx) {

        static Geometry draw(Flips flips, int shift, int height, int width, SplittableRandom r) {
            int symmetry =
                    switch (flips) {
                        case NONE -> 0;
                        case LEFT_RIGHT -> r.nextInt(2);
                        case DIHEDRAL -> r.nextInt(height == width ? 8 : 4);
                    };
            int dy = shift == 0 ? 0 : r.nextInt(2 * shift + 1) - shift;
            int dx = shift == 0 ? 0 : r.nextInt(2 * shift + 1) - shift;
            return new Geometry(symmetry, dy, dx);
        }

        /**
         * Writes one plane: flipped (bit 1 left-right, bit 2 upside down, bit 4 transposed, in that
         * order), then shifted. Pixels shifted in from outside take {@code fill}, or the nearest
         * edge pixel when {@code fill} is NaN.
         */
        void apply(float[] in, float[] out, int offset, int height, int width, float fill) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int sy = y - dy;
                    int sx = x - dx;
                    boolean outside = sy < 0 || sy >= height || sx < 0 || sx >= width;
                    if (outside && !Float.isNaN(fill)) {
                        out[offset + y * width + x] = fill;
                        continue;
                    }
                    sy = Math.min(height - 1, Math.max(0, sy));
                    sx = Math.min(width - 1, Math.max(0, sx));
                    // Undo the symmetry: (sy, sx) is a pixel of the flipped image.
                    int fy = sy;
                    int fx = sx;
                    if ((symmetry & 4) != 0) {
                        int t = fy;
                        fy = fx;
                        fx = t;
                    }
                    if ((symmetry & 2) != 0) {
                        fy = height - 1 - fy;
                    }
                    if ((symmetry & 1) != 0) {
                        fx = width - 1 - fx;
                    }
                    out[offset + y * width + x] = in[offset + fy * width + fx];
                }
            }
        }
    }

    /** Builds an {@link ImageAugmentation}. */
    public static final class Builder {
        private Flips flips = Flips.NONE;
        private int shift;
        private float brightness;
        private float contrast;
        private float cutout;

        Builder() {}

        /**
         * Sets which flips are drawn; none by default.
         *
         * @param flips the flips
         * @return this builder
         */
        public Builder optFlips(Flips flips) {
            this.flips = java.util.Objects.requireNonNull(flips, "flips");
            return this;
        }

        /**
         * Sets the largest translation, drawn uniformly in {@code [-shift, shift]} pixels on each
         * axis; 0 by default.
         *
         * @param shift pixels, at least 0
         * @return this builder
         */
        public Builder optShift(int shift) {
            this.shift = shift;
            return this;
        }

        /**
         * Sets colour jitter: each image's contrast is scaled by a factor in {@code [1 - contrast,
         * 1 + contrast]} around its mean, and {@code [-brightness, brightness]} (in normalised
         * units) is added; 0 and 0 by default.
         *
         * @param brightness the largest brightness change, at least 0
         * @param contrast the largest relative contrast change, in {@code [0, 1)}
         * @return this builder
         */
        public Builder optJitter(float brightness, float contrast) {
            this.brightness = brightness;
            this.contrast = contrast;
            return this;
        }

        /**
         * Sets cutout: one square of side {@code fraction} of the image's shorter side, centred at
         * a random pixel (so it may reach past an edge), painted with the mean colour; 0 (off) by
         * default.
         *
         * @param fraction the square's side as a fraction of the image, in {@code [0, 1]}
         * @return this builder
         */
        public Builder optCutout(float fraction) {
            this.cutout = fraction;
            return this;
        }

        /**
         * Builds the augmentation.
         *
         * @return a new {@link ImageAugmentation}
         * @throws IllegalArgumentException if a setting is out of range
         */
        public ImageAugmentation build() {
            if (shift < 0 || !(brightness >= 0) || !(contrast >= 0 && contrast < 1)) {
                throw new IllegalArgumentException(
                        "ImageAugmentation: shift, brightness must be >= 0 and contrast in [0, 1),"
                                + " got "
                                + shift
                                + ", "
                                + brightness
                                + ", "
                                + contrast);
            }
            if (!(cutout >= 0 && cutout <= 1)) {
                throw new IllegalArgumentException(
                        "ImageAugmentation: cutout must be in [0, 1], got " + cutout);
            }
            return new ImageAugmentation(this);
        }
    }
}
