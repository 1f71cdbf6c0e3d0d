package dev.annogan.core.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import dev.annogan.core.io.AtomicDirectory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The one folder format of every network AnnoGAN saves (annotators, the label-set generator, the
 * cGAN's generator, the Fréchet classifier): {@code model.json} (a {@link ModelSpec}), {@code
 * model-0000.params} (DJL's parameter format, engine-neutral) and {@code serving.properties}, which
 * names {@link ModelBlockFactory} (and, for annotators, their translator factory) so that DJL's
 * {@code Criteria} loads the folder from its path alone.
 *
 * <p>{@link #save} rebuilds the Block from the spec and checks that it answers a probe batch
 * exactly as the trained one before anything is written, so a spec that misses a setting fails at
 * export rather than in the user's hands; the folder is written through {@link AtomicDirectory}, so
 * a crash leaves the old model or the new one, never half of one.
 *
 * <pre>{@code
 * ModelFolder.save(dir, trainedBlock, spec, null);
 * try (Model model = ModelFolder.load(dir, "label-gan")) { ... }
 * }</pre>
 */
public final class ModelFolder {

    /** The file of the {@link ModelSpec}. */
    public static final String SPEC_FILE = "model.json";

    /** The model name: the prefix of the parameter file ({@code model-0000.params}). */
    public static final String MODEL_NAME = "model";

    /** The file through which DJL's {@code Criteria} finds the factories. */
    public static final String SERVING_PROPERTIES = "serving.properties";

    private static final long PROBE_SEED = 20240611L;

    private ModelFolder() {}

    /**
     * Writes a trained Block as a model folder, replacing what {@code folder} held.
     *
     * @param folder the model folder to create or replace
     * @param trained the trained Block, initialised
     * @param spec what rebuilds it
     * @param translator the translator factory {@code Criteria} should use, or null for none
     * @throws IOException if the spec does not rebuild the trained Block, or writing fails
     */
    public static void save(
            Path folder,
            Block trained,
            ModelSpec spec,
            Class<? extends TranslatorFactory> translator)
            throws IOException {
        try (Model model = Model.newInstance(MODEL_NAME)) {
            Block block = newBlock(model.getNDManager(), spec);
            model.setBlock(block);
            copyParameters(trained, block, model.getNDManager());
            checkSameAnswers(trained, block, spec, model.getNDManager());
            AtomicDirectory.write(
                    folder,
                    dir -> {
                        model.save(dir, MODEL_NAME);
                        Files.writeString(
                                dir.resolve(SPEC_FILE), spec.toJson(), StandardCharsets.UTF_8);
                        Files.writeString(
                                dir.resolve(SERVING_PROPERTIES),
                                servingProperties(translator),
                                StandardCharsets.UTF_8);
                    });
        }
    }

    /**
     * Reads the {@code model.json} of a model folder.
     *
     * @param folder the model folder
     * @return the spec
     * @throws NoSuchFileException if the folder is not a model folder
     * @throws IOException naming the file and field when the spec is invalid, or saying what to
     *     re-export when the folder was written by an earlier AnnoGAN
     */
    public static ModelSpec readSpec(Path folder) throws IOException {
        Path file = folder.resolve(SPEC_FILE);
        if (!Files.isRegularFile(file)) {
            String legacy = legacyFile(folder);
            if (legacy != null) {
                throw new IOException(
                        folder
                                + " was written by an AnnoGAN from before the common model format"
                                + " (it has "
                                + legacy
                                + " but no "
                                + SPEC_FILE
                                + "); train or export it again with this version");
            }
            throw new NoSuchFileException(
                    file.toString(), null, "not an AnnoGAN model folder (no " + SPEC_FILE + ")");
        }
        try {
            return ModelSpec.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException
                | IllegalStateException
                | UnsupportedOperationException e) {
            String legacy = legacyFile(folder);
            throw new IOException(
                    file
                            + ": "
                            + e.getMessage()
                            + (legacy == null
                                    ? ""
                                    : " (the folder has "
                                            + legacy
                                            + "; train or export it again with this version)"),
                    e);
        }
    }

    /**
     * Loads a model folder of the given application.
     *
     * @param folder the model folder
     * @param application the application it must belong to, e.g. {@code "label-gan"}
     * @return the model with its Block and trained parameters; the caller closes it
     * @throws IOException if the folder is missing, of another application, or does not load
     */
    public static LoadedModel load(Path folder, String application) throws IOException {
        ModelSpec spec = readSpec(folder);
        if (!spec.application().equals(application)) {
            throw new IOException(
                    folder
                            + " holds a "
                            + spec.application()
                            + " model, not a "
                            + application
                            + " model");
        }
        Model model = Model.newInstance(MODEL_NAME);
        try {
            model.setBlock(newBlock(model.getNDManager(), spec));
            model.load(folder, MODEL_NAME);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException(folder + ": cannot load its parameters: " + e.getMessage(), e);
        }
        return new LoadedModel(model, spec);
    }

    /**
     * A loaded model folder.
     *
     * @param model the DJL model holding the Block and its parameters
     * @param spec its {@code model.json}
     */
    public record LoadedModel(Model model, ModelSpec spec) implements AutoCloseable {

        /** Returns the trained Block. */
        public Block block() {
            return model.getBlock();
        }

        /** Closes the model and frees its arrays. */
        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * Builds and initialises the untrained Block a spec describes.
     *
     * @param manager the manager of its parameters
     * @param spec the spec
     * @return the Block
     * @throws IOException naming the spec's problem if it builds no Block for its inputs
     */
    public static Block newBlock(NDManager manager, ModelSpec spec) throws IOException {
        try {
            Block block = BlockBuilders.build(spec.block());
            block.initialize(manager, DataType.FLOAT32, spec.inputShapes());
            return block;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(SPEC_FILE + ": block: " + e.getMessage(), e);
        }
    }

    /** Returns the {@code serving.properties} DJL reads when it loads the folder. */
    static String servingProperties(Class<? extends TranslatorFactory> translator) {
        return "# An AnnoGAN model folder; DJL's Criteria reads this file (see README).\n"
                + (translator == null ? "" : "translatorFactory=" + translator.getName() + "\n")
                + "blockFactory="
                + ModelBlockFactory.class.getName()
                + "\noption.modelName="
                + MODEL_NAME
                + "\n";
    }

    /** Returns the file that marks a folder written before this format, or null. */
    private static String legacyFile(Path folder) {
        for (String name :
                List.of("annotator.json", "generator.params", "classifier.params", "cgan.json")) {
            if (Files.exists(folder.resolve(name))) {
                return name;
            }
        }
        return null;
    }

    /**
     * Copies parameters and buffers (batch-norm statistics) through DJL's own format, after
     * checking that the rebuilt Block has the trained one's parameters: loading alone would not
     * tell, since it replaces every array with the stored one whatever its shape.
     */
    private static void copyParameters(Block from, Block to, NDManager manager) throws IOException {
        List<Pair<String, Parameter>> want = new ArrayList<>();
        from.getParameters().forEach(want::add);
        List<Pair<String, Parameter>> got = new ArrayList<>();
        to.getParameters().forEach(got::add);
        List<String> wantNames = names(want);
        List<String> gotNames = names(got);
        if (!wantNames.equals(gotNames)) {
            throw mismatch(
                    "it has parameters " + gotNames + ", the trained one " + wantNames, null);
        }
        for (int i = 0; i < want.size(); i++) {
            Shape w = want.get(i).getValue().getArray().getShape();
            Shape g = got.get(i).getValue().getArray().getShape();
            if (!w.equals(g)) {
                throw mismatch(
                        wantNames.get(i) + " has shape " + g + ", the trained one " + w, null);
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

    private static List<String> names(List<Pair<String, Parameter>> parameters) {
        List<String> names = new ArrayList<>();
        parameters.forEach(p -> names.add(p.getKey()));
        return names;
    }

    /**
     * Runs both networks on the same seeded inputs (Gaussian values, class id 0 for integer
     * inputs); the rebuilt one must answer identically.
     */
    private static void checkSameAnswers(
            Block trained, Block rebuilt, ModelSpec spec, NDManager parent) throws IOException {
        try (NDManager manager = parent.newSubManager()) {
            Random random = new Random(PROBE_SEED);
            NDList inputs = new NDList();
            for (ModelSpec.Input input : spec.inputs()) {
                Shape shape = input.shape();
                Shape probe = new Shape(2).addAll(shape.slice(1));
                if (input.dataType() == DataType.FLOAT32) {
                    float[] values = new float[(int) probe.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) random.nextGaussian();
                    }
                    inputs.add(manager.create(values, probe));
                } else {
                    inputs.add(manager.zeros(probe, input.dataType()));
                }
            }
            ParameterStore store = new ParameterStore(manager, false);
            float[] want = outputs(trained.forward(store, inputs, false));
            float[] got = outputs(rebuilt.forward(store, inputs, false));
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

    private static float[] outputs(NDList list) {
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (NDArray array : list) {
            float[] values = array.toType(DataType.FLOAT32, false).toFloatArray();
            parts.add(values);
            total += values.length;
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static IOException mismatch(String problem, Throwable cause) {
        return new IOException(
                "the model spec does not rebuild the trained network: " + problem, cause);
    }
}
