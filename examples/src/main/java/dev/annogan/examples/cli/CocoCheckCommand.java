package dev.annogan.examples.cli;

import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoProblem;
import dev.annogan.datasets.coco.ImageFolderCheck;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code annogan coco check}: validates a COCO file (and optionally its images) and lists every
 * problem, not just the first.
 */
final class CocoCheckCommand implements Command {

    @Override
    public String name() {
        return "coco check";
    }

    @Override
    public String summary() {
        return "validate a COCO file (and its images) and list every problem; exit 1 if any";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.required("annotations", "FILE", "COCO instances JSON file"),
                Option.optional(
                        "images",
                        "DIR",
                        "also check the image files: present, decodable, sizes as declared",
                        ""),
                Option.optional("limit", "N", "list at most N problems", 1000));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        Path annotations = args.path("annotations");
        int limit = args.integer("limit", 1, Integer.MAX_VALUE);
        CocoIndex index = CocoIndex.reader().optSkipInvalid(true).read(annotations);
        List<CocoProblem> problems = new ArrayList<>(index.problems());
        Path images = args.path("images");
        if (images != null) {
            problems.addAll(ImageFolderCheck.check(index, images, TerminalProgress.orNull()));
        }
        for (int i = 0; i < Math.min(limit, problems.size()); i++) {
            out.println(problems.get(i));
        }
        if (problems.size() > limit) {
            out.println("... and " + (problems.size() - limit) + " more");
        }
        String checked =
                index.images().size()
                        + " images, "
                        + index.annotations().size()
                        + " valid annotations, "
                        + index.categories().size()
                        + " categories"
                        + (images != null ? ", image files in " + images : "");
        if (problems.isEmpty()) {
            out.println(annotations.getFileName() + ": OK (" + checked + ")");
            return 0;
        }
        out.println(
                annotations.getFileName()
                        + ": "
                        + problems.size()
                        + (problems.size() == 1 ? " problem (" : " problems (")
                        + checked
                        + ")");
        return 1;
    }
}
