/**
 * The COCO format: reading and validating instances files into a {@link
 * dev.annogan.datasets.coco.CocoIndex}, the {@link dev.annogan.datasets.coco.CocoDataset} that
 * feeds DJL training, and writing datasets and results files. Masks live in {@code coco.mask},
 * evaluation in {@code coco.eval}, as pycocotools splits {@code coco.py}, {@code mask.py} and
 * {@code cocoeval.py}.
 */
package dev.annogan.datasets.coco;
