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
 * <p>Each pixel takes the class with the highest logit at the network's resolution; the map is then
 * scaled to the original size by nearest neighbour with the half-pixel geometry of the resize that
 * prepared the image, so class boundaries stay where the image's edges were.
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
     * Returns the mask of per-pixel class probabilities: the most probable class per pixel and its
     * probability, scaled to {@code outWidth x outHeight}, and per class the mean probability over
     * its pixels.
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
        int[] xs = nearest(w, outWidth);
        int[] ys = nearest(h, outHeight);
        int[][] mask = new int[outHeight][outWidth];
        float[][] confidence = new float[outHeight][outWidth];
        for (int y = 0; y < outHeight; y++) {
            int row = ys[y] * w;
            for (int x = 0; x < outWidth; x++) {
                mask[y][x] = best[row + xs[x]];
                confidence[y][x] = top[row + xs[x]];
            }
        }
        return new ScoredCategoryMask(classes, mask, scores, confidence);
    }

    /** Returns for each output position the source index whose pixel holds its centre. */
    private static int[] nearest(int source, int output) {
        int[] index = new int[output];
        for (int i = 0; i < output; i++) {
            index[i] = (int) ((2L * i + 1) * source / (2L * output));
        }
        return index;
    }
}
