package dev.annogan.datasets.split;

import java.util.Arrays;
import java.util.List;

/**
 * Carves a validation set out of training records, so hyper-parameters can be tuned without
 * touching the test set. The choice is {@link LabelSplit}'s (seeded, class-stratified), with the
 * chosen records held out; validation and training records are disjoint and together are all
 * records.
 *
 * <pre>{@code
 * ValidationSplit holdOut = ValidationSplit.perClass(trainLabels, 500, 7);
 * int[] rest = holdOut.select(trainLabels); // labels of the remaining training records
 * LabelSplit labels = LabelSplit.perClass(rest, 10, 42); // indices into trainIndices()
 * }</pre>
 */
public final class ValidationSplit {

    private final boolean[] held;

    private ValidationSplit(boolean[] held) {
        this.held = held;
    }

    private static ValidationSplit of(LabelSplit chosen) {
        boolean[] held = new boolean[chosen.size()];
        for (int i = 0; i < held.length; i++) {
            held[i] = chosen.isLabelled(i);
        }
        return new ValidationSplit(held);
    }

    /**
     * Holds out {@code n} records of every class, for records with one class each.
     *
     * @param labels the class of every record, each at least 0
     * @param n validation records per class, at least 0
     * @param seed the seed of the choice
     * @return the split
     */
    public static ValidationSplit perClass(int[] labels, int n, long seed) {
        return of(LabelSplit.perClass(labels, n, seed));
    }

    /**
     * Holds out records until every class has {@code n} validation records, for records with sets
     * of classes.
     *
     * @param classSets the classes of every record, possibly none
     * @param n validation records per class, at least 0
     * @param seed the seed of the choice
     * @return the split
     */
    public static ValidationSplit perClass(List<int[]> classSets, int n, long seed) {
        return of(LabelSplit.perClass(classSets, n, seed));
    }

    /**
     * Holds out a stratified fraction of the records, for records with one class each.
     *
     * @param labels the class of every record, each at least 0
     * @param fraction the fraction in {@code [0, 1]}
     * @param seed the seed of the choice
     * @return the split
     */
    public static ValidationSplit byFraction(int[] labels, double fraction, long seed) {
        return of(LabelSplit.byFraction(labels, fraction, seed));
    }

    /**
     * Holds out a stratified fraction of the records, for records with sets of classes.
     *
     * @param classSets the classes of every record, possibly none
     * @param fraction the fraction in {@code [0, 1]}
     * @param seed the seed of the choice
     * @return the split
     */
    public static ValidationSplit byFraction(List<int[]> classSets, double fraction, long seed) {
        return of(LabelSplit.byFraction(classSets, fraction, seed));
    }

    /**
     * Holds out nothing: every record stays for training.
     *
     * @param size the number of records
     * @return the split
     */
    public static ValidationSplit none(int size) {
        return new ValidationSplit(new boolean[size]);
    }

    /**
     * Returns the records left for training.
     *
     * @return their indices, ascending
     */
    public int[] trainIndices() {
        return indices(false);
    }

    /**
     * Returns the records held out for validation.
     *
     * @return their indices, ascending
     */
    public int[] validationIndices() {
        return indices(true);
    }

    /**
     * Returns whether a record is held out.
     *
     * @param record the record's index
     * @return true for a validation record
     */
    public boolean isValidation(int record) {
        return held[record];
    }

    /**
     * Returns per-record values of the training records only, in {@link #trainIndices()} order: the
     * input for a {@link LabelSplit} of what remains.
     *
     * @param values one value per record, e.g. the labels this split was made from
     * @return the values of the training records
     * @throws IllegalArgumentException if {@code values} is not one per record
     */
    public int[] select(int[] values) {
        if (values.length != held.length) {
            throw new IllegalArgumentException(
                    values.length + " values for a split of " + held.length + " records");
        }
        return Arrays.stream(trainIndices()).map(i -> values[i]).toArray();
    }

    private int[] indices(boolean wanted) {
        int[] out = new int[held.length];
        int n = 0;
        for (int i = 0; i < held.length; i++) {
            if (held[i] == wanted) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
