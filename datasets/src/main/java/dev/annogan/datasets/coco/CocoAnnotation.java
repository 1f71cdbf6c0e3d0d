package dev.annogan.datasets.coco;

/**
 * One object instance of a COCO file's {@code annotations} list.
 *
 * @param id the annotation id, unique within the file
 * @param imageId the id of the image it belongs to
 * @param categoryId the COCO category id
 * @param bbox the box as {@code [x, y, width, height]} in pixels
 * @param area the declared area, or {@link Double#NaN} when the export omits it (see {@link
 *     #hasArea()})
 * @param iscrowd whether the region marks a crowd (evaluation ignores matches to it)
 * @param segmentation the region, or {@code null} for box-only exports
 */
public record CocoAnnotation(
        long id,
        long imageId,
        int categoryId,
        double[] bbox,
        double area,
        boolean iscrowd,
        Segmentation segmentation) {

    /** Returns whether the file declared an {@code area} for this annotation. */
    public boolean hasArea() {
        return !Double.isNaN(area);
    }
}
