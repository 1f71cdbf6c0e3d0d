package dev.annogan.training.teacher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.nn.Scalars;
import java.util.Arrays;

/**
 * The teacher's confident answers on unlabelled images, as targets for the student (Lee 2013; Sohn
 * et al. 2020, FixMatch; Zou et al. 2018 for the class-balanced pixels), and the losses that read
 * them. An unconfident answer is no target: a class of -1, or a tag whose mask is 0.
 */
public final class PseudoLabels {

    private PseudoLabels() {}

    /**
     * Returns each row's most probable class where its probability reaches {@code threshold}, and
     * -1 elsewhere.
     *
     * @param probabilities the teacher's class probabilities {@code (N, K)}
     * @param threshold the confidence a pseudo-label needs
     * @return int32 classes {@code (N)}
     */
    public static NDArray classes(NDArray probabilities, float threshold) {
        NDArray best = probabilities.argMax(1).toType(DataType.INT32, false);
        NDArray confident = probabilities.max(new int[] {1}).gte(threshold);
        NDArray none = best.onesLike().neg();
        return ai.djl.ndarray.NDArrays.where(confident, best, none);
    }

    /**
     * Returns the pseudo-label cross-entropy {@code sum over rows with a class of -log
     * softmax(s)_y}, divided by all N rows (FixMatch's mean with a mask): the term grows as the
     * teacher grows confident on more images.
     *
     * @param studentLogits {@code (N, K)}
     * @param classes pseudo-labels {@code (N)}, -1 for none
     * @return the scalar loss, 0 when no row has a class
     */
    public static NDArray classCrossEntropy(NDArray studentLogits, NDArray classes) {
        long n = studentLogits.getShape().get(0);
        long k = studentLogits.getShape().get(1);
        NDArray y = classes.toType(DataType.INT32, false);
        NDArray known = y.gte(0).toType(studentLogits.getDataType(), false);
        NDArray oneHot =
                y.mul(known.toType(DataType.INT32, false))
                        .toType(DataType.INT64, false)
                        .oneHot((int) k)
                        .toType(studentLogits.getDataType(), false);
        NDArray perRow = studentLogits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
        return Scalars.div(perRow.mul(known).sum(), Math.max(1, n));
    }

    /**
     * Returns the teacher's confident tags: target 1 where a tag's probability reaches {@code
     * threshold}, 0 where it is at most {@code 1 - threshold}, and a mask of 1 on both and 0 on the
     * tags in between.
     *
     * @param probabilities the teacher's tag probabilities {@code (N, K)}
     * @param threshold the confidence a pseudo-label needs, above 0.5
     * @return {@code NDList(targets, mask)}, both float {@code (N, K)}
     */
    public static NDList tags(NDArray probabilities, float threshold) {
        NDArray present = probabilities.gte(threshold);
        NDArray absent = probabilities.lte(1 - threshold);
        DataType type = probabilities.getDataType();
        return new NDList(
                present.toType(type, false), present.logicalOr(absent).toType(type, false));
    }

    /**
     * Returns the binary cross-entropy of the student's tag logits against pseudo-tags, summed over
     * the masked tags and divided by all {@code N K} entries.
     *
     * @param studentLogits {@code (N, K)}
     * @param targets 0 or 1, {@code (N, K)}
     * @param mask 1 where a target holds, {@code (N, K)}
     * @return the scalar loss
     */
    public static NDArray tagCrossEntropy(NDArray studentLogits, NDArray targets, NDArray mask) {
        // BCE with logits: softplus(s) - y s, stable for large |s|.
        NDArray perTag =
                dev.annogan.core.loss.NonSaturatingLoss.softplus(studentLogits)
                        .sub(studentLogits.mul(targets));
        return Scalars.div(perTag.mul(mask).sum(), Math.max(1, studentLogits.size()));
    }

    /**
     * Returns class-balanced pixel pseudo-labels (Zou et al. 2018): each pixel's most probable
     * class where its probability reaches that class's threshold, -1 elsewhere. A class's threshold
     * is {@code threshold}, or lower for a class whose confident pixels are rare: the probability
     * that the top {@code topFraction} of the batch's pixels predicted as the class reach. So the
     * background, which the teacher soon predicts confidently everywhere, cannot crowd out the
     * objects: every class predicted anywhere keeps at least its most confident pixels.
     *
     * @param probabilities the teacher's class probabilities {@code (N, K, H, W)}
     * @param threshold the confidence that always suffices
     * @param topFraction the share of each class's predicted pixels kept at least, in {@code [0,
     *     1]}; 0 keeps only pixels above {@code threshold}
     * @return int32 classes {@code (N, H, W)}, -1 for none
     */
    public static NDArray pixels(NDArray probabilities, float threshold, float topFraction) {
        Shape shape = probabilities.getShape();
        int n = Math.toIntExact(shape.get(0));
        int k = Math.toIntExact(shape.get(1));
        int plane = Math.toIntExact(shape.get(2) * shape.get(3));
        float[] p = probabilities.toType(DataType.FLOAT32, false).toFloatArray();
        int[] best = new int[n * plane];
        float[] confidence = new float[n * plane];
        int[] perClass = new int[k];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < plane; q++) {
                int arg = 0;
                float max = Float.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    float v = p[(i * k + c) * plane + q];
                    if (v > max) {
                        max = v;
                        arg = c;
                    }
                }
                best[i * plane + q] = arg;
                confidence[i * plane + q] = max;
                perClass[arg]++;
            }
        }
        float[][] byClass = new float[k][];
        for (int c = 0; c < k; c++) {
            byClass[c] = new float[perClass[c]];
        }
        int[] filled = new int[k];
        for (int j = 0; j < best.length; j++) {
            byClass[best[j]][filled[best[j]]++] = confidence[j];
        }
        float[] classThreshold = new float[k];
        for (int c = 0; c < k; c++) {
            classThreshold[c] = threshold;
            int count = byClass[c].length;
            int keep = (int) Math.floor(topFraction * count);
            if (keep > 0) {
                Arrays.sort(byClass[c]);
                classThreshold[c] = Math.min(threshold, byClass[c][count - keep]);
            }
        }
        int[] labels = new int[best.length];
        for (int j = 0; j < best.length; j++) {
            labels[j] = confidence[j] >= classThreshold[best[j]] ? best[j] : -1;
        }
        NDManager manager = probabilities.getManager();
        return manager.create(labels, new Shape(shape.get(0), shape.get(2), shape.get(3)));
    }
}
