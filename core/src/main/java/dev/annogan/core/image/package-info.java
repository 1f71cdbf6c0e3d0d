/**
 * Image geometry shared by training and serving: {@link dev.annogan.core.image.ResizeWeights}, the
 * one resize (area averaging when shrinking, linear interpolation when enlarging, half-pixel
 * centres).
 */
package dev.annogan.core.image;
