package dev.annogan.examples.labelgan;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.annogan.core.io.AtomicDirectory;
import dev.annogan.core.labelgan.LabelSetGenerator;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.objective.LabelSetObjective.FakeSets;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A trained label-set generator on disk: {@code generator.params} (EMA weights if the run kept
 * them) and {@code model.json} (label names, noise length, how probabilities become sets). Written
 * to a temporary folder and renamed, so a half-written model never replaces a good one.
 */
public final class LabelGanModel implements AutoCloseable {

    private final Model model;
    private final List<String> names;
    private final int noiseDim;
    private final FakeSets fakeSets;

    private LabelGanModel(Model model, List<String> names, int noiseDim, FakeSets fakeSets) {
        this.model = model;
        this.names = names;
        this.noiseDim = noiseDim;
        this.fakeSets = fakeSets;
    }

    /**
     * Saves the trainer's generator (EMA weights if configured) with its label names and the way it
     * was trained to turn probabilities into sets, which sampling must repeat.
     */
    public static void save(
            Path dir, GanTrainer gan, List<String> names, int noiseDim, FakeSets fakeSets)
            throws IOException {
        AtomicDirectory.write(dir, tmp -> writeModel(tmp, gan, names, noiseDim, fakeSets));
    }

    private static void writeModel(
            Path tmp, GanTrainer gan, List<String> names, int noiseDim, FakeSets fakeSets)
            throws IOException {
        gan.withInferenceWeights(
                () -> {
                    try (OutputStream out =
                            Files.newOutputStream(tmp.resolve("generator.params"))) {
                        gan.generatorModel().getBlock().saveParameters(new DataOutputStream(out));
                    }
                    return null;
                });
        JsonObject json = new JsonObject();
        json.addProperty("application", "label-gan");
        json.addProperty("noiseDim", noiseDim);
        json.addProperty("fakeSets", fakeSets.name().toLowerCase(Locale.ROOT));
        JsonArray labels = new JsonArray();
        names.forEach(labels::add);
        json.add("labels", labels);
        Files.writeString(tmp.resolve("model.json"), json.toString(), StandardCharsets.UTF_8);
    }

    /**
     * Loads a model folder written by {@link #save}.
     *
     * @throws NoSuchFileException if the folder or one of its files is missing
     */
    public static LabelGanModel load(Path dir) throws IOException {
        Path json = dir.resolve("model.json");
        Path params = dir.resolve("generator.params");
        for (Path file : List.of(json, params)) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(
                        file.toString(), null, "not a label-gan model folder (missing file)");
            }
        }
        JsonObject meta;
        try {
            meta = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(json + ": not a valid model description: " + e.getMessage());
        }
        if (!meta.has("labels") || !meta.has("noiseDim")) {
            throw new IOException(json + ": missing 'labels' or 'noiseDim'");
        }
        List<String> names = new ArrayList<>();
        meta.getAsJsonArray("labels").forEach(e -> names.add(e.getAsString()));
        int noiseDim = meta.get("noiseDim").getAsInt();
        FakeSets fakeSets;
        try {
            fakeSets =
                    meta.has("fakeSets")
                            ? FakeSets.valueOf(
                                    meta.get("fakeSets").getAsString().toUpperCase(Locale.ROOT))
                            : FakeSets.PROBABILITIES;
        } catch (IllegalArgumentException e) {
            throw new IOException(json + ": unknown 'fakeSets' " + meta.get("fakeSets"));
        }
        Model model = Model.newInstance("label-gan");
        model.setBlock(
                LabelSetGenerator.builder()
                        .setNumLabels(names.size())
                        .optNoiseDim(noiseDim)
                        .build());
        model.getBlock()
                .initialize(
                        model.getNDManager(),
                        ai.djl.ndarray.types.DataType.FLOAT32,
                        new Shape(1, noiseDim));
        try (InputStream in = Files.newInputStream(params)) {
            model.getBlock().loadParameters(model.getNDManager(), new DataInputStream(in));
        } catch (MalformedModelException | IOException e) {
            model.close();
            throw new IOException(params + ": cannot load the generator: " + e.getMessage(), e);
        }
        return new LabelGanModel(model, List.copyOf(names), noiseDim, fakeSets);
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
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray noise = manager.create(z, new Shape(n, noiseDim));
            float[] p =
                    model.getBlock()
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
        model.close();
    }
}
