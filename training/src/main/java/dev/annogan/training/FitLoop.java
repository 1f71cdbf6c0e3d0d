package dev.annogan.training;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The epoch loop around a {@link GanTrainer}, shaped like DJL's {@code EasyTrain}: {@link #fit},
 * {@link #validateBatch} and {@link #evaluateDataset}. The step is pluggable ({@link
 * TrainingStep#adversarial()}, {@link TrainingStep#supervised()}); the loop adds what long runs
 * need and EasyTrain lacks: seeded batch order (so a resumed run sees the same batches), batches
 * loaded in the background, and a place for the trainer's listeners to act. Checkpoints and the
 * divergence guard are such listeners ({@link GanTrainer.Builder#optCheckpoints}).
 *
 * <p>A listener may move the trainer's position during a step (the divergence guard restores a
 * checkpoint): the loop then tells no later listener of that step and starts the epoch again from
 * the restored position.
 */
public final class FitLoop {

    private FitLoop() {}

    /**
     * Trains for {@code epochs} epochs (counting those already done by a resumed trainer),
     * validating after each on {@code validateSet} (may be null).
     *
     * @param gan the trainer, initialised (and restored, when resuming)
     * @param step what each batch trains
     * @param epochs the epoch to stop at
     * @param trainSet the training batches, drawn in the seeded order of {@link SeededBatchSampler}
     * @param validateSet the validation batches, or {@code null}
     * @throws DivergenceException when the run diverges more often than the config allows
     */
    public static void fit(
            GanTrainer gan,
            TrainingStep step,
            int epochs,
            RandomAccessDataset trainSet,
            Dataset validateSet)
            throws IOException, TranslateException {
        int batchSize = gan.config().batchSize();
        int batchesPerEpoch = SeededBatchSampler.batchesPerEpoch(trainSet.size(), batchSize);
        for (GanListener listener : gan.listeners()) {
            listener.onTrainingBegin(gan, epochs, batchesPerEpoch);
        }
        try (NDManager manager = gan.generatorModel().getNDManager().newSubManager();
                BatchFeed feed = new BatchFeed(gan.config().loaderThreads())) {
            while (gan.epoch() < epochs && gan.stopReason() == null) {
                EpochAverages averages = new EpochAverages();
                long start = System.nanoTime();
                boolean restored = false;
                SeededBatchSampler sampler =
                        new SeededBatchSampler(
                                gan.config().seed(), gan.epoch(), batchSize, gan.batchInEpoch());
                BatchFeed.Batches batches = feed.epoch(trainSet, manager, sampler);
                while (batches.hasNext()) {
                    Batch batch = batches.next();
                    long stepStart = System.nanoTime();
                    StepResult result;
                    try {
                        result = step.train(gan, batch);
                    } finally {
                        batch.close();
                    }
                    gan.dataWait().add(batches.lastWaitNanos(), System.nanoTime() - stepStart);
                    restored = notifyStep(gan, result);
                    if (restored) {
                        break;
                    }
                    averages.add(result);
                    if (gan.stopReason() != null) {
                        break;
                    }
                }
                if (restored) {
                    continue;
                }
                if (gan.stopReason() != null && gan.batchInEpoch() < batchesPerEpoch) {
                    // Stopped mid-epoch: the position stays inside it, so --resume finishes it.
                    for (GanListener listener : gan.listeners()) {
                        listener.onStopInEpoch(gan);
                    }
                    break;
                }
                Map<String, Double> metrics =
                        validateSet == null ? Map.of() : evaluateDataset(gan, validateSet);
                gan.nextEpoch();
                EpochResult result =
                        averages.result(gan, (System.nanoTime() - start) / 1e9, metrics);
                for (GanListener listener : gan.listeners()) {
                    listener.onEpoch(gan, result);
                }
            }
        } catch (UncheckedIOException e) {
            // A listener's file failed (a checkpoint on a full disk): the caller handles it as any
            // other failed write.
            throw e.getCause();
        } finally {
            for (GanListener listener : gan.listeners()) {
                listener.onTrainingEnd(gan);
            }
        }
    }

    /**
     * Tells the listeners of a step, in order, until one moves the trainer's position.
     *
     * @return whether a listener restored an earlier position
     */
    private static boolean notifyStep(GanTrainer gan, StepResult result) {
        for (GanListener listener : gan.listeners()) {
            listener.onStep(gan, result);
            if (gan.step() != result.step()) {
                return true;
            }
        }
        return false;
    }

    /** Feeds one validation batch to a validation in progress. */
    public static void validateBatch(GanTrainer gan, Validation validation, Batch batch) {
        gan.validateBatch(validation, batch);
    }

    /** Returns the objective's validation metrics over a whole dataset. */
    public static Map<String, Double> evaluateDataset(GanTrainer gan, Dataset dataset)
            throws IOException, TranslateException {
        try (NDManager manager = gan.generatorModel().getNDManager().newSubManager()) {
            return gan.evaluate(dataset.getData(manager));
        }
    }

    /** Running means of one epoch's step results. */
    private static final class EpochAverages {
        private double dLoss;
        private double gLoss;
        private double accuracy;
        private int steps;

        void add(StepResult r) {
            dLoss += r.discriminatorLoss();
            gLoss += r.generatorLoss();
            accuracy += r.discriminatorAccuracy();
            steps++;
        }

        EpochResult result(GanTrainer gan, double seconds, Map<String, Double> validation) {
            int n = Math.max(1, steps);
            return new EpochResult(
                    gan.epoch() - 1,
                    gan.step(),
                    dLoss / n,
                    gLoss / n,
                    accuracy / n,
                    seconds,
                    validation);
        }
    }
}
