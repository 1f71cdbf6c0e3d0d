package dev.annogan.examples.labelgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.core.model.ModelSpec;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.objective.LabelSetObjective.FakeSets;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A trained label-set generator on disk: a {@link ModelFolder} of application {@code "label-gan"}
 * whose {@code model.json} holds G's Block ({@code label-set-generator}), its noise input, and as
 * details the label names and how probabilities become sets. G's inference weights (its EMA if the
 * run kept one) are written; the folder is replaced atomically, so a half-written model never
 * replaces a good one.
 */
public final class LabelGanModel implements AutoCloseable {

    /** The application name in {@code model.json}. */
    public static final String APPLICATION = "label-gan";

    private final ModelFolder.LoadedModel loaded;
    private final List<String> names;
    private final int noiseDim;
    private final FakeSets fakeSets;

    private LabelGanModel(
            ModelFolder.LoadedModel loaded, List<String> names, int noiseDim, FakeSets fakeSets) {
        this.loaded = loaded;
        this.names = names;
        this.noiseDim = noiseDim;
        this.fakeSets = fakeSets;
    }

    /**
     * Returns the architecture of the label-set generator: what training builds and what loading
     * rebuilds.
     *
     * @param numLabels the number of labels
     * @param noiseDim the length of the noise input
     * @return the spec
     */
    public static BlockSpec generatorSpec(int numLabels, int noiseDim) {
        return BlockSpec.of("label-set-generator")
                .with("numLabels", numLabels)
                .with("noiseDim", noiseDim);
    }

    /**
     * Saves the trainer's generator (EMA weights if configured) with its label names and the way it
     * was trained to turn probabilities into sets, which sampling must repeat.
     *
     * @param dir the model folder to create or replace
     * @param gan the trainer
     * @param names the label names in index order
     * @param noiseDim the length of G's noise input
     * @param fakeSets how G's probabilities became sets in training
     * @throws IOException if the spec does not rebuild G, or writing fails
     */
    public static void save(
            Path dir, GanTrainer gan, List<String> names, int noiseDim, FakeSets fakeSets)
            throws IOException {
        JsonObject details = new JsonObject();
        JsonArray labels = new JsonArray();
        names.forEach(labels::add);
        details.add("labels", labels);
        details.addProperty("fakeSets", fakeSets.name().toLowerCase(Locale.ROOT));
        ModelSpec spec =
                new ModelSpec(
                        APPLICATION,
                        generatorSpec(names.size(), noiseDim),
                        List.of(ModelSpec.Input.floats(1, noiseDim)),
                        details);
        gan.withInferenceWeights(
                () -> {
                    ModelFolder.save(dir, gan.generatorModel().getBlock(), spec, null);
                    return null;
                });
    }

    /**
     * Loads a model folder written by {@link #save}.
     *
     * @param dir the model folder
     * @return the model; the caller closes it
     * @throws NoSuchFileException if the folder is not a model folder
     * @throws IOException naming the file and field when it is not a label-set generator, or saying
     *     what to re-export when an earlier AnnoGAN wrote it
     */
    public static LabelGanModel load(Path dir) throws IOException {
        ModelFolder.LoadedModel loaded = ModelFolder.load(dir, APPLICATION);
        try {
            ModelSpec spec = loaded.spec();
            Path file = dir.resolve(ModelFolder.SPEC_FILE);
            JsonObject details = spec.details();
            if (!details.has("labels") || !details.get("labels").isJsonArray()) {
                throw new IOException(file + ": details.labels is missing");
            }
            List<String> names = new ArrayList<>();
            details.getAsJsonArray("labels").forEach(e -> names.add(e.getAsString()));
            Shape noise = spec.inputShapes()[0];
            Object numLabels = spec.block().settings().get("numLabels");
            if (!(numLabels instanceof Number n) || n.intValue() != names.size()) {
                throw new IOException(
                        file
                                + ": details.labels names "
                                + names.size()
                                + " labels, the generator has "
                                + numLabels);
            }
            FakeSets fakeSets;
            String name = details.has("fakeSets") ? details.get("fakeSets").getAsString() : "";
            try {
                fakeSets = FakeSets.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IOException(
                        file
                                + ": details.fakeSets must be probabilities or sampled, got '"
                                + name
                                + "'");
            }
            return new LabelGanModel(
                    loaded, List.copyOf(names), (int) noise.get(noise.dimension() - 1), fakeSets);
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** Returns the label names, in index order. */
    public List<String> names() {
        return names;
    }

    /**
     * Samples {@code n} label sets with a seed, turning G's probabilities into sets the way the
     * model was trained to: a Bernoulli draw, or a threshold at 0.5.
     */
    public List<List<String>> sample(int n, long seed) {
        Random random = new Random(seed);
        float[] z = new float[n * noiseDim];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        try (NDManager manager = loaded.model().getNDManager().newSubManager()) {
            NDArray noise = manager.create(z, new Shape(n, noiseDim));
            float[] p =
                    loaded.block()
                            .forward(new ParameterStore(manager, false), new NDList(noise), false)
                            .head()
                            .toFloatArray();
            List<List<String>> sets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<String> set = new ArrayList<>();
                for (int k = 0; k < names.size(); k++) {
                    float probability = p[i * names.size() + k];
                    boolean present =
                            fakeSets == FakeSets.SAMPLED
                                    ? random.nextDouble() < probability
                                    : probability > 0.5f;
                    if (present) {
                        set.add(names.get(k));
                    }
                }
                sets.add(set);
            }
            return sets;
        }
    }

    @Override
    public void close() {
        loaded.close();
    }
}
