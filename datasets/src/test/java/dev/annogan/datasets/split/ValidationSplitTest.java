package dev.annogan.datasets.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Validation hold-outs are stratified, seeded and disjoint from the training records. */
class ValidationSplitTest {

    @Test
    void perClassHoldsOutExactlyNOfEachClassAndKeepsTheRest() {
        int[] labels = RandomLabels.of(2000, 10, 4);
        ValidationSplit split = ValidationSplit.perClass(labels, 25, 7);
        int[] counts = new int[10];
        for (int i : split.validationIndices()) {
            counts[labels[i]]++;
            assertTrue(split.isValidation(i));
        }
        for (int c : counts) {
            assertEquals(25, c);
        }
        boolean[] seen = new boolean[labels.length];
        for (int i : split.validationIndices()) {
            seen[i] = true;
        }
        for (int i : split.trainIndices()) {
            assertFalse(seen[i], "record " + i + " is in both");
            seen[i] = true;
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
    }

    @Test
    void labelSplitOfTheRemainderNeverTouchesValidation() {
        int[] labels = RandomLabels.of(3000, 10, 5);
        ValidationSplit holdOut = ValidationSplit.byFraction(labels, 0.1, 1);
        int[] train = holdOut.trainIndices();
        int[] rest = holdOut.select(labels);
        assertEquals(train.length, rest.length);
        for (int i = 0; i < train.length; i++) {
            assertEquals(labels[train[i]], rest[i]);
        }
        LabelSplit labelled = LabelSplit.perClass(rest, 10, 42);
        for (int i : labelled.labelledIndices()) {
            assertFalse(holdOut.isValidation(train[i]));
        }
        assertEquals(100, labelled.labelledCount());
        assertEquals(300, holdOut.validationIndices().length);
    }

    @Test
    void sameSeedSameHoldOut() {
        int[] labels = RandomLabels.of(500, 5, 6);
        assertArrayEquals(
                ValidationSplit.perClass(labels, 10, 3).validationIndices(),
                ValidationSplit.perClass(labels, 10, 3).validationIndices());
    }

    @Test
    void noneHoldsOutNothing() {
        ValidationSplit split = ValidationSplit.none(4);
        assertArrayEquals(new int[] {0, 1, 2, 3}, split.trainIndices());
        assertEquals(0, split.validationIndices().length);
    }

    @Test
    void selectRejectsValuesOfAnotherLength() {
        ValidationSplit split = ValidationSplit.none(4);
        assertThrows(IllegalArgumentException.class, () -> split.select(new int[3]));
    }
}
