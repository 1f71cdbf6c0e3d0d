package dev.annogan.datasets.coco;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated COCO instances file with the lookups training and evaluation need: images,
 * categories and annotations by id, annotations of an image, images of a category, and the
 * contiguous class mapping. Immutable once read.
 *
 * <p>Read one with {@link #read(Path)} (strict) or {@link #reader()} for options:
 *
 * <pre>{@code
 * CocoIndex index = CocoIndex.reader().optSkipInvalid(true).read(Path.of("instances_val2017.json"));
 * for (CocoProblem p : index.problems()) System.err.println("skipped: " + p);
 * }</pre>
 */
public final class CocoIndex {

    private final Path source;
    private final List<CocoImage> images;
    private final List<CocoCategory> categories;
    private final List<CocoAnnotation> annotations;
    private final List<CocoProblem> problems;
    private final Map<Long, Integer> imagePosition;
    private final Map<Integer, CocoCategory> categoryById;
    private final CategoryMap categoryMap;
    // Annotations grouped by image: those of images.get(i) are byImage[offsets[i] .. offsets[i+1]).
    private final CocoAnnotation[] byImage;
    private final int[] offsets;
    private final Map<Integer, List<CocoImage>> imagesByCategory;

    CocoIndex(
            Path source,
            List<CocoImage> images,
            List<CocoCategory> categories,
            List<CocoAnnotation> annotations,
            List<CocoProblem> problems) {
        this.source = source;
        this.images = List.copyOf(images);
        this.categories = List.copyOf(categories);
        this.annotations = Collections.unmodifiableList(new ArrayList<>(annotations));
        this.problems = List.copyOf(problems);
        imagePosition = new HashMap<>(images.size() * 2);
        for (int i = 0; i < this.images.size(); i++) {
            imagePosition.put(this.images.get(i).id(), i);
        }
        categoryById = new HashMap<>();
        for (CocoCategory category : this.categories) {
            categoryById.put(category.id(), category);
        }
        categoryMap = CategoryMap.of(this.categories);

        int[] imageOf = new int[annotations.size()];
        offsets = new int[this.images.size() + 1];
        for (int a = 0; a < imageOf.length; a++) {
            Integer position = imagePosition.get(annotations.get(a).imageId());
            if (position == null) {
                throw new IllegalArgumentException(
                        "annotation " + annotations.get(a).id() + " refers to unknown image");
            }
            imageOf[a] = position;
            offsets[position + 1]++;
        }
        for (int i = 0; i < this.images.size(); i++) {
            offsets[i + 1] += offsets[i];
        }
        byImage = new CocoAnnotation[annotations.size()];
        int[] fill = Arrays.copyOf(offsets, this.images.size());
        for (int a = 0; a < imageOf.length; a++) {
            byImage[fill[imageOf[a]]++] = annotations.get(a);
        }

        Map<Integer, List<CocoImage>> byCategory = new HashMap<>();
        for (CocoCategory category : this.categories) {
            byCategory.put(category.id(), new ArrayList<>());
        }
        for (int i = 0; i < this.images.size(); i++) {
            CocoImage image = this.images.get(i);
            for (int a = offsets[i]; a < offsets[i + 1]; a++) {
                List<CocoImage> list = byCategory.get(byImage[a].categoryId());
                // Images are visited in order, so "already listed" means "listed last".
                if (list.isEmpty() || list.get(list.size() - 1) != image) {
                    list.add(image);
                }
            }
        }
        byCategory.replaceAll((k, v) -> Collections.unmodifiableList(v));
        imagesByCategory = byCategory;
    }

    /** Reads a COCO instances file strictly: any invalid record throws. */
    public static CocoIndex read(Path file) throws IOException {
        return reader().read(file);
    }

    /** Returns a reader with options (skipping invalid records, bounds tolerance). */
    public static CocoIndexReader reader() {
        return new CocoIndexReader();
    }

    /**
     * Creates an index from records in memory (for generated datasets and tests). The records must
     * already be consistent: every annotation's image must be present.
     */
    public static CocoIndex of(
            List<CocoImage> images,
            List<CocoCategory> categories,
            List<CocoAnnotation> annotations) {
        return new CocoIndex(null, images, categories, annotations, List.of());
    }

    /** Returns the file this index was read from, or {@code null} for one built in memory. */
    public Path source() {
        return source;
    }

    /** Returns the images in file order. */
    public List<CocoImage> images() {
        return images;
    }

    /** Returns the categories in file order. */
    public List<CocoCategory> categories() {
        return categories;
    }

    /** Returns the annotations in file order. */
    public List<CocoAnnotation> annotations() {
        return annotations;
    }

    /** Returns the records skipped as invalid (empty unless read with skipInvalid). */
    public List<CocoProblem> problems() {
        return problems;
    }

    /** Returns the contiguous class mapping over all categories, ordered by id. */
    public CategoryMap categoryMap() {
        return categoryMap;
    }

    /** Returns whether the index has an image with this id. */
    public boolean hasImage(long imageId) {
        return imagePosition.containsKey(imageId);
    }

    /**
     * Returns the image with this id.
     *
     * @throws IllegalArgumentException if there is none
     */
    public CocoImage image(long imageId) {
        return images.get(position(imageId));
    }

    /**
     * Returns the category with this id.
     *
     * @throws IllegalArgumentException if there is none
     */
    public CocoCategory category(int categoryId) {
        CocoCategory category = categoryById.get(categoryId);
        if (category == null) {
            throw new IllegalArgumentException("no category with id " + categoryId);
        }
        return category;
    }

    /** Returns the annotations of an image, in file order (empty for an unannotated image). */
    public List<CocoAnnotation> annotationsOf(long imageId) {
        int i = position(imageId);
        return Collections.unmodifiableList(
                Arrays.asList(byImage).subList(offsets[i], offsets[i + 1]));
    }

    /** Returns the images with at least one annotation of a category, in file order. */
    public List<CocoImage> imagesWith(int categoryId) {
        List<CocoImage> list = imagesByCategory.get(categoryId);
        if (list == null) {
            throw new IllegalArgumentException("no category with id " + categoryId);
        }
        return list;
    }

    private int position(long imageId) {
        Integer position = imagePosition.get(imageId);
        if (position == null) {
            throw new IllegalArgumentException("no image with id " + imageId);
        }
        return position;
    }
}
