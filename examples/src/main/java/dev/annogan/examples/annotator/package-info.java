/**
 * What the semi-supervised annotator applications (tagging, segmentation) share: reading a COCO or
 * shapes folder into a held-out validation set and a training set with a labelled subset, batches
 * that mix labelled and unlabelled images in equal numbers, the run folder's bookkeeping and the
 * closing table of validation metrics.
 */
package dev.annogan.examples.annotator;
