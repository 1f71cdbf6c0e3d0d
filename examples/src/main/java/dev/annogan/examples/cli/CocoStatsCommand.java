package dev.annogan.examples.cli;

import dev.annogan.datasets.coco.CategoryMap;
import dev.annogan.datasets.coco.CocoAnnotation;
import dev.annogan.datasets.coco.CocoIndex;
import java.io.PrintStream;
import java.util.List;

/** {@code annogan coco stats}: counts of images, annotations and categories in a COCO file. */
final class CocoStatsCommand implements Command {

    @Override
    public String name() {
        return "coco stats";
    }

    @Override
    public String summary() {
        return "print the number of images, annotations and categories, and the count per category";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.required("annotations", "FILE", "COCO instances JSON file"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        CocoIndex index = CocoIndex.read(args.path("annotations"));
        CategoryMap categories = index.categoryMap();
        long[] instances = new long[categories.size()];
        long[] crowds = new long[categories.size()];
        for (CocoAnnotation a : index.annotations()) {
            int k = categories.indexOf(a.categoryId());
            instances[k]++;
            crowds[k] += a.iscrowd() ? 1 : 0;
        }
        long unannotated =
                index.images().stream()
                        .filter(image -> index.annotationsOf(image.id()).isEmpty())
                        .count();
        out.println("file:        " + index.source());
        out.println(
                "images:      "
                        + index.images().size()
                        + (unannotated > 0 ? " (" + unannotated + " without annotations)" : ""));
        out.println("annotations: " + index.annotations().size());
        out.println("categories:  " + categories.size());
        out.println();
        out.printf("%5s  %-24s %11s %7s %7s%n", "id", "name", "annotations", "crowd", "images");
        for (int k = 0; k < categories.size(); k++) {
            int id = categories.categoryId(k);
            out.printf(
                    "%5d  %-24s %11d %7d %7d%n",
                    id, categories.name(k), instances[k], crowds[k], index.imagesWith(id).size());
        }
        return 0;
    }
}
