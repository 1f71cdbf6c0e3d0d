/**
 * Fashion-MNIST for the semi-supervised classification benchmark: a reader for the gzipped IDX
 * files MNIST-style datasets ship as, and a DJL dataset with labelled/unlabelled and validation
 * splits.
 */
package dev.annogan.datasets.mnist;
