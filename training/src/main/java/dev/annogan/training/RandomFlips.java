package dev.annogan.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import java.util.SplittableRandom;

/**
 * Flips each image of a batch at random, and its masks with it: left-right always, and, with {@link
 * Builder#optDihedral(boolean)}, also upside down and across the diagonal, which makes any of the
 * eight symmetries of the square equally likely. Left-right flips keep the labels of photographs;
 * the dihedral group suits images without an up, such as the shapes dataset or aerial views.
 *
 * <p>The batch's first data array holds the images, {@code (N, C, H, W)}. A label array whose last
 * two axes are {@code (H, W)}, a mask such as {@code (N, H, W)}, is transformed like its image; any
 * other label (tags, flags) is left as it is. Diagonal flips need square images and are skipped on
 * others. The transform of image {@code i} at step {@code t} is drawn from {@code (seed, t)} alone,
 * so a resumed run flips exactly as the uninterrupted one.
 *
 * <pre>{@code
 * GanTrainer gan = GanTrainer.builder()...
 *         .optAugmentation(RandomFlips.builder().optDihedral(true).build()).build();
 * }</pre>
 */
public final class RandomFlips implements BatchAugmentation {

    private final boolean dihedral;

    private RandomFlips(Builder builder) {
        this.dihedral = builder.dihedral;
    }

    /**
     * Creates a builder: left-right flips only unless {@link Builder#optDihedral(boolean)}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns whether all eight symmetries of the square are drawn, not only left-right flips.
     *
     * @return true for the dihedral group
     */
    public boolean isDihedral() {
        return dihedral;
    }

    /**
     * Returns the symmetry applied to each image of a batch at {@code step}, as three bits: 1 flips
     * left-right, 2 upside down, 4 across the main diagonal (applied last).
     *
     * @param seed the run's seed
     * @param step the step
     * @param batchSize the number of images
     * @return one number per image, in {@code [0, 8)}, or in {@code {0, 1}} without the dihedral
     *     group
     */
    public int[] transforms(long seed, long step, int batchSize) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        int[] choices = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            choices[i] = random.nextInt(dihedral ? 8 : 2);
        }
        return choices;
    }

    @Override
    public Batch apply(Batch batch, long seed, long step) {
        NDArray images = batch.getData().head();
        Shape shape = images.getShape();
        long height = shape.get(2);
        long width = shape.get(3);
        int n = Math.toIntExact(shape.get(0));
        int[] transforms = transforms(seed, step, n);
        boolean any = false;
        for (int i = 0; i < n; i++) {
            if (height != width) {
                transforms[i] &= 3;
            }
            any |= transforms[i] != 0;
        }
        if (!any) {
            return batch;
        }
        NDList data = new NDList(batch.getData().size());
        data.add(flip(images, transforms));
        for (int a = 1; a < batch.getData().size(); a++) {
            data.add(batch.getData().get(a));
        }
        NDList labels = new NDList(batch.getLabels().size());
        for (NDArray label : batch.getLabels()) {
            Shape s = label.getShape();
            boolean spatial =
                    s.dimension() >= 3
                            && s.get(0) == n
                            && s.get(s.dimension() - 2) == height
                            && s.get(s.dimension() - 1) == width;
            labels.add(spatial ? flip(label, transforms) : label);
        }
        // Shares the batch's manager: the caller closes the original batch, never this one.
        return new Batch(
                batch.getManager(),
                data,
                labels,
                batch.getSize(),
                Batchifier.STACK,
                Batchifier.STACK,
                batch.getProgress(),
                batch.getProgressTotal(),
                batch.getIndices());
    }

    /** Applies each row's transform to the last two axes of {@code array}. */
    private static NDArray flip(NDArray array, int[] transforms) {
        // Axes of one image once the batch axis is gone: ..., y, x.
        int x = array.getShape().dimension() - 2;
        int y = x - 1;
        NDList rows = new NDList(transforms.length);
        for (int i = 0; i < transforms.length; i++) {
            NDArray row = array.get(i);
            int t = transforms[i];
            if ((t & 1) != 0) {
                row = row.flip(x);
            }
            if ((t & 2) != 0) {
                row = row.flip(y);
            }
            if ((t & 4) != 0) {
                row = row.swapAxes(y, x);
            }
            rows.add(row);
        }
        return NDArrays.stack(rows);
    }

    /** Builds {@link RandomFlips}. */
    public static final class Builder {

        private boolean dihedral;

        Builder() {}

        /**
         * Sets whether upside-down and diagonal flips are drawn too; false by default.
         *
         * @param dihedral true for all eight symmetries of the square
         * @return this builder
         */
        public Builder optDihedral(boolean dihedral) {
            this.dihedral = dihedral;
            return this;
        }

        /**
         * Builds the augmentation.
         *
         * @return a new {@link RandomFlips}
         */
        public RandomFlips build() {
            return new RandomFlips(this);
        }
    }
}
