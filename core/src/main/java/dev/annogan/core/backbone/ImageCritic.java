package dev.annogan.core.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.annogan.core.nn.ImageEncoder;

/**
 * The discriminator of an unconditional image GAN (DCGAN, Radford et al. 2015): an {@link
 * ImageEncoder} and one linear unit, one real-or-generated logit per image. Its encoder is what
 * {@code annogan pretrain} keeps: a DCGAN discriminator that has learnt to tell the user's images
 * from generated ones has learnt features of those images, labels or not.
 *
 * <pre>{@code
 * ImageCritic d = ImageCritic.builder().setInputSize(64).optWidth(32).optDepth(4).build();
 * // (N, 3, 64, 64) -> (N, 1) logits; d.getEncoder() is the backbone
 * }</pre>
 */
public class ImageCritic extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ImageEncoder encoder;
    private final Linear score;

    /**
     * Creates the critic the builder describes.
     *
     * @param builder a validated builder
     */
    protected ImageCritic(Builder builder) {
        super(VERSION);
        this.encoder = addChildBlock("encoder", builder.encoder);
        this.score = addChildBlock("score", Linear.builder().setUnits(1).build());
    }

    /**
     * Creates a builder for an {@link ImageCritic}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the image encoder, the part a backbone is made of.
     *
     * @return the encoder
     */
    public ImageEncoder getEncoder() {
        return encoder;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray features =
                encoder.forward(parameterStore, new NDList(inputs.head()), training, params)
                        .singletonOrThrow();
        return score.forward(parameterStore, new NDList(features), training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0]);
        score.initialize(manager, dataType, encoder.getOutputShapes(inputShapes));
    }

    /** The builder for an {@link ImageCritic}: the settings of its {@link ImageEncoder}. */
    public static final class Builder {

        private final ImageEncoder.Builder encoderBuilder = ImageEncoder.builder();
        private ImageEncoder encoder;

        Builder() {
            // DCGAN's discriminator: batch norm after every convolution but the first.
            encoderBuilder.optBatchNorm(true);
        }

        /**
         * Sets the side of the square input images. Required.
         *
         * @param side H = W, divisible by {@code 2^depth}
         * @return this builder
         */
        public Builder setInputSize(int side) {
            encoderBuilder.setInputSize(side);
            return this;
        }

        /**
         * Sets the channels of the first convolution; 32 by default.
         *
         * @param width the first layer's channels
         * @return this builder
         */
        public Builder optWidth(int width) {
            encoderBuilder.optWidth(width);
            return this;
        }

        /**
         * Sets the number of stride-2 convolutions; 3 by default.
         *
         * @param depth the number of layers
         * @return this builder
         */
        public Builder optDepth(int depth) {
            encoderBuilder.optDepth(depth);
            return this;
        }

        /**
         * Sets whether convolutions after the first are batch-normalised; true by default.
         *
         * @param batchNorm true to normalise
         * @return this builder
         */
        public Builder optBatchNorm(boolean batchNorm) {
            encoderBuilder.optBatchNorm(batchNorm);
            return this;
        }

        /**
         * Builds the critic.
         *
         * @return a new, uninitialised critic
         * @throws IllegalArgumentException as {@link ImageEncoder.Builder#build()}
         */
        public ImageCritic build() {
            encoder = encoderBuilder.build();
            return new ImageCritic(this);
        }
    }
}
