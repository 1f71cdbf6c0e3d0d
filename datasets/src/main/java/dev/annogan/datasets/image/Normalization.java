package dev.annogan.datasets.image;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation that map pixel values, first scaled to {@code [0, 1]}, to
 * network inputs as {@code (v / 255 - mean[c]) / std[c]}.
 */
public final class Normalization {

    /**
     * Maps every channel to {@code [-1, 1]} (mean and std 0.5): the range of a {@code tanh}
     * generator, so a discriminator sees real and generated images on the same scale. This is
     * {@link ImageLoader}'s default.
     */
    public static final Normalization SYMMETRIC =
            new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});

    /** The ImageNet statistics that torchvision's pretrained backbones expect (RGB order). */
    public static final Normalization IMAGENET =
            new Normalization(
                    new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    /** Leaves the values in {@code [0, 1]} (mean 0, std 1). */
    public static final Normalization UNIT =
            new Normalization(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

    private final float[] mean;
    private final float[] std;

    private Normalization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * Creates a normalisation for RGB images from per-channel statistics.
     *
     * @param mean the mean of R, G and B on the {@code [0, 1]} scale
     * @param std the standard deviation of R, G and B, each positive
     * @return the normalisation
     * @throws IllegalArgumentException if an array does not have three finite entries or a standard
     *     deviation is not positive
     */
    public static Normalization of(float[] mean, float[] std) {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException(
                    "mean and std need 3 entries (R, G, B), got "
                            + mean.length
                            + " and "
                            + std.length);
        }
        for (int c = 0; c < 3; c++) {
            if (!Float.isFinite(mean[c]) || !(std[c] > 0) || !Float.isFinite(std[c])) {
                throw new IllegalArgumentException(
                        "channel " + c + ": mean " + mean[c] + ", std " + std[c] + " is invalid");
            }
        }
        return new Normalization(mean.clone(), std.clone());
    }

    /**
     * Returns the mean of a channel.
     *
     * @param channel 0 for red, 1 for green, 2 for blue
     * @return the mean on the {@code [0, 1]} scale
     */
    public float mean(int channel) {
        return mean[channel];
    }

    /**
     * Returns the standard deviation of a channel.
     *
     * @param channel 0 for red, 1 for green, 2 for blue
     * @return the standard deviation on the {@code [0, 1]} scale
     */
    public float std(int channel) {
        return std[channel];
    }

    /**
     * Maps a normalised value back to the {@code [0, 1]} scale, e.g. to save a generated image.
     *
     * @param channel 0 for red, 1 for green, 2 for blue
     * @param value the normalised value
     * @return {@code value * std + mean}
     */
    public float denormalize(int channel, float value) {
        return value * std[channel] + mean[channel];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n
                && Arrays.equals(mean, n.mean)
                && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization{mean="
                + Arrays.toString(mean)
                + ", std="
                + Arrays.toString(std)
                + "}";
    }
}
