/**
 * Adversarial multi-label tagging: a {@link dev.annogan.core.tagging.TaggerGenerator} turns an
 * image (and optional noise) into one logit per category, and a {@link
 * dev.annogan.core.tagging.PairDiscriminator} scores (image, label vector) pairs as real or
 * generated, by concatenation or by projection. The objective trains the tagger with supervised
 * cross-entropy on labelled images and the adversarial term on all images.
 */
package dev.annogan.core.tagging;
