/**
 * The adversarial semi-supervised multi-label tagger: training G (image to tags) against D (judge
 * of image and tags pairs) on a few labelled and many unlabelled images, or the supervised
 * baseline, and the per-epoch picture of predicted against true tags.
 */
package dev.annogan.examples.tagging;
