/**
 * Seeded, stratified choices of which records keep their labels in semi-supervised training and
 * which are held out for validation, shared by the COCO and Fashion-MNIST datasets.
 */
package dev.annogan.datasets.split;
