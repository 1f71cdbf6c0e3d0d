package dev.annogan.core.annotate;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.image.ResizeWeights;

/**
 * Prepares a DJL {@link Image} for an annotator: resizes it to the input size with the weights
 * AnnoGAN's training loader uses ({@link ResizeWeights}), then normalises each channel as {@code (v
 * / 255 - mean) / std}.
 *
 * <p>The resize stretches to exactly the input size with half-pixel centres: shrinking averages the
 * source pixels under each output pixel weighted by overlap (an area filter), enlarging
 * interpolates linearly between the two nearest source pixels, clamped at the edges. Both are
 * separable, so the resize is two matrix products per channel on the engine: {@code Wy · image ·
 * Wxᵀ}. An image decoded by DJL's {@code ImageFactory} can differ from training's own decoding in
 * the last bit of colour (colour profiles, JPEG colour conversion) and in very large images, which
 * training decodes subsampled; images at the input size go through unchanged apart from the
 * normalisation.
 */
public final class ResizeNormalize implements ImagePreparation<Image> {

    private final int width;
    private final int height;
    private final float[] mean;
    private final float[] std;

    /**
     * Creates the preparation an annotator's description asks for.
     *
     * @param spec the annotator's description: input size, mean and standard deviation
     */
    public ResizeNormalize(AnnotatorSpec spec) {
        this.width = spec.inputWidth();
        this.height = spec.inputHeight();
        this.mean = spec.mean();
        this.std = spec.std();
    }

    /** {@inheritDoc} */
    @Override
    public PreparedImage prepare(NDManager manager, Image image) {
        int w = image.getWidth();
        int h = image.getHeight();
        NDArray pixels =
                image.toNDArray(manager, Image.Flag.COLOR)
                        .toType(DataType.FLOAT32, false)
                        .transpose(2, 0, 1);
        if (h != height) {
            pixels =
                    manager.create(ResizeWeights.dense(h, height), new Shape(height, h))
                            .matMul(pixels);
        }
        if (w != width) {
            pixels =
                    pixels.matMul(
                            manager.create(ResizeWeights.dense(w, width), new Shape(width, w))
                                    .transpose());
        }
        NDArray m = manager.create(mean, new Shape(3, 1, 1)).mul(255f);
        NDArray s = manager.create(std, new Shape(3, 1, 1)).mul(255f);
        return new PreparedImage(pixels.sub(m).div(s), w, h);
    }
}
