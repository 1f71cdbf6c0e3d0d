/**
 * Adversarial semantic segmentation (Luc et al., 2016; semi-supervised as in Hung et al., 2018): a
 * {@link dev.annogan.core.segmentation.UNetGenerator} turns an image into per-pixel class logits; a
 * {@link dev.annogan.core.segmentation.PatchDiscriminator} scores (image, class-probability map)
 * pairs patch by patch, and a {@link dev.annogan.core.segmentation.ConfidenceMapDiscriminator}
 * gives a per-pixel confidence whose high-confidence pixels can serve as pseudo-labels on
 * unlabelled images.
 */
package dev.annogan.core.segmentation;
