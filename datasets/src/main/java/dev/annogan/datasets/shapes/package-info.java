/**
 * A synthetic, seeded COCO-format dataset of simple shapes (circles, squares, triangles, stars,
 * hexagons, crosses) over textured backgrounds, with occlusions, crowd regions and exact polygons:
 * a fast, exactly labelled dataset for testing detection, segmentation and tagging pipelines
 * without downloading COCO. {@link dev.annogan.datasets.shapes.ShapesDatasetGenerator} is the entry
 * point.
 */
package dev.annogan.datasets.shapes;
