package dev.annogan.examples.cgan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Dataset;
import com.google.gson.JsonObject;
import dev.annogan.core.classifier.KPlusOneDiscriminator;
import dev.annogan.core.model.BlockBuilders;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.core.model.ModelSpec;
import dev.annogan.datasets.mnist.FashionMnist;
import dev.annogan.training.FitLoop;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.SupervisedStep;
import dev.annogan.training.TrainingStep;
import dev.annogan.training.listener.ConsoleProgress;
import dev.annogan.training.objective.ClassifierAccuracy;
import dev.annogan.training.objective.SupervisedClassifierObjective;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The fixed Fashion-MNIST classifier whose penultimate features the Fréchet distance of generated
 * images is measured in (the role Inception plays for FID on photographs). It is the K+1
 * discriminator's network trained on every labelled training image with cross-entropy, trained once
 * and kept as a {@link ModelFolder} of application {@code "fid-classifier"} (its test accuracy in
 * the details), so every run of every generator is measured with the same features.
 */
public final class FidClassifier implements AutoCloseable {

    /** The application name in {@code model.json}. */
    public static final String APPLICATION = "fid-classifier";

    private static final int WIDTH = 32;
    private static final int EPOCHS = 2;

    private final ModelFolder.LoadedModel loaded;

    private FidClassifier(ModelFolder.LoadedModel loaded) {
        this.loaded = loaded;
    }

    /**
     * Returns the spec of the kept classifier: the K+1 discriminator's network for Fashion-MNIST.
     *
     * @param testAccuracy its accuracy on the test images, recorded in the details
     * @return the spec its model folder holds
     */
    public static ModelSpec modelSpec(double testAccuracy) {
        JsonObject details = new JsonObject();
        details.addProperty("testAccuracy", testAccuracy);
        return new ModelSpec(
                APPLICATION,
                BlockSpec.of("k-plus-one-discriminator")
                        .with("numClasses", FashionMnist.CLASS_NAMES.size())
                        .with(
                                "inputShape",
                                List.of(1, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE))
                        .with("width", WIDTH),
                List.of(
                        ModelSpec.Input.floats(
                                1, 1, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE)),
                details);
    }

    /**
     * Loads the classifier kept in {@code dir}, or trains it on the Fashion-MNIST training images
     * in {@code data} (with a progress bar and its test accuracy) and keeps it there first.
     *
     * @throws IOException if {@code dir} holds something else, such as a classifier written before
     *     the common model format
     */
    public static FidClassifier loadOrTrain(Path dir, Path data, PrintStream out) throws Exception {
        if (!Files.exists(dir.resolve(ModelFolder.SPEC_FILE))) {
            if (Files.exists(dir.resolve("classifier.params"))) {
                throw new IOException(
                        dir
                                + " holds a feature classifier from before the common model format"
                                + " (classifier.params); delete the folder and it is trained again"
                                + " (the same weights: its seed is fixed)");
            }
            train(dir, data, out);
        }
        return new FidClassifier(ModelFolder.load(dir, APPLICATION));
    }

    private static void train(Path dir, Path data, PrintStream out) throws Exception {
        out.printf(
                "training the feature classifier for the Fréchet distance on %s (once; kept in"
                        + " %s)%n",
                data, dir);
        FashionMnist train = dataset(data, Dataset.Usage.TRAIN);
        FashionMnist test = dataset(data, Dataset.Usage.TEST);
        KPlusOneDiscriminator network =
                (KPlusOneDiscriminator) BlockBuilders.build(modelSpec(0).block());
        GanConfig config =
                GanConfig.builder()
                        .optBatchSize(100)
                        .optLearningRates(1e-3f, 1e-3f)
                        .optBetas(0.9f, 0.999f)
                        .optEmaDecay(0)
                        .optSeed(1)
                        .build();
        try (GanTrainer gan =
                GanTrainer.builder()
                        .setGenerator(network)
                        .setDiscriminator(SupervisedStep.noDiscriminator())
                        .setObjective(new SupervisedClassifierObjective())
                        .optConfig(config)
                        .addListener(new ConsoleProgress(out))
                        .build()) {
            Engine.getInstance().setRandomSeed(1);
            gan.initialize(
                    new Shape[] {network.getInputShape(100)},
                    SupervisedStep.noDiscriminatorShapes());
            FitLoop.fit(gan, TrainingStep.supervised(), EPOCHS, train, null);
            double accuracy = FitLoop.evaluateDataset(gan, test).get(ClassifierAccuracy.KEY);
            out.printf("feature classifier: test accuracy %.4f%n", accuracy);
            ModelFolder.save(dir, network, modelSpec(accuracy), null);
        }
    }

    private static FashionMnist dataset(Path root, Dataset.Usage usage) throws IOException {
        FashionMnist dataset =
                FashionMnist.builder()
                        .optUsage(usage)
                        .optRoot(root)
                        .setSampling(100, false)
                        .build();
        dataset.prepare(null);
        return dataset;
    }

    /**
     * Returns the classifier as a function from images {@code (N, 1, 28, 28)} in {@code [-1, 1]} to
     * {@code NDList(classLogits, features)}, run in inference mode.
     */
    public Function<NDArray, NDList> asFunction() {
        return images ->
                loaded.block()
                        .forward(
                                new ParameterStore(loaded.model().getNDManager(), false),
                                new NDList(images),
                                false);
    }

    @Override
    public void close() {
        loaded.close();
    }
}
