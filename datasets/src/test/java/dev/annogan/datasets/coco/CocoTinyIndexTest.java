package dev.annogan.datasets.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annogan.datasets.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading real COCO 2017 files gives the counts and lookups pycocotools' {@code COCO()} gives
 * (figures computed with Python's json module on the same files).
 */
class CocoTinyIndexTest {

    private static CocoIndex read(String split) throws IOException {
        Path file = SharedData.cocoTiny().resolve("annotations/instances_" + split + "2017.json");
        return CocoIndex.read(file);
    }

    @Test
    void val2017CountsAndLookups() throws IOException {
        CocoIndex index = read("val");
        assertEquals(80, index.images().size());
        assertEquals(815, index.annotations().size());
        assertEquals(80, index.categories().size());
        assertEquals(11, index.annotations().stream().filter(CocoAnnotation::iscrowd).count());
        List<CocoAnnotation> first = index.annotationsOf(532481);
        assertEquals(10, first.size());
        assertEquals(
                List.of(508910L, 1342996L, 1347500L),
                first.subList(0, 3).stream().map(CocoAnnotation::id).toList());
        assertEquals(49, index.imagesWith(1).size());
        assertEquals(90, index.categoryMap().categoryId(79));
        assertEquals("person", index.categoryMap().name(0));
        assertTrue(index.problems().isEmpty());
        CocoImage image = index.image(532481);
        assertEquals("000000532481.jpg", image.fileName());
        assertEquals(640, image.width());
        assertEquals(426, image.height());
        assertEquals(3, image.license());
        assertEquals("http://images.cocodataset.org/val2017/000000532481.jpg", image.cocoUrl());
    }

    @Test
    void train2017CountsAndLookups() throws IOException {
        CocoIndex index = read("train");
        assertEquals(80, index.images().size());
        assertEquals(705, index.annotations().size());
        assertEquals(6, index.annotations().stream().filter(CocoAnnotation::iscrowd).count());
        assertEquals(32, index.annotationsOf(262145).size());
        assertEquals(40, index.imagesWith(1).size());
    }

    @Test
    void everyAnnotationIsListedUnderItsImageExactlyOnce() throws IOException {
        CocoIndex index = read("val");
        int total = 0;
        for (CocoImage image : index.images()) {
            for (CocoAnnotation a : index.annotationsOf(image.id())) {
                assertEquals(image.id(), a.imageId());
                assertTrue(index.imagesWith(a.categoryId()).contains(image));
                total++;
            }
        }
        assertEquals(index.annotations().size(), total);
    }
}
