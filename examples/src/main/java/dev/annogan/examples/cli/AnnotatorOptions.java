package dev.annogan.examples.cli;

import dev.annogan.core.backbone.ImageBackbone;
import dev.annogan.examples.annotator.AnnotationData;
import dev.annogan.examples.annotator.BackboneStart;
import dev.annogan.examples.annotator.RunOptions;
import dev.annogan.training.BatchAugmentation;
import dev.annogan.training.GanConfig;
import dev.annogan.training.RandomFlips;
import dev.annogan.training.run.RunSetupException;
import dev.annogan.training.teacher.TeacherTerms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options {@code train tagger} and {@code train segmenter} share, their checks, and how both
 * commands report the outcome. Data are named by kind and path, {@code --data shapes DIR} or {@code
 * --data coco FILE --images DIR}; {@code shapes:DIR} and {@code coco:FILE} work too.
 */
final class AnnotatorOptions {

    private AnnotatorOptions() {}

    /** Returns the shared options, followed by {@code extra} and {@code more}. */
    static List<Option> with(List<Option> extra, List<Option> more) {
        List<Option> options = new ArrayList<>(with(extra));
        options.addAll(more);
        return options;
    }

    /** Returns the shared options, followed by {@code extra}. */
    static List<Option> with(List<Option> extra) {
        List<Option> options = new ArrayList<>();
        options.add(
                Option.required(
                        "data",
                        "KIND PATH",
                        "shapes DIR (a folder written by 'annogan shapes') or coco FILE (a COCO"
                                + " instances JSON, its images in --images DIR); KIND:PATH also"
                                + " works"));
        options.add(Option.optional("images", "DIR", "image folder of --data coco FILE", ""));
        options.add(
                Option.optional(
                        "val-data",
                        "KIND PATH",
                        "validate on these images (every label kept) instead of holding out"
                                + " --held-out of --data, e.g. coco instances_val2017.json",
                        ""));
        options.add(
                Option.optional("val-images", "DIR", "image folder of --val-data coco FILE", ""));
        options.addAll(OptionGroups.runFolder("checkpoints, metrics.csv, loss.png, samples/", 0));
        options.add(
                Option.optional(
                        "labeled-fraction",
                        "F",
                        "fraction of training images that keep their labels, in (0, 1]; the rest"
                                + " are unlabelled (default: all labelled)",
                        ""));
        options.add(
                Option.optional(
                        "labels-per-class",
                        "N",
                        "keep labels on about N training images per class instead",
                        ""));
        options.add(
                Option.flag(
                        "baseline",
                        "train the same G on the labelled images alone, without D (the"
                                + " supervised baseline)"));
        options.add(OptionGroups.epochs(10, "epochs in all (a resumed run continues to N)"));
        options.add(
                Option.optional(
                        "batch",
                        "B",
                        "labelled images per step; adversarial runs add B unlabelled ones",
                        16));
        options.add(Option.optional("size", "S", "image side in pixels, a multiple of 8", 64));
        options.add(OptionGroups.seed(42, "seed of splits, weights, noise, batch order"));
        options.add(
                Option.optional(
                        "held-out", "F", "fraction of images held out for validation", 0.2));
        options.add(Option.optional("lr", "RATE", "Adam learning rate of G and D", 1e-3));
        options.add(
                Option.optional(
                        "decay-from",
                        "F",
                        "fraction of the steps at the full learning rate; after it both rates fall"
                                + " linearly to 0 at the last step (1: constant)",
                        1.0));
        options.add(
                Option.optional(
                        "loss", "NAME", "adversarial loss: bce, hinge, lsgan, wgan", "bce"));
        options.add(
                Option.optional(
                        "ema",
                        "DECAY",
                        "decay of G's moving average: the weights validated and exported, and the"
                                + " mean teacher of --consistency and --pseudo-labels (0 = off)",
                        0));
        options.add(
                Option.optional(
                        "consistency",
                        "W",
                        "weight of the consistency term between G and its moving average on"
                                + " unlabelled images (needs --ema; with --baseline: the teacher"
                                + " without D)",
                        0.0));
        options.add(
                Option.optional(
                        "pseudo-labels",
                        "W",
                        "weight of the cross-entropy against the teacher's confident answers on"
                                + " unlabelled images (needs --ema)",
                        0.0));
        options.add(
                Option.optional(
                        "threshold",
                        "P",
                        "confidence a teacher's answer needs to be a label",
                        0.9));
        options.add(
                Option.optional(
                        "ramp-up",
                        "F",
                        "fraction of the steps over which the teacher terms ramp up from 0",
                        0.2));
        options.add(
                Option.optional(
                        "teacher-start",
                        "F",
                        "fraction of the steps trained on labels alone before the teacher terms"
                                + " start (then --ramp-up)",
                        0.0));
        options.add(
                Option.optional(
                        "augment",
                        "KIND",
                        "random flips of training images and masks: none, flip (left-right),"
                                + " dihedral (all 8 symmetries of the square) or auto (dihedral"
                                + " for shapes data, which has no up, flip for COCO)",
                        "auto"));
        options.add(
                Option.optional(
                        "loaders",
                        "N",
                        "background threads loading the next batches while a step runs (0: load"
                                + " on the training thread)",
                        1));
        options.add(
                Option.optional(
                        "backbone",
                        "DIR",
                        "start G's encoder (and D's image encoder) from a pretrained backbone, a"
                                + " folder made by 'annogan pretrain' (DIR/backbone); G takes its"
                                + " width and depth",
                        ""));
        options.add(
                Option.flag(
                        "freeze-backbone",
                        "keep the backbone's weights in G as they are (default: fine-tune them)"));
        options.add(
                Option.optional(
                        "backbone-lr",
                        "F",
                        "the backbone's learning rate as a fraction of --lr when fine-tuned (1 won"
                                + " on validation; 0.1, usual for ImageNet backbones, lost)",
                        1.0));
        options.addAll(extra);
        return options;
    }

    /** Reads and checks the shared options. */
    static RunOptions parse(Args args) throws UserError {
        AnnotationData.Labels labels = labels(args);
        int size = args.integer("size", 8, 1024);
        if (size % 8 != 0) {
            throw new UserError(
                    "--size must be a multiple of 8 (the networks halve it three times), got "
                            + size);
        }
        String loss = args.get("loss");
        try {
            GanConfig.builder().optLoss(loss).build();
        } catch (IllegalArgumentException e) {
            throw new UserError("--loss: " + e.getMessage());
        }
        AnnotationData.Source validation =
                args.get("val-data") == null ? null : source(args, "val-data", "val-images");
        if (validation == null && args.get("val-images") != null) {
            throw new UserError("--val-images is for --val-data coco FILE");
        }
        AnnotationData.Source data = source(args, "data", "images");
        String augment = args.choice("augment", "auto", "none", "flip", "dihedral");
        if (augment.equals("auto")) {
            augment = data.kind() == AnnotationData.Kind.SHAPES ? "dihedral" : "flip";
        }
        BatchAugmentation augmentation =
                switch (augment) {
                    case "none" -> BatchAugmentation.NONE;
                    case "flip" -> RandomFlips.builder().build();
                    default -> RandomFlips.builder().optDihedral(true).build();
                };
        TeacherTerms teacher;
        try {
            teacher =
                    new TeacherTerms(
                            (float) args.decimal("consistency", 0, 1000),
                            (float) args.decimal("pseudo-labels", 0, 1000),
                            (float) args.decimal("threshold", 0.5, 0.9999),
                            0);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        float ema = (float) args.decimal("ema", 0, 0.99999);
        // A fixed --teacher, or the one --self-train trains (train segmenter), needs no moving
        // average.
        boolean fixedTeacher = args.get("teacher") != null || args.flag("self-train");
        if (teacher.enabled() && ema == 0 && !fixedTeacher) {
            throw new UserError(
                    "--consistency and --pseudo-labels need a teacher: set --ema above 0 or both"
                            + " weights to 0");
        }
        return new RunOptions(
                data,
                validation,
                labels,
                args.flag("baseline"),
                args.path("out"),
                args.integer("epochs", 1, 1_000_000),
                args.integer("batch", 1, 4096),
                size,
                args.longValue("seed"),
                args.flag("resume"),
                args.decimal("held-out", 0.01, 0.9),
                (float) args.decimal("lr", 1e-7, 1),
                args.decimal("decay-from", 0, 1),
                loss,
                ema,
                augmentation,
                args.integer("loaders", 0, 64),
                teacher,
                args.decimal("ramp-up", 0, 1),
                args.decimal("teacher-start", 0, 0.99),
                OptionGroups.checkpointEvery(args),
                backbone(args));
    }

    /** Reads the architecture of the run's backbone, or says in one line why it cannot. */
    static ImageBackbone.Architecture architecture(RunOptions options) throws UserError {
        try {
            return options.backbone().architecture();
        } catch (RunSetupException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Reads {@code --backbone}, {@code --freeze-backbone} and {@code --backbone-lr}. */
    static BackboneStart backbone(Args args) throws UserError {
        String folder = args.get("backbone");
        float factor = (float) args.decimal("backbone-lr", 1e-6, 10);
        if (folder == null || folder.isEmpty()) {
            if (args.flag("freeze-backbone")) {
                throw new UserError("--freeze-backbone needs --backbone DIR");
            }
            return BackboneStart.NONE;
        }
        return new BackboneStart(Path.of(folder), args.flag("freeze-backbone"), factor);
    }

    /**
     * Reads a data source given as {@code --OPTION KIND PATH} (or {@code KIND:PATH}), with the
     * image folder of a COCO file in {@code --IMAGES DIR}.
     */
    private static AnnotationData.Source source(Args args, String option, String imagesOption)
            throws UserError {
        String[] kindAndPath =
                kindAndPath(
                        args.words(option),
                        option,
                        "shapes runs/shapes or --" + option + " coco instances.json");
        String kind = kindAndPath[0];
        Path path = Path.of(kindAndPath[1]);
        switch (kind) {
            case "shapes" -> {
                AnnotationData.Source source = shapesFolder(option, path);
                if (args.get(imagesOption) != null) {
                    throw new UserError(
                            "--"
                                    + imagesOption
                                    + " is for --"
                                    + option
                                    + " coco FILE; shapes folders hold theirs");
                }
                return source;
            }
            case "coco" -> {
                if (!Files.isRegularFile(path)) {
                    throw new UserError("--" + option + " coco: no such file: " + path);
                }
                Path images = args.path(imagesOption);
                if (images == null) {
                    throw new UserError(
                            "--"
                                    + option
                                    + " coco FILE needs --"
                                    + imagesOption
                                    + " DIR, the folder of its images");
                }
                if (!Files.isDirectory(images)) {
                    throw new UserError("--" + imagesOption + ": no such folder: " + images);
                }
                return new AnnotationData.Source(AnnotationData.Kind.COCO, path, images);
            }
            default ->
                    throw new UserError(
                            "--"
                                    + option
                                    + ": unknown kind '"
                                    + kind
                                    + "'; use shapes DIR or coco FILE");
        }
    }

    /**
     * Splits a data option's value, {@code KIND PATH} or {@code KIND:PATH}, into the kind (lower
     * case) and the path.
     *
     * @param words the option's words
     * @param option the option's name, for the message
     * @param example what follows {@code --OPTION } in the message's example
     */
    static String[] kindAndPath(List<String> words, String option, String example)
            throws UserError {
        if (words.size() == 2) {
            return new String[] {words.get(0).toLowerCase(Locale.ROOT), words.get(1)};
        }
        String value = words.get(0);
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new UserError(
                    "--"
                            + option
                            + " needs a kind and a path, e.g. --"
                            + option
                            + " "
                            + example
                            + "; got '"
                            + value
                            + "'");
        }
        return new String[] {
            value.substring(0, colon).toLowerCase(Locale.ROOT), value.substring(colon + 1)
        };
    }

    /** Returns the shapes folder at {@code path}, or says what is wrong with it. */
    static AnnotationData.Source shapesFolder(String option, Path path) throws UserError {
        if (!Files.isDirectory(path)) {
            throw new UserError("--" + option + " shapes: no such folder: " + path);
        }
        AnnotationData.Source source = AnnotationData.Source.shapes(path);
        if (!Files.isRegularFile(source.annotations()) || !Files.isDirectory(source.images())) {
            throw new UserError(
                    path
                            + " is not a shapes folder (no annotations.json and images/); write"
                            + " one with 'annogan shapes --out "
                            + path
                            + "'");
        }
        return source;
    }

    private static AnnotationData.Labels labels(Args args) throws UserError {
        boolean byFraction = args.get("labeled-fraction") != null;
        boolean perClass = args.get("labels-per-class") != null;
        if (byFraction && perClass) {
            throw new UserError("choose --labeled-fraction or --labels-per-class, not both");
        }
        if (byFraction) {
            double fraction;
            try {
                fraction = Double.parseDouble(args.get("labeled-fraction"));
            } catch (NumberFormatException e) {
                throw new UserError(
                        "--labeled-fraction must be a number, got '"
                                + args.get("labeled-fraction")
                                + "'");
            }
            if (!(fraction > 0 && fraction <= 1)) {
                throw new UserError("--labeled-fraction must be in (0, 1], got " + fraction);
            }
            return new AnnotationData.Labels(fraction, null);
        }
        if (perClass) {
            return new AnnotationData.Labels(null, args.integer("labels-per-class", 1, 1_000_000));
        }
        return AnnotationData.Labels.all();
    }
}
