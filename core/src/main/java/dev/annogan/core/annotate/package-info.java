/**
 * Trained annotators as DJL models: the description of an exported generator ({@link
 * dev.annogan.core.annotate.AnnotatorSpec}, the details of its {@code model.json}), the translator
 * factory a model folder names, and the {@code Translator}s that turn images into DJL's {@code
 * Classifications} (tags) and {@code CategoryMask} (segmentation), so any DJL application loads an
 * AnnoGAN annotator through {@code Criteria} without the training code.
 */
package dev.annogan.core.annotate;
