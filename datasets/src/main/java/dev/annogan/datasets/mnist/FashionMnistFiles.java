package dev.annogan.datasets.mnist;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One of Fashion-MNIST's two file pairs (training or test), read and checked against the dataset's
 * shape: 28 x 28 images, one label 0..9 per image.
 *
 * @param images the images
 * @param labels the class of every image
 */
record FashionMnistFiles(IdxImages images, int[] labels) {

    /**
     * Reads {@code train-*} or {@code t10k-*} from a folder.
     *
     * @param root the folder with the four original {@code .gz} files
     * @param test whether to read the test pair rather than the training pair
     * @return the images and labels
     * @throws IOException if a file is missing, not IDX, or does not fit the other
     */
    static FashionMnistFiles read(Path root, boolean test) throws IOException {
        String prefix = test ? "t10k" : "train";
        Path imageFile = root.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labelFile = root.resolve(prefix + "-labels-idx1-ubyte.gz");
        IdxImages images = IdxReader.readImages(imageFile);
        int[] labels = IdxReader.readLabels(labelFile);
        int side = FashionMnist.IMAGE_SIZE;
        if (images.rows() != side || images.columns() != side) {
            throw new IdxFormatException(
                    imageFile,
                    "images are "
                            + images.rows()
                            + " x "
                            + images.columns()
                            + ", Fashion-MNIST's are 28 x 28");
        }
        if (images.count() != labels.length) {
            throw new IdxFormatException(
                    labelFile,
                    labels.length
                            + " labels for the "
                            + images.count()
                            + " images of "
                            + imageFile);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= FashionMnist.CLASS_NAMES.size()) {
                throw new IdxFormatException(
                        labelFile, "label " + i + " is " + labels[i] + ", not a class 0..9");
            }
        }
        return new FashionMnistFiles(images, labels);
    }
}
