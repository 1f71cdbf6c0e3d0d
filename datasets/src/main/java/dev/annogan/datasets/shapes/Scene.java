package dev.annogan.datasets.shapes;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One generated image with what is on it.
 *
 * @param image the pixels, {@code TYPE_3BYTE_BGR}
 * @param objects the annotated objects in drawing order, back to front (a crowd, when present,
 *     first), so painting their masks in this order reproduces {@code owner}
 * @param owner row-major, for each pixel the index in {@code objects} of the object visible there,
 *     or -1 for background
 */
record Scene(BufferedImage image, List<SceneObject> objects, int[] owner) {}
