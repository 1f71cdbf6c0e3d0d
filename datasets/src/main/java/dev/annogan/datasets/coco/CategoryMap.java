package dev.annogan.datasets.coco;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mapping between contiguous class indices {@code 0..K-1}, COCO category ids and names.
 *
 * <p>Networks want contiguous indices; COCO files use sparse ids (COCO 2017 spreads its 80 classes
 * over 1..90). Indices follow ascending category id, as pycocotools' {@code getCatIds()} does, so
 * index {@code i} is the same category in every tool.
 */
public final class CategoryMap {

    private final List<CocoCategory> categories;
    private final Map<Integer, Integer> indexById;
    private final Map<String, Integer> indexByName;

    private CategoryMap(List<CocoCategory> categories) {
        this.categories = List.copyOf(categories);
        indexById = new HashMap<>();
        indexByName = new HashMap<>();
        for (int i = 0; i < this.categories.size(); i++) {
            CocoCategory category = this.categories.get(i);
            if (indexById.put(category.id(), i) != null) {
                throw new IllegalArgumentException("duplicate category id " + category.id());
            }
            indexByName.putIfAbsent(category.name(), i);
        }
    }

    /** Returns the map over the given categories, ordered by ascending id. */
    public static CategoryMap of(List<CocoCategory> categories) {
        List<CocoCategory> sorted = new ArrayList<>(categories);
        sorted.sort(Comparator.comparingInt(CocoCategory::id));
        return new CategoryMap(sorted);
    }

    /** Returns the number of classes K. */
    public int size() {
        return categories.size();
    }

    /** Returns the categories in index order. */
    public List<CocoCategory> categories() {
        return categories;
    }

    /** Returns the category at a contiguous index. */
    public CocoCategory category(int index) {
        return categories.get(index);
    }

    /** Returns the COCO category id of a contiguous index. */
    public int categoryId(int index) {
        return categories.get(index).id();
    }

    /** Returns the name of a contiguous index. */
    public String name(int index) {
        return categories.get(index).name();
    }

    /** Returns the names in index order. */
    public List<String> names() {
        return categories.stream().map(CocoCategory::name).toList();
    }

    /** Returns the contiguous index of a COCO category id, or -1 when it is not in the map. */
    public int indexOf(int categoryId) {
        Integer index = indexById.get(categoryId);
        return index == null ? -1 : index;
    }

    /** Returns whether the category id is in the map. */
    public boolean contains(int categoryId) {
        return indexById.containsKey(categoryId);
    }

    /**
     * Returns the contiguous index of a category name.
     *
     * @throws IllegalArgumentException if no category has that name
     */
    public int indexOfName(String name) {
        Integer index = indexByName.get(name);
        if (index == null) {
            throw new IllegalArgumentException(
                    "no category named '" + name + "'; the categories are " + names());
        }
        return index;
    }

    /** Returns the map restricted to the given category ids, re-indexed contiguously. */
    public CategoryMap subset(List<Integer> categoryIds) {
        List<CocoCategory> kept = new ArrayList<>();
        for (int id : categoryIds) {
            Integer index = indexById.get(id);
            if (index == null) {
                throw new IllegalArgumentException("unknown category id " + id);
            }
            kept.add(categories.get(index));
        }
        return of(kept);
    }
}
