package dev.annogan.datasets.coco;

import ai.djl.util.Progress;
import dev.annogan.datasets.image.ImageLoader;
import dev.annogan.datasets.image.ImageSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Checks the image files behind an index: each is present, inside the image folder, fully
 * decodable, and has the dimensions its record declares.
 *
 * <p>Every image is decoded completely, because a truncated JPEG has a valid header and fails only
 * when its last rows are read. Files are checked in parallel.
 */
public final class ImageFolderCheck {

    /** A strict loader with a tiny output: it decodes all of a file's data, but resizes little. */
    private static final ImageLoader DECODE_CHECK =
            ImageLoader.builder().setSize(8, 8).optStrict(true).build();

    private ImageFolderCheck() {}

    /**
     * Checks every image of {@code index} in {@code imageFolder}; returns the problems, in image
     * order, each naming the image record and the field at fault ({@code file_name}, {@code width}
     * or {@code height}).
     */
    public static List<CocoProblem> check(CocoIndex index, Path imageFolder, Progress progress)
            throws IOException {
        if (!Files.isDirectory(imageFolder)) {
            throw new java.nio.file.NoSuchFileException(
                    imageFolder.toString(), null, "no such image folder");
        }
        List<CocoImage> images = index.images();
        CocoProblem[] found = new CocoProblem[images.size()];
        AtomicLong done = new AtomicLong();
        if (progress != null) {
            progress.reset("Images", images.size());
        }
        IntStream.range(0, images.size())
                .parallel()
                .forEach(
                        i -> {
                            found[i] = checkOne(index.source(), images.get(i), imageFolder);
                            long n = done.incrementAndGet();
                            if (progress != null && (n % 64 == 0 || n == images.size())) {
                                synchronized (progress) {
                                    progress.update(n - 1);
                                }
                            }
                        });
        if (progress != null) {
            progress.end();
        }
        List<CocoProblem> problems = new ArrayList<>();
        for (CocoProblem problem : found) {
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    /** Checks one image; returns its problem or {@code null}. */
    static CocoProblem checkOne(Path source, CocoImage image, Path imageFolder) {
        String escape = ImagePaths.escapeReason(image.fileName());
        if (escape != null) {
            return problem(source, image, "file_name", escape);
        }
        Path file = ImagePaths.resolve(imageFolder, image.fileName());
        if (!Files.isRegularFile(file)) {
            return problem(source, image, "file_name", "image file " + file + " does not exist");
        }
        try {
            ImageSize size = ImageLoader.readDimensions(file);
            if (size.width() != image.width() || size.height() != image.height()) {
                return problem(
                        source,
                        image,
                        size.width() != image.width() ? "width" : "height",
                        "declared "
                                + image.width()
                                + "x"
                                + image.height()
                                + " but "
                                + file.getFileName()
                                + " is "
                                + size.width()
                                + "x"
                                + size.height());
            }
            // A truncated JPEG has a valid header: only decoding all of its data tells.
            DECODE_CHECK.load(file);
        } catch (IOException e) {
            String reason = String.valueOf(e.getMessage());
            // The decoder's messages start with the path; say it once.
            if (reason.startsWith(file + ": ")) {
                reason = reason.substring(file.toString().length() + 2);
            }
            return problem(source, image, "file_name", file + " is corrupt: " + reason);
        }
        return null;
    }

    private static CocoProblem problem(Path source, CocoImage image, String field, String message) {
        return new CocoProblem(source, "image", image.id(), -1, field, message);
    }
}
