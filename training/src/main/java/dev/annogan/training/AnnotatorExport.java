package dev.annogan.training;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.annogan.core.annotate.AnnotatorBlockFactory;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.annotate.AnnotatorTranslatorFactory;
import dev.annogan.core.io.AtomicDirectory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Exports a trained generator as a DJL model folder that {@code Criteria} loads without AnnoGAN's
 * training code: {@code annotator-0000.params} (DJL's parameter format, engine-neutral), {@code
 * annotator.json} (an {@link AnnotatorSpec}: what it predicts, how to rebuild the Block,
 * categories, input size, normalisation) and {@code serving.properties} (which names AnnoGAN's
 * block and translator factories, so {@code Criteria} needs only the path).
 *
 * <p>The Block is rebuilt from the description and must answer a probe batch exactly as the trained
 * one does before anything is written, so a description that misses a setting (a layer width, batch
 * norm) fails here rather than in the user's hands. The folder is written through {@link
 * AtomicDirectory}: a crash leaves the old model or the new one, never half of one.
 *
 * <pre>{@code
 * AnnotatorExport.save(runDir.resolve("model"), gan, spec); // G's inference (EMA) weights
 * }</pre>
 */
public final class AnnotatorExport {

    /** The model name, the prefix of the parameter file. */
    public static final String MODEL_NAME = "annotator";

    /** The file through which DJL's {@code Criteria} finds the factories. */
    public static final String SERVING_PROPERTIES = "serving.properties";

    private static final long PROBE_SEED = 20240611L;

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
        try (Model model = Model.newInstance(MODEL_NAME)) {
            Block block = AnnotatorBlockFactory.newBlock(model, spec);
            model.setBlock(block);
            copyParameters(trained, block, model.getNDManager());
            checkSameAnswers(trained, block, spec, model.getNDManager());
            AtomicDirectory.write(
                    folder,
                    dir -> {
                        model.save(dir, MODEL_NAME);
                        spec.write(dir);
                        Files.writeString(
                                dir.resolve(SERVING_PROPERTIES),
                                servingProperties(),
                                StandardCharsets.UTF_8);
                    });
        }
    }

    /** Returns the {@code serving.properties} DJL reads when it loads the folder. */
    static String servingProperties() {
        return "# An AnnoGAN annotator; DJL's Criteria reads this file (see README).\n"
                + "translatorFactory="
                + AnnotatorTranslatorFactory.class.getName()
                + "\nblockFactory="
                + AnnotatorBlockFactory.class.getName()
                + "\noption.modelName="
                + MODEL_NAME
                + "\n";
    }

    /**
     * Copies parameters and buffers (batch-norm statistics) through DJL's own format, after
     * checking that the rebuilt Block has the trained one's parameters: loading alone would not
     * tell, since it replaces every array with the stored one whatever its shape.
     */
    private static void copyParameters(Block from, Block to, NDManager manager) throws IOException {
        List<String> names = ParameterValues.namesOf(to);
        if (!names.equals(ParameterValues.namesOf(from))) {
            throw mismatch(
                    "it has parameters "
                            + names
                            + ", the trained one "
                            + ParameterValues.namesOf(from),
                    null);
        }
        List<NDArray> want = ParameterValues.arraysOf(from);
        List<NDArray> got = ParameterValues.arraysOf(to);
        for (int i = 0; i < want.size(); i++) {
            if (!want.get(i).getShape().equals(got.get(i).getShape())) {
                throw mismatch(
                        names.get(i)
                                + " has shape "
                                + got.get(i).getShape()
                                + ", the trained one "
                                + want.get(i).getShape(),
                        null);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            from.saveParameters(out);
        }
        try (DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            to.loadParameters(manager, in);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            throw mismatch("its parameters do not load: " + e.getMessage(), e);
        }
    }

    /** Runs both networks on the same seeded images; the rebuilt one must answer identically. */
    private static void checkSameAnswers(
            Block trained, Block rebuilt, AnnotatorSpec spec, NDManager parent) throws IOException {
        try (NDManager manager = parent.newSubManager()) {
            Shape shape = new Shape(2, 3, spec.inputHeight(), spec.inputWidth());
            float[] values = new float[(int) shape.size()];
            Random random = new Random(PROBE_SEED);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            NDArray images = manager.create(values, shape);
            ParameterStore store = new ParameterStore(manager, false);
            float[] want = trained.forward(store, new NDList(images), false).head().toFloatArray();
            float[] got = rebuilt.forward(store, new NDList(images), false).head().toFloatArray();
            if (want.length != got.length) {
                throw mismatch(got.length + " outputs per probe instead of " + want.length, null);
            }
            for (int i = 0; i < want.length; i++) {
                if (Math.abs(want[i] - got[i]) > 1e-5f * (1 + Math.abs(want[i]))) {
                    throw mismatch(
                            "output " + i + " is " + got[i] + ", the trained one " + want[i], null);
                }
            }
        }
    }

    private static IOException mismatch(String problem, Throwable cause) {
        return new IOException(
                "the exported description does not rebuild the trained generator: " + problem,
                cause);
    }
}
