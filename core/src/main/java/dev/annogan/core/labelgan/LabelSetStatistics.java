package dev.annogan.core.labelgan;

import java.util.Random;

/**
 * Statistics of a collection of label sets (multi-hot vectors over K labels), and the distances
 * that say how close generated label sets come to real ones:
 *
 * <ul>
 *   <li><b>frequency L1</b>: {@code Σ_k |f(k) - f'(k)|}, where {@code f(k)} is the fraction of sets
 *       containing label k;
 *   <li><b>co-occurrence L1</b>: {@code Σ_{i<j} |c(i,j) - c'(i,j)|}, where {@code c(i,j)} is the
 *       fraction of sets containing both i and j — what an independent model cannot match;
 *   <li><b>size TV</b>: the total-variation distance {@code ½ Σ_n |h(n) - h'(n)|} between the
 *       histograms of labels per set.
 * </ul>
 */
public final class LabelSetStatistics {

    private final int labels;
    private final int count;
    private final double[] frequency;
    private final double[] cooccurrence; // upper triangle, row-major, i < j
    private final double[] sizeHistogram; // index = labels per set, 0..K

    private LabelSetStatistics(int labels, int count, long[] single, long[] pairs, long[] sizes) {
        this.labels = labels;
        this.count = count;
        frequency = new double[labels];
        cooccurrence = new double[pairs.length];
        sizeHistogram = new double[labels + 1];
        double n = Math.max(1, count);
        for (int k = 0; k < labels; k++) {
            frequency[k] = single[k] / n;
        }
        for (int p = 0; p < pairs.length; p++) {
            cooccurrence[p] = pairs[p] / n;
        }
        for (int s = 0; s <= labels; s++) {
            sizeHistogram[s] = sizes[s] / n;
        }
    }

    /**
     * Returns the statistics of label sets given as rows of 0/1 values (any value above 0.5 counts
     * as present).
     */
    public static LabelSetStatistics of(float[][] sets, int labels) {
        long[] single = new long[labels];
        long[] pairs = new long[labels * (labels - 1) / 2];
        long[] sizes = new long[labels + 1];
        int[] present = new int[labels];
        for (float[] set : sets) {
            if (set.length != labels) {
                throw new IllegalArgumentException(
                        "a label set has " + set.length + " entries, expected " + labels);
            }
            int n = 0;
            for (int k = 0; k < labels; k++) {
                if (set[k] > 0.5f) {
                    present[n++] = k;
                    single[k]++;
                }
            }
            sizes[n]++;
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    pairs[pairIndex(present[a], present[b], labels)]++;
                }
            }
        }
        return new LabelSetStatistics(labels, sets.length, single, pairs, sizes);
    }

    /**
     * Samples {@code count} label sets that match {@code reference}'s per-label frequencies with
     * every label drawn independently: the baseline a model of co-occurrence must beat.
     */
    public static float[][] independentBernoulli(
            LabelSetStatistics reference, int count, long seed) {
        Random random = new Random(seed);
        float[][] sets = new float[count][reference.labels];
        for (float[] set : sets) {
            for (int k = 0; k < reference.labels; k++) {
                set[k] = random.nextDouble() < reference.frequency[k] ? 1f : 0f;
            }
        }
        return sets;
    }

    private static int pairIndex(int i, int j, int labels) {
        // Row i of the upper triangle starts after rows 0..i-1, which hold (K-1) + ... + (K-i).
        return i * (2 * labels - i - 1) / 2 + (j - i - 1);
    }

    /** Returns the number of label sets. */
    public int count() {
        return count;
    }

    /** Returns the fraction of sets containing label {@code k}. */
    public double frequency(int k) {
        return frequency[k];
    }

    /** Returns the fraction of sets containing both labels {@code i != j}. */
    public double cooccurrence(int i, int j) {
        if (i == j) {
            return frequency[i];
        }
        return cooccurrence[pairIndex(Math.min(i, j), Math.max(i, j), labels)];
    }

    /** Returns the fraction of sets with exactly {@code n} labels. */
    public double sizeFraction(int n) {
        return sizeHistogram[n];
    }

    /** Returns the mean number of labels per set. */
    public double meanSize() {
        double mean = 0;
        for (int n = 0; n < sizeHistogram.length; n++) {
            mean += n * sizeHistogram[n];
        }
        return mean;
    }

    /** Returns {@code Σ_k |f(k) - f'(k)|}. */
    public double frequencyL1(LabelSetStatistics other) {
        return l1(frequency, other(other).frequency);
    }

    /** Returns {@code Σ_{i<j} |c(i,j) - c'(i,j)|}. */
    public double cooccurrenceL1(LabelSetStatistics other) {
        return l1(cooccurrence, other(other).cooccurrence);
    }

    /** Returns the total-variation distance between the labels-per-set histograms. */
    public double sizeTotalVariation(LabelSetStatistics other) {
        return 0.5 * l1(sizeHistogram, other(other).sizeHistogram);
    }

    private LabelSetStatistics other(LabelSetStatistics other) {
        if (other.labels != labels) {
            throw new IllegalArgumentException(
                    "statistics over " + other.labels + " labels, expected " + labels);
        }
        return other;
    }

    private static double l1(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum;
    }
}
