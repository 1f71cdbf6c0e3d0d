package dev.annogan.datasets.coco;

/**
 * One entry of a COCO file's {@code categories} list.
 *
 * @param id the COCO category id (not necessarily contiguous: COCO 2017 uses 1..90 for 80 classes)
 * @param name the category name
 * @param supercategory the parent name, or {@code null} when the export omits it
 */
public record CocoCategory(int id, String name, String supercategory) {}
