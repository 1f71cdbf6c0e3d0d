/**
 * Batch augmentations that keep an image and its mask aligned: flips, shifts, colour jitter and
 * cutout ({@link dev.annogan.training.augment.ImageAugmentation}), and CutMix of two images with
 * the same box cut from their masks or pseudo-labels ({@link dev.annogan.training.augment.CutMix}).
 * All draw from seeds and the step, so a resumed run repeats them.
 */
package dev.annogan.training.augment;
