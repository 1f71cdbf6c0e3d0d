package dev.annogan.datasets.coco.eval;

/**
 * The matching of one image, category and area range, as the entries of pycocotools' {@code
 * evalImgs}: detections ranked by score, and at each IoU threshold which ground truth each matched
 * and whether it is ignored.
 *
 * @param dtScores the kept detections' scores, highest first
 * @param dtMatches {@code [threshold][detection]}: the id of the matched ground truth, 0 for none
 * @param dtIgnore {@code [threshold][detection]}: matched to an ignored ground truth, or unmatched
 *     and outside the area range
 * @param gtIgnore per ground truth (non-ignored first): crowd or outside the area range
 */
record ImageEvaluation(
        double[] dtScores, long[][] dtMatches, boolean[][] dtIgnore, boolean[] gtIgnore) {}
