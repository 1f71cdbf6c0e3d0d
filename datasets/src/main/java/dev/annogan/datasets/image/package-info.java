/**
 * Fast image loading for training: decoding JPEG/PNG files with ImageIO (subsampled while reading
 * when the file is much larger than needed), converting any colour layout to RGB, resizing with an
 * area-averaging or bilinear filter over primitive arrays, normalising per channel into CHW floats
 * or DJL NDArrays, and resizing class masks with the same geometry so image and mask stay aligned.
 * Depends on the JDK and DJL's API only.
 */
package dev.annogan.datasets.image;
