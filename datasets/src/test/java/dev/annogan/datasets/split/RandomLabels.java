package dev.annogan.datasets.split;

import java.util.Random;

/** Seeded random single-label data for the split tests. */
final class RandomLabels {

    private RandomLabels() {}

    /** Returns {@code size} labels drawn uniformly from {@code 0..classes-1}. */
    static int[] of(int size, int classes, long seed) {
        Random random = new Random(seed);
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }
}
