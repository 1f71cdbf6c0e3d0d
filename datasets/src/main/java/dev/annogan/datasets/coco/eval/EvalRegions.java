package dev.annogan.datasets.coco.eval;

import dev.annogan.datasets.coco.CocoAnnotation;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoPrediction;
import dev.annogan.datasets.coco.mask.RunLengthMask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ground truth or detections grouped by (image, category), prepared as pycocotools' {@code loadRes}
 * and {@code COCOeval._prepare} prepare them. Within a group the regions keep file order (ground
 * truth) or results order (detections), which the stable ranking relies on.
 */
final class EvalRegions {

    private record Key(long imageId, int categoryId) {}

    private final Map<Key, List<EvalRegion>> groups = new HashMap<>();

    private EvalRegions() {}

    /** Returns the regions of one image and category, or an empty list. */
    List<EvalRegion> of(long imageId, int categoryId) {
        return groups.getOrDefault(new Key(imageId, categoryId), Collections.emptyList());
    }

    private void add(long imageId, int categoryId, EvalRegion region) {
        groups.computeIfAbsent(new Key(imageId, categoryId), k -> new ArrayList<>()).add(region);
    }

    /**
     * Prepares the ground truth: crowds are ignored regions, masks come from the annotations'
     * segmentations, and the area is the annotation's {@code area} field, or when the file has
     * none, the mask area (segm) or box area (bbox).
     */
    static EvalRegions groundTruth(CocoIndex index, IouType type) {
        EvalRegions regions = new EvalRegions();
        for (CocoAnnotation annotation : index.annotations()) {
            CocoImage image = index.image(annotation.imageId());
            double[] bbox = annotation.bbox();
            RunLengthMask mask = null;
            if (type == IouType.SEGM) {
                if (annotation.segmentation() == null) {
                    throw new IllegalArgumentException(
                            "annotation "
                                    + annotation.id()
                                    + ": segm evaluation needs a segmentation");
                }
                mask = annotation.segmentation().toMask(image.height(), image.width());
            } else if (bbox == null || bbox.length != 4) {
                throw new IllegalArgumentException(
                        "annotation "
                                + annotation.id()
                                + ": bbox evaluation needs a 4-number bbox");
            }
            double area = annotation.area();
            if (!annotation.hasArea()) {
                area = mask != null ? mask.area() : bbox[2] * bbox[3];
            }
            regions.add(
                    annotation.imageId(),
                    annotation.categoryId(),
                    new EvalRegion(annotation.id(), area, annotation.iscrowd(), 0, bbox, mask));
        }
        return regions;
    }

    /**
     * Prepares detections as {@code loadRes} does. The first detection decides the kind of the
     * whole list: box results get area {@code w * h} (and, for segm, the mask of their box when
     * they carry none); mask results get the mask's area and, when they carry no box, the mask's
     * box. Detections of categories absent from the ground truth are dropped, as pycocotools drops
     * them.
     *
     * @throws IllegalArgumentException for a detection on an image the ground truth lacks, or one
     *     missing the box or mask its list's kind requires
     */
    static EvalRegions detections(CocoIndex index, List<CocoPrediction> detections, IouType type) {
        EvalRegions regions = new EvalRegions();
        if (detections.isEmpty()) {
            return regions;
        }
        boolean boxResults = detections.get(0).bbox() != null;
        Set<Integer> knownCategories = new HashSet<>();
        index.categories().forEach(c -> knownCategories.add(c.id()));
        for (int i = 0; i < detections.size(); i++) {
            CocoPrediction detection = detections.get(i);
            if (!index.hasImage(detection.imageId())) {
                throw new IllegalArgumentException(
                        "detection "
                                + i
                                + ": image "
                                + detection.imageId()
                                + " is not in the ground truth");
            }
            if (!knownCategories.contains(detection.categoryId())) {
                continue;
            }
            EvalRegion region =
                    boxResults
                            ? fromBoxResult(index, detection, i, type)
                            : fromMaskResult(index, detection, i, type);
            regions.add(detection.imageId(), detection.categoryId(), region);
        }
        return regions;
    }

    private static EvalRegion fromBoxResult(
            CocoIndex index, CocoPrediction detection, int position, IouType type) {
        double[] bbox = detection.bbox();
        if (bbox == null || bbox.length != 4) {
            throw new IllegalArgumentException(
                    "detection "
                            + position
                            + ": the first detection is a box result, so every one needs a"
                            + " 4-number bbox");
        }
        RunLengthMask mask = null;
        if (type == IouType.SEGM) {
            CocoImage image = index.image(detection.imageId());
            mask =
                    detection.segmentation() != null
                            ? detection.segmentation().toMask(image.height(), image.width())
                            : RunLengthMask.fromBox(bbox, image.height(), image.width());
        }
        return new EvalRegion(
                position + 1, bbox[2] * bbox[3], false, detection.score(), bbox, mask);
    }

    private static EvalRegion fromMaskResult(
            CocoIndex index, CocoPrediction detection, int position, IouType type) {
        if (detection.segmentation() == null) {
            throw new IllegalArgumentException(
                    "detection "
                            + position
                            + ": the first detection is a mask result, so every one needs a"
                            + " segmentation");
        }
        CocoImage image = index.image(detection.imageId());
        RunLengthMask mask = detection.segmentation().toMask(image.height(), image.width());
        double[] bbox = detection.bbox() != null ? detection.bbox() : mask.toBbox();
        return new EvalRegion(
                position + 1,
                mask.area(),
                false,
                detection.score(),
                bbox,
                type == IouType.SEGM ? mask : null);
    }
}
