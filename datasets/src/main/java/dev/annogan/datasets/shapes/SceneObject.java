package dev.annogan.datasets.shapes;

/**
 * One annotated object of a generated image, before it becomes a COCO annotation.
 *
 * @param kind the shape class
 * @param polygon the exact full outline {@code [x0, y0, ...]} for a single shape, or {@code null}
 *     for a crowd
 * @param crowdMask for a crowd, the row-major pixels ({@code 1} = inside) of all its small shapes
 *     as drawn; {@code null} for a single shape
 */
record SceneObject(ShapeKind kind, double[] polygon, byte[] crowdMask) {

    /** Returns whether this is a crowd region (COCO {@code iscrowd = 1}). */
    boolean isCrowd() {
        return crowdMask != null;
    }
}
