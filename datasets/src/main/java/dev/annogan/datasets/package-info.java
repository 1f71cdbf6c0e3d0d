/**
 * Datasets for AnnoGAN, as DJL {@code Dataset}s: the COCO adapter ({@code coco}), image loading and
 * resizing ({@code image}), the synthetic shapes ({@code shapes}), Fashion-MNIST ({@code mnist}),
 * labelled/unlabelled splits ({@code split}) and the arrangements of records for semi-supervised
 * epochs ({@code sampling}). {@link dev.annogan.datasets.RecordLayout} is the layout of their
 * records that the training objectives read.
 */
package dev.annogan.datasets;
