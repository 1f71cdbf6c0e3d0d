/**
 * Quality figures for the annotators, computed on the Java heap so they match their reference
 * definitions exactly and keep no NDArrays alive between batches: multi-label mean average
 * precision (scikit-learn's {@code average_precision_score}) and micro/macro F1 for tagging,
 * confusion-matrix mIoU and pixel accuracy for segmentation, accuracy with an ignore label for
 * classification, and the Fréchet distance between Gaussians fitted to feature sets for generated
 * images. The evaluators plug into DJL's training listeners as ordinary {@link
 * ai.djl.training.evaluator.Evaluator}s; the pure-Java functions serve scripts and tests that hold
 * plain arrays.
 */
package dev.annogan.core.metrics;
