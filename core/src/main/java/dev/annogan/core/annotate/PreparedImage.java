package dev.annogan.core.annotate;

import ai.djl.ndarray.NDArray;

/**
 * One image as the network takes it, with the size of the original so that predictions can be
 * mapped back onto it.
 *
 * @param pixels the normalised image, float32 of shape {@code (3, inputHeight, inputWidth)}
 * @param width the original width in pixels
 * @param height the original height in pixels
 */
public record PreparedImage(NDArray pixels, int width, int height) {}
