package dev.annogan.examples.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.annogan.core.classifier.DcganGenerator;
import dev.annogan.core.classifier.DenseGenerator;
import dev.annogan.core.classifier.DenseKPlusOneDiscriminator;
import dev.annogan.core.classifier.KPlusOneDiscriminator;
import dev.annogan.datasets.mnist.FashionMnist;
import java.util.Arrays;
import java.util.Locale;

/**
 * The networks of a semi-supervised run on Fashion-MNIST and D's regularisation.
 *
 * @param network which pair of networks: fully connected or convolutional
 * @param hiddenSizes the dense D's hidden widths, input side first
 * @param generatorHiddenSizes the dense G's hidden widths, noise side first
 * @param width the conv D's width: its convolutions have {@code width, 2*width, 4*width} channels
 * @param generatorWidth the conv G's width: its projected map has {@code 4 * generatorWidth}
 *     channels
 * @param inputNoise the standard deviation of the Gaussian noise D adds to the image in training
 * @param hiddenNoise the standard deviation of the Gaussian noise D adds to its later layers'
 *     inputs in training
 * @param dropout the conv D's dropout rate on hidden layers in training
 */
public record ClassifierArchitecture(
        Network network,
        int[] hiddenSizes,
        int[] generatorHiddenSizes,
        int width,
        int generatorWidth,
        float inputNoise,
        float hiddenNoise,
        float dropout) {

    /** G's noise length. */
    public static final int NOISE_DIM = 100;

    /** The two pairs of networks. */
    public enum Network {
        /**
         * Salimans et al.'s MNIST networks: a weight-normalised fully connected D ({@link
         * DenseKPlusOneDiscriminator}) and a fully connected G ({@link DenseGenerator}).
         */
        DENSE,
        /** A strided-convolution D ({@link KPlusOneDiscriminator}) and a DCGAN G. */
        CONV
    }

    /**
     * Creates the architecture, copying the arrays.
     *
     * @throws IllegalArgumentException if a width array is empty
     */
    public ClassifierArchitecture {
        if (hiddenSizes.length == 0 || generatorHiddenSizes.length == 0) {
            throw new IllegalArgumentException("the dense networks need at least one hidden layer");
        }
        hiddenSizes = hiddenSizes.clone();
        generatorHiddenSizes = generatorHiddenSizes.clone();
    }

    /**
     * Returns the shape of a batch of Fashion-MNIST images.
     *
     * @param batchSize the batch size
     * @return {@code (batchSize, 1, 28, 28)}
     */
    public static Shape imageShape(long batchSize) {
        return new Shape(batchSize, 1, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE);
    }

    /**
     * Builds the classifier, the GAN's D: a K+1 discriminator whose forward returns {@code
     * NDList(classLogits, features)}.
     *
     * @return a new, uninitialised block
     */
    public Block classifier() {
        int classes = FashionMnist.CLASS_NAMES.size();
        int side = FashionMnist.IMAGE_SIZE;
        if (network == Network.DENSE) {
            return DenseKPlusOneDiscriminator.builder()
                    .setNumClasses(classes)
                    .setInputShape(1, side, side)
                    .optHiddenSizes(hiddenSizes)
                    .optInputNoise(inputNoise)
                    .optHiddenNoise(hiddenNoise)
                    .build();
        }
        return KPlusOneDiscriminator.builder()
                .setNumClasses(classes)
                .setInputShape(1, side, side)
                .optWidth(width)
                .optInputNoise(inputNoise)
                .optGaussianNoise(hiddenNoise)
                .optDropout(dropout)
                .build();
    }

    /**
     * Builds G, which maps {@code (N, NOISE_DIM)} noise to {@code (N, 1, 28, 28)} images.
     *
     * @return a new, uninitialised block
     */
    public Block generator() {
        int side = FashionMnist.IMAGE_SIZE;
        if (network == Network.DENSE) {
            return DenseGenerator.builder()
                    .setOutputShape(1, side, side)
                    .optNoiseDim(NOISE_DIM)
                    .optHiddenSizes(generatorHiddenSizes)
                    .build();
        }
        return DcganGenerator.builder()
                .setOutputShape(1, side, side)
                .optNoiseDim(NOISE_DIM)
                .optWidth(generatorWidth)
                .build();
    }

    /**
     * Gives an initialised classifier its data-dependent start where it has one (the dense D's
     * weight-normalised layers, see {@link DenseKPlusOneDiscriminator#initializeFromData}); does
     * nothing for the conv D.
     *
     * @param classifier a block built by {@link #classifier()}, initialised
     * @param parameterStore the parameter store
     * @param images real images, {@code (N, 1, 28, 28)}, N at least 2
     */
    public void initializeFromData(
            Block classifier, ParameterStore parameterStore, NDArray images) {
        if (classifier instanceof DenseKPlusOneDiscriminator dense) {
            dense.initializeFromData(parameterStore, images);
        }
    }

    /** Returns the architecture as a JSON object. */
    public String toJson() {
        return String.format(
                Locale.ROOT,
                "{\"network\": \"%s\", \"hiddenSizes\": %s, \"generatorHiddenSizes\": %s,"
                        + " \"width\": %d, \"generatorWidth\": %d, \"inputNoise\": %s,"
                        + " \"hiddenNoise\": %s, \"dropout\": %s}",
                network.name().toLowerCase(Locale.ROOT),
                Arrays.toString(hiddenSizes),
                Arrays.toString(generatorHiddenSizes),
                width,
                generatorWidth,
                inputNoise,
                hiddenNoise,
                dropout);
    }
}
