package dev.annogan.datasets.coco.eval;

import dev.annogan.datasets.coco.mask.RunLengthMask;

/**
 * A ground-truth object or a detection, reduced to what matching needs.
 *
 * @param id the annotation id (ground truth) or the 1-based position in the results (detection)
 * @param area the area compared with the area ranges
 * @param crowd whether the ground truth is a crowd region (always false for detections)
 * @param score the detection score (0 for ground truth)
 * @param bbox the box {@code [x, y, w, h]}, used for {@link IouType#BBOX}
 * @param mask the mask, used for {@link IouType#SEGM} ({@code null} for box evaluation)
 */
record EvalRegion(
        long id, double area, boolean crowd, double score, double[] bbox, RunLengthMask mask) {}
