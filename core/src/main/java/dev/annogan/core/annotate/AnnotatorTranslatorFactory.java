package dev.annogan.core.annotate;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The DJL {@link TranslatorFactory} of AnnoGAN annotators: reads the model folder's {@code
 * annotator.json} and returns a {@link TaggerTranslator} (output {@link Classifications}) or a
 * {@link SegmenterTranslator} (output {@link CategoryMask}) for {@link Image} or {@link Path}
 * inputs. Exported model folders name it in their {@code serving.properties}, so {@code Criteria}
 * finds it without being told; it can also be passed with {@code optTranslatorFactory}.
 *
 * <pre>{@code
 * Criteria<Image, CategoryMask> criteria = Criteria.builder()
 *         .setTypes(Image.class, CategoryMask.class)
 *         .optModelPath(Path.of("runs/segmenter/model"))
 *         .optTranslatorFactory(new AnnotatorTranslatorFactory())
 *         .build();
 * }</pre>
 */
public class AnnotatorTranslatorFactory implements TranslatorFactory {

    private static final Set<Pair<Type, Type>> SUPPORTED =
            Set.of(
                    new Pair<>(Image.class, Classifications.class),
                    new Pair<>(Image.class, CategoryMask.class),
                    new Pair<>(Path.class, Classifications.class),
                    new Pair<>(Path.class, CategoryMask.class));

    /** Creates the factory; DJL calls this when {@code serving.properties} names the class. */
    public AnnotatorTranslatorFactory() {}

    /** {@inheritDoc} */
    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return SUPPORTED;
    }

    /** {@inheritDoc} */
    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(
            Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
            throws TranslateException {
        if (!isSupported(input, output)) {
            throw new TranslateException(
                    "an AnnoGAN annotator translates Image or Path to Classifications or"
                            + " CategoryMask, not "
                            + input.getSimpleName()
                            + " to "
                            + output.getSimpleName());
        }
        AnnotatorSpec spec;
        try {
            spec = AnnotatorSpec.read(model.getModelPath());
        } catch (IOException e) {
            throw new TranslateException(e.getMessage(), e);
        }
        ResizeNormalize resize = new ResizeNormalize(spec);
        ImagePreparation<?> preparation =
                input == Image.class
                        ? resize
                        : (ImagePreparation<Path>)
                                (manager, path) ->
                                        resize.prepare(
                                                manager, ImageFactory.getInstance().fromFile(path));
        try {
            return (Translator<I, O>)
                    (output == Classifications.class
                            ? new TaggerTranslator<>(spec, preparation)
                            : new SegmenterTranslator<>(spec, preparation));
        } catch (IllegalArgumentException e) {
            throw new TranslateException(
                    model.getModelPath() + ": " + e.getMessage() + "; ask for " + expected(spec),
                    e);
        }
    }

    private static String expected(AnnotatorSpec spec) {
        return spec.kind() == AnnotatorSpec.Kind.TAGGER ? "Classifications" : "CategoryMask";
    }
}
