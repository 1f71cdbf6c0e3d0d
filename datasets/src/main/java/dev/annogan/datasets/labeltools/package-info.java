/**
 * Pre-annotations in the formats labelling tools import as they are: Label Studio's task JSON with
 * predictions and its labelling config ({@link dev.annogan.datasets.labeltools.LabelStudio}), and
 * CVAT's XML for images ({@link dev.annogan.datasets.labeltools.CvatXmlWriter}). Both read the same
 * per-image {@link dev.annogan.datasets.labeltools.ImagePrediction}; the COCO files are written by
 * {@code datasets.coco}.
 */
package dev.annogan.datasets.labeltools;
