package dev.annogan.datasets.coco;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Resolves COCO {@code file_name}s inside an image folder, refusing names that escape it. */
public final class ImagePaths {

    private static final Pattern WINDOWS_DRIVE = Pattern.compile("[A-Za-z]:/");

    private ImagePaths() {}

    /**
     * Returns why a file name would escape its image folder (absolute, or climbing with {@code
     * ..}), or {@code null} when it stays inside.
     */
    public static String escapeReason(String fileName) {
        if (fileName.isEmpty()) {
            return "is empty";
        }
        String unified = fileName.replace('\\', '/');
        if (unified.startsWith("/") || WINDOWS_DRIVE.matcher(unified).lookingAt()) {
            return "'"
                    + fileName
                    + "' is an absolute path; it must be relative to the image folder";
        }
        try {
            Path normalized = Path.of(unified).normalize();
            if (normalized.startsWith("..")) {
                return "'" + fileName + "' escapes the image folder";
            }
        } catch (InvalidPathException e) {
            return "'" + fileName + "' is not a valid path: " + e.getReason();
        }
        return null;
    }

    /**
     * Resolves a file name against an image folder.
     *
     * @throws IllegalArgumentException if the name escapes the folder
     */
    public static Path resolve(Path imageFolder, String fileName) {
        String reason = escapeReason(fileName);
        if (reason != null) {
            throw new IllegalArgumentException("file_name " + reason);
        }
        return imageFolder.resolve(fileName.replace('\\', '/'));
    }
}
