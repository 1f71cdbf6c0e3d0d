package dev.annogan.examples.cli;

import dev.annogan.examples.annotate.AnnotationSummary;
import dev.annogan.examples.annotate.FolderAnnotator;
import dev.annogan.training.run.RunSetupException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code annogan annotate}: pre-annotates a folder of images with a trained tagger or segmenter
 * into COCO results and a COCO dataset, Label Studio tasks with their config, CVAT XML, overlay
 * pictures and a summary.
 */
final class AnnotateCommand implements Command {

    @Override
    public String name() {
        return "annotate";
    }

    @Override
    public String summary() {
        return "pre-annotate a folder of images with a trained tagger or segmenter (COCO, Label"
                + " Studio and CVAT files)";
    }

    @Override
    public boolean usesEngine() {
        return true;
    }

    @Override
    public List<Option> options() {
        List<Option> options = new ArrayList<>();
        options.add(
                Option.required(
                        "model", "DIR", "model folder of a trained annotator (<run>/model)"));
        options.add(
                Option.required("images", "DIR", "folder of images to annotate (and subfolders)"));
        options.add(
                Option.required(
                        "out",
                        "DIR",
                        "output folder: results.json, annotations.json, label-studio/, cvat/,"
                                + " overlays/, summary.json"));
        options.addAll(OptionGroups.preAnnotation());
        options.addAll(
                List.of(
                        Option.optional("batch", "B", "images per forward pass", 8),
                        Option.optional(
                                "overlays", "N", "how many images get an overlay picture", 100),
                        Option.optional(
                                "ids-from",
                                "FILE",
                                "COCO file whose images to annotate, with its image ids, matched"
                                        + " by file_name (e.g. the ground truth, so that 'annogan"
                                        + " evaluate' can compare); other images of the folder"
                                        + " are left out",
                                ""),
                        Option.optional(
                                "image-root-url",
                                "URL",
                                "where Label Studio reads the images: the address their paths"
                                        + " relative to --images are appended to (default: Label"
                                        + " Studio's local files, /data/local-files/?d=<absolute"
                                        + " path>)",
                                ""),
                        Option.optional(
                                "order",
                                "folder|uncertainty",
                                "order of the Label Studio tasks: the folder's, or least"
                                        + " confident image first",
                                "folder"),
                        Option.flag("overwrite", "replace a finished annotation run in --out")));
        return options;
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        Path images = args.path("images");
        if (!Files.isDirectory(images)) {
            throw new UserError("--images: no such folder: " + images);
        }
        Path idsFrom = args.path("ids-from");
        if (idsFrom != null && !Files.isRegularFile(idsFrom)) {
            throw new UserError("--ids-from: no such file: " + idsFrom);
        }
        FolderAnnotator.Order order =
                switch (args.get("order")) {
                    case "folder" -> FolderAnnotator.Order.FOLDER;
                    case "uncertainty" -> FolderAnnotator.Order.UNCERTAINTY;
                    default ->
                            throw new UserError(
                                    "--order: expected folder or uncertainty, got '"
                                            + args.get("order")
                                            + "'");
                };
        FolderAnnotator.Options options =
                new FolderAnnotator.Options(
                        args.path("model"),
                        images,
                        args.path("out"),
                        OptionGroups.preAnnotationSettings(args),
                        args.integer("batch", 1, 1024),
                        args.integer("overlays", 0, Integer.MAX_VALUE),
                        args.flag("overwrite"),
                        idsFrom,
                        args.get("image-root-url"),
                        order);
        AnnotationSummary summary;
        try {
            summary = FolderAnnotator.run(options, TerminalProgress.orNull(), out);
        } catch (RunSetupException e) {
            throw new UserError(e.getMessage());
        }
        summary.print(out, options.out());
        return 0;
    }
}
