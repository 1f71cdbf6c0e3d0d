package dev.annogan.datasets.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Splits are exact in size, stratified, and a pure function of the seed. */
class LabelSplitTest {

    @Test
    void perClassTakesExactlyNOfEachSingleLabelClass() {
        int[] labels = RandomLabels.of(1000, 10, 1);
        LabelSplit split = LabelSplit.perClass(labels, 10, 42);
        int[] counts = new int[10];
        for (int i : split.labelledIndices()) {
            counts[labels[i]]++;
        }
        assertArrayEquals(new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10}, counts);
        assertEquals(100, split.labelledCount());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        int[] labels = RandomLabels.of(1000, 10, 1);
        assertArrayEquals(
                LabelSplit.perClass(labels, 10, 42).labelledIndices(),
                LabelSplit.perClass(labels, 10, 42).labelledIndices());
        assertFalse(
                java.util.Arrays.equals(
                        LabelSplit.perClass(labels, 10, 42).labelledIndices(),
                        LabelSplit.perClass(labels, 10, 43).labelledIndices()));
    }

    @Test
    void labelledAndUnlabelledPartitionTheRecords() {
        LabelSplit split = LabelSplit.byFraction(RandomLabels.of(997, 7, 2), 0.125, 5);
        int[] a = split.labelledIndices();
        int[] b = split.unlabelledIndices();
        assertEquals(997, a.length + b.length);
        boolean[] seen = new boolean[997];
        for (int i : a) {
            seen[i] = true;
        }
        for (int i : b) {
            assertFalse(seen[i]);
            seen[i] = true;
        }
        assertEquals(Math.round(0.125 * 997), a.length);
    }

    @Test
    void fractionIsStratifiedSoRareClassesGetLabels() {
        // 990 records of class 0 and 10 of class 1: 10% must include one of class 1.
        int[] labels = new int[1000];
        for (int i = 990; i < 1000; i++) {
            labels[i] = 1;
        }
        for (long seed = 0; seed < 20; seed++) {
            LabelSplit split = LabelSplit.byFraction(labels, 0.1, seed);
            int rare = 0;
            for (int i : split.labelledIndices()) {
                rare += labels[i];
            }
            assertEquals(1, rare, "seed " + seed);
            assertEquals(100, split.labelledCount());
        }
    }

    @Test
    void multiLabelPerClassCoversEveryClassAtLeastN() {
        Random random = new Random(3);
        List<int[]> sets = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int a = random.nextInt(8);
            int b = random.nextInt(8);
            sets.add(a == b ? new int[] {a} : new int[] {a, b});
        }
        sets.add(new int[0]);
        LabelSplit split = LabelSplit.perClass(sets, 5, 9);
        int[] counts = new int[8];
        for (int i : split.labelledIndices()) {
            for (int k : sets.get(i)) {
                counts[k]++;
            }
        }
        for (int k = 0; k < 8; k++) {
            assertTrue(counts[k] >= 5, "class " + k + " has " + counts[k]);
        }
        assertFalse(split.isLabelled(500), "a record without classes stays unlabelled");
    }
}
