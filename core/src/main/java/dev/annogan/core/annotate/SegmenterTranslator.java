package dev.annogan.core.annotate;

import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/**
 * Translates images to the class map a trained segmentation generator draws on them: a DJL {@link
 * CategoryMask} (a {@link ScoredCategoryMask}) at the original image size, class 0 the background
 * and class {@code k + 1} category {@code k}.
 *
 * <p>The class probabilities are scaled to the original size by bilinear interpolation with the
 * half-pixel geometry of the resize that prepared the image, and each pixel takes its most probable
 * class there, so masks are drawn at the image's own resolution and boundaries follow the
 * probabilities rather than the network's coarser pixel grid.
 *
 * <pre>{@code
 * try (ZooModel<Image, CategoryMask> model = Criteria.builder()
 *         .setTypes(Image.class, CategoryMask.class)
 *         .optModelPath(Path.of("runs/segmenter/model"))
 *         .build().loadModel();
 *         Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
 *     CategoryMask mask = predictor.predict(image);
 * }
 * }</pre>
 *
 * @param <I> the input type
 */
public class SegmenterTranslator<I> extends ImageAnnotatorTranslator<I, CategoryMask> {

    private final List<String> classes;

    /**
     * Creates the translator of a segmenter.
     *
     * @param spec the annotator's description, of kind {@code SEGMENTER}
     * @param preparation turns an input into the network's image
     * @throws IllegalArgumentException if the description is not a segmenter's
     */
    public SegmenterTranslator(AnnotatorSpec spec, ImagePreparation<I> preparation) {
        super(spec, preparation);
        if (spec.kind() != AnnotatorSpec.Kind.SEGMENTER) {
            throw new IllegalArgumentException(
                    "the model is a " + spec.kind().label() + ", not a segmenter");
        }
        this.classes = spec.classNames();
    }

    /** {@inheritDoc} */
    @Override
    public CategoryMask processOutput(TranslatorContext ctx, NDList list) {
        int[] size = nextOriginalSize(ctx);
        NDArray logits = list.head();
        if (logits.getShape().dimension() != 3 || logits.getShape().get(0) != classes.size()) {
            throw new IllegalStateException(
                    "the network gave logits of shape "
                            + logits.getShape()
                            + " for "
                            + classes.size()
                            + " classes");
        }
        int h = (int) logits.getShape().get(1);
        int w = (int) logits.getShape().get(2);
        float[] probabilities = logits.softmax(0).toFloatArray();
        return classMap(probabilities, classes, h, w, size[0], size[1]);
    }

    /**
     * Returns the mask of per-pixel class probabilities at {@code outWidth x outHeight}: the most
     * probable class per pixel and its probability (after bilinear interpolation of the
     * probabilities when the sizes differ), and per class the mean probability over the network's
     * pixels of that class.
     *
     * @param probabilities {@code K * h * w} values, class-major
     * @param classes the K class names
     * @param h the network's output height
     * @param w the network's output width
     * @param outWidth the original image width
     * @param outHeight the original image height
     */
    static ScoredCategoryMask classMap(
            float[] probabilities,
            List<String> classes,
            int h,
            int w,
            int outWidth,
            int outHeight) {
        int k = classes.size();
        int plane = h * w;
        int[] best = new int[plane];
        float[] top = new float[plane];
        double[] sums = new double[k];
        long[] counts = new long[k];
        for (int p = 0; p < plane; p++) {
            int c = 0;
            float max = probabilities[p];
            for (int j = 1; j < k; j++) {
                float v = probabilities[j * plane + p];
                if (v > max) {
                    max = v;
                    c = j;
                }
            }
            best[p] = c;
            top[p] = max;
            sums[c] += max;
            counts[c]++;
        }
        double[] scores = new double[k];
        for (int c = 0; c < k; c++) {
            scores[c] = counts[c] == 0 ? 0 : sums[c] / counts[c];
        }
        int[][] mask = new int[outHeight][outWidth];
        float[][] confidence = new float[outHeight][outWidth];
        if (outWidth == w && outHeight == h) {
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < outWidth; x++) {
                    mask[y][x] = best[y * w + x];
                    confidence[y][x] = top[y * w + x];
                }
            }
        } else {
            // Another size: the probabilities are interpolated (bilinear, half-pixel centres, the
            // geometry of the resize that prepared the image), then each pixel takes its most
            // probable class, so boundaries follow the probabilities rather than the network's
            // pixel grid.
            Axis[] xs = axis(w, outWidth);
            Axis[] ys = axis(h, outHeight);
            for (int y = 0; y < outHeight; y++) {
                Axis ay = ys[y];
                for (int x = 0; x < outWidth; x++) {
                    Axis ax = xs[x];
                    int p00 = ay.low * w + ax.low;
                    int p01 = ay.low * w + ax.high;
                    int p10 = ay.high * w + ax.low;
                    int p11 = ay.high * w + ax.high;
                    float w00 = (1 - ay.fraction) * (1 - ax.fraction);
                    float w01 = (1 - ay.fraction) * ax.fraction;
                    float w10 = ay.fraction * (1 - ax.fraction);
                    float w11 = ay.fraction * ax.fraction;
                    int c = 0;
                    float max = -1;
                    for (int j = 0; j < k; j++) {
                        int o = j * plane;
                        float v =
                                w00 * probabilities[o + p00]
                                        + w01 * probabilities[o + p01]
                                        + w10 * probabilities[o + p10]
                                        + w11 * probabilities[o + p11];
                        if (v > max) {
                            max = v;
                            c = j;
                        }
                    }
                    mask[y][x] = c;
                    confidence[y][x] = max;
                }
            }
        }
        return new ScoredCategoryMask(classes, mask, scores, confidence);
    }

    /** One output position's two source neighbours along an axis and the weight of the second. */
    private record Axis(int low, int high, float fraction) {}

    /**
     * Returns, for each of {@code output} positions, the source pixels whose centres surround its
     * centre and where between them it lies (clamped at the edges).
     */
    private static Axis[] axis(int source, int output) {
        Axis[] axis = new Axis[output];
        double scale = (double) source / output;
        for (int i = 0; i < output; i++) {
            double centre = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), source - 1);
            int low = (int) Math.floor(centre);
            int high = Math.min(low + 1, source - 1);
            axis[i] = new Axis(low, high, (float) (centre - low));
        }
        return axis;
    }
}
