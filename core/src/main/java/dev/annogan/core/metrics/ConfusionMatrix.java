package dev.annogan.core.metrics;

/**
 * A K×K confusion matrix of counts: row = target class, column = predicted class, as scikit-learn's
 * {@code confusion_matrix} lays it out. Segmentation metrics derive from it exactly, however the
 * pixels were split into batches.
 *
 * <p>Definitions, for class k: {@code TP = m[k][k]}, {@code FP = Σ_t m[t][k] − TP} (predicted k,
 * target another class), {@code FN = Σ_p m[k][p] − TP} (target k, predicted another class).
 *
 * <ul>
 *   <li>{@code IoU(k) = TP / (TP + FP + FN)}, undefined (NaN) when class k is neither in the
 *       targets nor in the predictions;
 *   <li>{@code mIoU} = the mean of IoU over the classes where it is defined. A class that never
 *       occurs says nothing about the model, so it is left out rather than counted as 0 or 1 (the
 *       convention of the Pascal VOC and Cityscapes evaluation code, which average {@code nanmean}
 *       over classes with a non-empty union);
 *   <li>pixel accuracy = {@code Σ_k TP / Σ m}, the fraction of counted pixels predicted right.
 * </ul>
 *
 * <p>Not thread-safe.
 */
public final class ConfusionMatrix {

    private final int numClasses;
    private final long[][] counts;

    /**
     * Creates an empty matrix.
     *
     * @param numClasses K, the number of classes
     * @throws IllegalArgumentException if K is not positive
     */
    public ConfusionMatrix(int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        this.numClasses = numClasses;
        counts = new long[numClasses][numClasses];
    }

    /**
     * Counts one item.
     *
     * @param target the true class, in [0, K)
     * @param predicted the predicted class, in [0, K)
     * @return this
     * @throws IllegalArgumentException if a class is out of range
     */
    public ConfusionMatrix add(int target, int predicted) {
        counts[checked("target", target, 0)][checked("prediction", predicted, 0)]++;
        return this;
    }

    /**
     * Counts items given as parallel arrays, skipping those whose target is the ignore label.
     *
     * @param targets the true classes, each in [0, K) or equal to {@code ignoreLabel}
     * @param predictions the predicted classes, each in [0, K), as many as targets
     * @param ignoreLabel the target value that marks an item to skip, for example -1 or 255
     * @return this
     * @throws IllegalArgumentException if the lengths differ or a class is out of range; the matrix
     *     is then unchanged
     */
    public ConfusionMatrix add(int[] targets, int[] predictions, int ignoreLabel) {
        if (targets.length != predictions.length) {
            throw new IllegalArgumentException(
                    targets.length + " targets but " + predictions.length + " predictions");
        }
        // Validate everything first so a bad item leaves no partial batch behind.
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] != ignoreLabel) {
                checked("target", targets[i], i);
                checked("prediction", predictions[i], i);
            }
        }
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] != ignoreLabel) {
                counts[targets[i]][predictions[i]]++;
            }
        }
        return this;
    }

    private int checked(String what, int value, int index) {
        if (value < 0 || value >= numClasses) {
            throw new IllegalArgumentException(
                    what
                            + " "
                            + value
                            + " at index "
                            + index
                            + " is outside [0, "
                            + numClasses
                            + ")");
        }
        return value;
    }

    /**
     * Adds another matrix's counts to this one.
     *
     * @param other a matrix over as many classes, left unchanged
     * @return this
     * @throws IllegalArgumentException if the class counts differ
     */
    public ConfusionMatrix merge(ConfusionMatrix other) {
        if (other.numClasses != numClasses) {
            throw new IllegalArgumentException(
                    "cannot merge a "
                            + other.numClasses
                            + "-class matrix into a "
                            + numClasses
                            + "-class one");
        }
        for (int t = 0; t < numClasses; t++) {
            for (int p = 0; p < numClasses; p++) {
                counts[t][p] += other.counts[t][p];
            }
        }
        return this;
    }

    /**
     * Returns the number of classes.
     *
     * @return K
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * Returns how many items of a target class were predicted as a given class.
     *
     * @param target the true class
     * @param predicted the predicted class
     * @return the count
     */
    public long count(int target, int predicted) {
        return counts[target][predicted];
    }

    /**
     * Returns a copy of the counts, {@code [target][predicted]}.
     *
     * @return a new K×K array
     */
    public long[][] toArray() {
        long[][] copy = new long[numClasses][];
        for (int t = 0; t < numClasses; t++) {
            copy[t] = counts[t].clone();
        }
        return copy;
    }

    /**
     * Returns the number of items counted.
     *
     * @return the sum of all counts
     */
    public long total() {
        long sum = 0;
        for (long[] row : counts) {
            for (long c : row) {
                sum += c;
            }
        }
        return sum;
    }

    /**
     * Returns the items of class k predicted as k.
     *
     * @param k a class
     * @return TP
     */
    public long truePositives(int k) {
        return counts[k][k];
    }

    /**
     * Returns the items predicted as class k whose target is another class.
     *
     * @param k a class
     * @return FP
     */
    public long falsePositives(int k) {
        long sum = 0;
        for (int t = 0; t < numClasses; t++) {
            sum += counts[t][k];
        }
        return sum - counts[k][k];
    }

    /**
     * Returns the items of class k predicted as another class.
     *
     * @param k a class
     * @return FN
     */
    public long falseNegatives(int k) {
        long sum = 0;
        for (int p = 0; p < numClasses; p++) {
            sum += counts[k][p];
        }
        return sum - counts[k][k];
    }

    /**
     * Returns the intersection over union of class k.
     *
     * @param k a class
     * @return {@code TP / (TP + FP + FN)}, NaN if class k occurs in neither targets nor predictions
     */
    public double iou(int k) {
        long tp = truePositives(k);
        long union = tp + falsePositives(k) + falseNegatives(k);
        return union == 0 ? Double.NaN : (double) tp / union;
    }

    /**
     * Returns the intersection over union of every class.
     *
     * @return K values, NaN for classes that occur nowhere
     */
    public double[] perClassIoU() {
        double[] iou = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            iou[k] = iou(k);
        }
        return iou;
    }

    /**
     * Returns the mean IoU over the classes that occur in the targets or the predictions.
     *
     * @return mIoU in [0, 1], NaN if nothing was counted
     */
    public double meanIoU() {
        double sum = 0;
        int count = 0;
        for (int k = 0; k < numClasses; k++) {
            double iou = iou(k);
            if (!Double.isNaN(iou)) {
                sum += iou;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * Returns the fraction of counted items predicted right.
     *
     * @return pixel accuracy in [0, 1], NaN if nothing was counted
     */
    public double pixelAccuracy() {
        long total = total();
        if (total == 0) {
            return Double.NaN;
        }
        long correct = 0;
        for (int k = 0; k < numClasses; k++) {
            correct += counts[k][k];
        }
        return (double) correct / total;
    }
}
