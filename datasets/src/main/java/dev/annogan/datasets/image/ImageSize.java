package dev.annogan.datasets.image;

/**
 * The pixel dimensions of an image.
 *
 * @param width the width in pixels
 * @param height the height in pixels
 */
public record ImageSize(int width, int height) {}
