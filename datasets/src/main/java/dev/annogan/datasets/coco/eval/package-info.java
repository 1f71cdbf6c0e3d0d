/**
 * COCO detection and instance-segmentation evaluation, reproducing pycocotools' {@code COCOeval}
 * (matching, precision/recall accumulation and the 12-number summary) so that reported AP and AR
 * are comparable with published COCO results.
 */
package dev.annogan.datasets.coco.eval;
