package dev.annogan.datasets.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Which records of a dataset keep their labels in a semi-supervised experiment: a seeded,
 * class-stratified choice, the same for the same seed on every machine.
 *
 * <p>Records are described by their class sets: one class for single-label data (Fashion-MNIST),
 * the classes present for multi-label data (COCO images). Unchosen records are unlabelled; a
 * dataset must mark them as such and never hand out their labels.
 */
public final class LabelSplit {

    private final boolean[] labelled;

    private LabelSplit(boolean[] labelled) {
        this.labelled = labelled;
    }

    /**
     * Labels {@code n} records per class: exactly {@code n} for single-label data; for multi-label
     * data, records are taken in seeded order while they bring a class still under {@code n}, so
     * every class gets at least {@code n} (or all it has). Records with no class stay unlabelled.
     */
    public static LabelSplit perClass(List<int[]> classSets, int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("labels per class must be >= 0, got " + n);
        }
        int classes = 0;
        for (int[] set : classSets) {
            for (int k : set) {
                classes = Math.max(classes, k + 1);
            }
        }
        int[] taken = new int[classes];
        boolean[] labelled = new boolean[classSets.size()];
        for (int i : shuffled(classSets.size(), seed)) {
            boolean needed = false;
            for (int k : classSets.get(i)) {
                needed |= taken[k] < n;
            }
            if (needed) {
                labelled[i] = true;
                for (int k : classSets.get(i)) {
                    taken[k]++;
                }
            }
        }
        return new LabelSplit(labelled);
    }

    /** Labels {@code n} records per class of single-label data. */
    public static LabelSplit perClass(int[] labels, int n, long seed) {
        return perClass(singletons(labels), n, seed);
    }

    /**
     * Labels {@code round(fraction * size)} records, stratified: records are grouped by their
     * rarest class (records with none form one more group) and each group gives its share, so rare
     * classes are not left without labels by chance.
     */
    public static LabelSplit byFraction(List<int[]> classSets, double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1], got " + fraction);
        }
        int size = classSets.size();
        int[] frequency = new int[1];
        for (int[] set : classSets) {
            for (int k : set) {
                if (k >= frequency.length) {
                    frequency = Arrays.copyOf(frequency, k + 1);
                }
                frequency[k]++;
            }
        }
        // Group key: the record's rarest class, or the extra last group for records with none.
        int groups = frequency.length + 1;
        List<List<Integer>> members = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            members.add(new ArrayList<>());
        }
        for (int i : shuffled(size, seed)) {
            int group = groups - 1;
            for (int k : classSets.get(i)) {
                if (group == groups - 1
                        || frequency[k] < frequency[group]
                        || (frequency[k] == frequency[group] && k < group)) {
                    group = k;
                }
            }
            members.get(group).add(i);
        }
        // Largest-remainder apportionment: shares sum exactly to the rounded total.
        int total = (int) Math.round(fraction * size);
        int[] share = new int[groups];
        double[] remainder = new double[groups];
        int assigned = 0;
        for (int g = 0; g < groups; g++) {
            double exact = fraction * members.get(g).size();
            share[g] = (int) Math.floor(exact);
            remainder[g] = exact - share[g];
            assigned += share[g];
        }
        Integer[] order = new Integer[groups];
        for (int g = 0; g < groups; g++) {
            order[g] = g;
        }
        Arrays.sort(order, (a, b) -> Double.compare(remainder[b], remainder[a]));
        for (int r = 0; assigned < total && r < groups; r++) {
            if (share[order[r]] < members.get(order[r]).size()) {
                share[order[r]]++;
                assigned++;
            }
        }
        boolean[] labelled = new boolean[size];
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < share[g]; j++) {
                labelled[members.get(g).get(j)] = true;
            }
        }
        return new LabelSplit(labelled);
    }

    /** Labels a stratified fraction of single-label data. */
    public static LabelSplit byFraction(int[] labels, double fraction, long seed) {
        return byFraction(singletons(labels), fraction, seed);
    }

    /** Returns a split in which every record is labelled. */
    public static LabelSplit allLabelled(int size) {
        boolean[] labelled = new boolean[size];
        Arrays.fill(labelled, true);
        return new LabelSplit(labelled);
    }

    /** Returns the number of records. */
    public int size() {
        return labelled.length;
    }

    /** Returns whether record {@code i} keeps its label. */
    public boolean isLabelled(int i) {
        return labelled[i];
    }

    /** Returns the number of labelled records. */
    public int labelledCount() {
        int n = 0;
        for (boolean b : labelled) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** Returns the labelled record indices, ascending. */
    public int[] labelledIndices() {
        return indices(true);
    }

    /** Returns the unlabelled record indices, ascending. */
    public int[] unlabelledIndices() {
        return indices(false);
    }

    private int[] indices(boolean wanted) {
        int[] out = new int[labelled.length];
        int n = 0;
        for (int i = 0; i < labelled.length; i++) {
            if (labelled[i] == wanted) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static List<int[]> singletons(int[] labels) {
        List<int[]> sets = new ArrayList<>(labels.length);
        for (int label : labels) {
            if (label < 0) {
                throw new IllegalArgumentException("class labels must be >= 0, got " + label);
            }
            sets.add(new int[] {label});
        }
        return sets;
    }

    /** Returns 0..n-1 in a seeded Fisher-Yates order (java.util.Random is specified exactly). */
    static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
