package dev.annogan.core.annotate;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates images to the tags a trained tagging generator gives them: DJL {@link Classifications}
 * with one independent probability (the sigmoid of G's logit, noise at its mode z = 0) per
 * category, in the annotator's category order. The probabilities do not sum to one; a tag counts
 * when its probability exceeds the annotator's threshold.
 *
 * <pre>{@code
 * try (ZooModel<Image, Classifications> model = Criteria.builder()
 *         .setTypes(Image.class, Classifications.class)
 *         .optModelPath(Path.of("runs/tagger/model"))
 *         .build().loadModel();
 *         Predictor<Image, Classifications> predictor = model.newPredictor()) {
 *     Classifications tags = predictor.predict(image);
 * }
 * }</pre>
 *
 * @param <I> the input type
 */
public class TaggerTranslator<I> extends ImageAnnotatorTranslator<I, Classifications> {

    private final List<String> names;

    /**
     * Creates the translator of a tagger.
     *
     * @param spec the annotator's description, of kind {@code TAGGER}
     * @param preparation turns an input into the network's image
     * @throws IllegalArgumentException if the description is not a tagger's
     */
    public TaggerTranslator(AnnotatorSpec spec, ImagePreparation<I> preparation) {
        super(spec, preparation);
        if (spec.kind() != AnnotatorSpec.Kind.TAGGER) {
            throw new IllegalArgumentException(
                    "the model is a " + spec.kind().label() + ", not a tagger");
        }
        this.names = spec.classNames();
    }

    /** {@inheritDoc} */
    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        nextOriginalSize(ctx);
        float[] logits = list.head().toFloatArray();
        if (logits.length != names.size()) {
            throw new IllegalStateException(
                    "the network gave " + logits.length + " scores for " + names.size() + " tags");
        }
        List<Double> probabilities = new ArrayList<>(logits.length);
        for (float logit : logits) {
            probabilities.add(sigmoid(logit));
        }
        Classifications tags = new Classifications(names, probabilities);
        tags.setTopK(names.size());
        return tags;
    }

    /** Returns the logistic function of a logit, without overflow at either end. */
    static double sigmoid(double logit) {
        return logit >= 0 ? 1 / (1 + Math.exp(-logit)) : Math.exp(logit) / (1 + Math.exp(logit));
    }
}
