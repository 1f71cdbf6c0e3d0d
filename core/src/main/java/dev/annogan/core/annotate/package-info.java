/**
 * Trained annotators as DJL models: the description of an exported generator ({@link
 * dev.annogan.core.annotate.AnnotatorSpec}, {@code annotator.json}), the factory that rebuilds its
 * Block ({@link dev.annogan.core.annotate.GeneratorFactory}), and the {@code Translator}s that turn
 * images into DJL's {@code Classifications} (tags) and {@code CategoryMask} (segmentation), so any
 * DJL application loads an AnnoGAN annotator through {@code Criteria} without the training code.
 */
package dev.annogan.core.annotate;
