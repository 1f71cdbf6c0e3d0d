package dev.annogan.training;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.Map;

/**
 * The epoch loop around a {@link GanTrainer}, shaped like DJL's {@code EasyTrain}: {@link #fit},
 * {@link #trainBatch}, {@link #validateBatch} and {@link #evaluateDataset}. It adds what a GAN run
 * needs and EasyTrain lacks: seeded batch order (so a resumed run sees the same batches),
 * checkpoints, and the divergence guard.
 */
public final class GanFit {

    private GanFit() {}

    /**
     * Trains for {@code epochs} epochs (counting those already done by a resumed trainer),
     * validating after each on {@code validateSet} (may be null), checkpointing into {@code
     * checkpoints} (may be null: no checkpoints, no divergence recovery).
     *
     * @throws DivergenceException when the run diverges more often than the config allows
     */
    public static void fit(
            GanTrainer gan,
            int epochs,
            RandomAccessDataset trainSet,
            Dataset validateSet,
            GanCheckpoints checkpoints)
            throws IOException, TranslateException {
        int batchSize = gan.config().batchSize();
        int batchesPerEpoch = SeededBatchSampler.batchesPerEpoch(trainSet.size(), batchSize);
        DivergenceGuard guard = new DivergenceGuard(gan.config());
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
                        result = trainBatch(gan, batch);
                    } finally {
                        batch.close();
                    }
                    gan.dataWait().add(batches.lastWaitNanos(), System.nanoTime() - stepStart);
                    String problem = guard.check(result);
                    if (problem != null) {
                        recover(gan, checkpoints, guard, problem);
                        restored = true;
                        break;
                    }
                    averages.add(result);
                    for (GanListener listener : gan.listeners()) {
                        listener.onStep(gan, result);
                    }
                    if (checkpoints != null
                            && gan.config().checkpointEvery() > 0
                            && gan.step() % gan.config().checkpointEvery() == 0) {
                        checkpoints.save(gan, Double.NaN);
                    }
                    if (gan.stopReason() != null) {
                        break;
                    }
                }
                if (restored) {
                    continue;
                }
                if (gan.stopReason() != null && gan.batchInEpoch() < batchesPerEpoch) {
                    // Stopped mid-epoch: keep the position so that --resume finishes this epoch.
                    if (checkpoints != null) {
                        checkpoints.save(gan, Double.NaN);
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
                if (checkpoints != null) {
                    checkpoints.save(gan, checkpoints.metricOf(metrics));
                }
            }
        } finally {
            for (GanListener listener : gan.listeners()) {
                listener.onTrainingEnd(gan);
            }
        }
    }

    /** Runs one training step (D's updates, then G's) on a batch. */
    public static StepResult trainBatch(GanTrainer gan, Batch batch) {
        return gan.trainBatch(batch);
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

    static void recover(
            GanTrainer gan, GanCheckpoints checkpoints, DivergenceGuard guard, String problem)
            throws IOException {
        if (checkpoints == null || !checkpoints.hasLatest()) {
            throw new DivergenceException(
                    problem + "; there is no checkpoint to restore, so the run stops here");
        }
        if (guard.restores() >= gan.config().maxRestores()) {
            throw new DivergenceException(
                    problem
                            + "; restored "
                            + guard.restores()
                            + " times already with lower learning rates, so the run stops. The"
                            + " last good model is "
                            + checkpoints.latestDirectory());
        }
        long restoredStep = checkpoints.restoreLatest(gan);
        guard.restored();
        // The restore brought back the checkpoint's learning rates; lower them once per restore.
        gan.scaleLearningRates(
                (float) Math.pow(gan.config().restoreLearningRateFactor(), guard.restores()));
        String reason = problem + "; restored step " + restoredStep;
        for (GanListener listener : gan.listeners()) {
            listener.onRestore(gan, reason, restoredStep);
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
