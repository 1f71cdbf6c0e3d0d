/**
 * Run-length masks in pycocotools' format: encoding and decoding, rasterising COCO polygons and
 * boxes, and the set operations and overlaps that COCO evaluation needs, all bit-exact with the
 * official COCO API so that masks, areas and scores can be compared with its published outputs.
 */
package dev.annogan.datasets.coco.mask;
