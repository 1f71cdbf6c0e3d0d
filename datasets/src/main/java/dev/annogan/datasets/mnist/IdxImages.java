package dev.annogan.datasets.mnist;

/**
 * The content of an {@code idx3-ubyte} file: a stack of 8-bit grey images.
 *
 * @param count the number of images
 * @param rows the height of each image
 * @param columns the width of each image
 * @param pixels {@code count * rows * columns} values, image by image, each row-major, 0 = white
 *     background in MNIST and Fashion-MNIST
 */
public record IdxImages(int count, int rows, int columns, byte[] pixels) {

    /**
     * Returns one pixel of one image.
     *
     * @param image the image's index
     * @param row the row
     * @param column the column
     * @return the value, 0..255
     */
    public int pixel(int image, int row, int column) {
        return pixels[(image * rows + row) * columns + column] & 0xFF;
    }
}
