package dev.annogan.examples.cgan;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Dataset;
import dev.annogan.core.classifier.KPlusOneDiscriminator;
import dev.annogan.core.io.AtomicFile;
import dev.annogan.datasets.mnist.FashionMnist;
import dev.annogan.training.FitLoop;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.SupervisedStep;
import dev.annogan.training.TrainingStep;
import dev.annogan.training.listener.ConsoleProgress;
import dev.annogan.training.objective.ClassifierAccuracy;
import dev.annogan.training.objective.SupervisedClassifierObjective;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The fixed Fashion-MNIST classifier whose penultimate features the Fréchet distance of generated
 * images is measured in (the role Inception plays for FID on photographs). It is the K+1
 * discriminator's network trained on every labelled training image with cross-entropy, trained once
 * and kept in a folder ({@code classifier.params}, written atomically), so every run of every
 * generator is measured with the same features.
 */
public final class FidClassifier implements AutoCloseable {

    /** The file the weights are kept in. */
    public static final String PARAMS = "classifier.params";

    private static final int WIDTH = 32;
    private static final int EPOCHS = 2;

    private final NDManager manager;
    private final KPlusOneDiscriminator network;

    private FidClassifier(NDManager manager, KPlusOneDiscriminator network) {
        this.manager = manager;
        this.network = network;
    }

    private static KPlusOneDiscriminator architecture() {
        return KPlusOneDiscriminator.builder()
                .setNumClasses(FashionMnist.CLASS_NAMES.size())
                .setInputShape(1, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE)
                .optWidth(WIDTH)
                .build();
    }

    /**
     * Loads the classifier kept in {@code dir}, or trains it on the Fashion-MNIST training images
     * in {@code data} (with a progress bar and its test accuracy) and keeps it there first.
     */
    public static FidClassifier loadOrTrain(Path dir, Path data, PrintStream out) throws Exception {
        Path params = dir.resolve(PARAMS);
        if (!Files.isRegularFile(params)) {
            train(params, data, out);
        }
        NDManager manager = NDManager.newBaseManager();
        KPlusOneDiscriminator network = architecture();
        network.initialize(manager, DataType.FLOAT32, network.getInputShape(1));
        try (InputStream in = Files.newInputStream(params)) {
            network.loadParameters(manager, new DataInputStream(in));
        } catch (MalformedModelException | IOException e) {
            manager.close();
            throw new IOException(
                    params + ": not a Fashion-MNIST feature classifier (" + e.getMessage() + ")",
                    e);
        }
        return new FidClassifier(manager, network);
    }

    private static void train(Path params, Path data, PrintStream out) throws Exception {
        out.printf(
                "training the feature classifier for the Fréchet distance on %s (once; kept in"
                        + " %s)%n",
                data, params.getParent());
        FashionMnist train = dataset(data, Dataset.Usage.TRAIN);
        FashionMnist test = dataset(data, Dataset.Usage.TEST);
        KPlusOneDiscriminator network = architecture();
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
                    new ai.djl.ndarray.types.Shape[] {network.getInputShape(100)},
                    SupervisedStep.noDiscriminatorShapes());
            FitLoop.fit(gan, TrainingStep.supervised(), EPOCHS, train, null);
            double accuracy = FitLoop.evaluateDataset(gan, test).get(ClassifierAccuracy.KEY);
            out.printf("feature classifier: test accuracy %.4f%n", accuracy);
            AtomicFile.write(
                    params, stream -> network.saveParameters(new DataOutputStream(stream)));
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
                network.forward(new ParameterStore(manager, false), new NDList(images), false);
    }

    @Override
    public void close() {
        manager.close();
    }
}
