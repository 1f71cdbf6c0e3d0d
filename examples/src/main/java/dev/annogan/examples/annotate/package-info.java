/**
 * Pre-annotation: a trained annotator labels a folder of images and writes COCO results, a COCO
 * dataset for CVAT and Label Studio, overlay pictures and a summary ({@code annogan annotate}).
 */
package dev.annogan.examples.annotate;
