package dev.annogan.training;

import ai.djl.nn.Block;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.annotate.AnnotatorTranslatorFactory;
import dev.annogan.core.model.ModelFolder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Exports a trained generator as an annotator: a {@link ModelFolder} whose {@code model.json} holds
 * the {@link AnnotatorSpec} (what it predicts, how to rebuild the Block, categories, input size,
 * normalisation) and whose {@code serving.properties} also names {@link
 * AnnotatorTranslatorFactory}, so DJL's {@code Criteria} loads it from its path alone, without
 * AnnoGAN's training code.
 *
 * <pre>{@code
 * AnnotatorExport.save(runDir.resolve("model"), gan, spec); // G's inference (EMA) weights
 * }</pre>
 */
public final class AnnotatorExport {

    private AnnotatorExport() {}

    /**
     * Exports the trainer's generator with the weights validation uses (its EMA if kept).
     *
     * @param folder the model folder to create or replace
     * @param gan the trainer
     * @param spec the description of the generator and its inputs
     * @throws IOException if the description does not rebuild the trained generator, or writing
     *     fails
     */
    public static void save(Path folder, GanTrainer gan, AnnotatorSpec spec) throws IOException {
        gan.withInferenceWeights(
                () -> {
                    save(folder, gan.generatorModel().getBlock(), spec);
                    return null;
                });
    }

    /**
     * Exports a trained generator Block.
     *
     * @param folder the model folder to create or replace
     * @param trained the trained generator, initialised
     * @param spec the description of the generator and its inputs
     * @throws IOException if the description does not rebuild the trained generator, or writing
     *     fails
     */
    public static void save(Path folder, Block trained, AnnotatorSpec spec) throws IOException {
        ModelFolder.save(folder, trained, spec.toModelSpec(), AnnotatorTranslatorFactory.class);
    }
}
