package dev.annogan.examples.annotate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The image files of a folder and its subfolders, in a stable order, with the names COCO files give
 * them: paths relative to the folder, with {@code /} separators.
 */
final class ImageFolder {

    /** The extensions read as images; ImageIO decodes all of them. */
    static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private ImageFolder() {}

    /** Returns the image files under {@code folder}, sorted by relative name. */
    static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(ImageFolder::isImageName)
                    .sorted((a, b) -> name(folder, a).compareTo(name(folder, b)))
                    .toList();
        }
    }

    /** Returns the COCO {@code file_name} of a file under {@code folder}. */
    static String name(Path folder, Path file) {
        return folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".")
                && dot > 0
                && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
