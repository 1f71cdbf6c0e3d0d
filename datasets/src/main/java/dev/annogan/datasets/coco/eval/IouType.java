package dev.annogan.datasets.coco.eval;

/** What COCO evaluation compares detections by, as pycocotools' {@code iouType}. */
public enum IouType {
    /** Boxes {@code [x, y, w, h]}: overlap of rectangles. */
    BBOX,
    /** Instance masks: overlap of run-length masks, polygons rasterised as pycocotools does. */
    SEGM
}
