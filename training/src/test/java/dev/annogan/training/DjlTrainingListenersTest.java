package dev.annogan.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.listener.EpochTrainingListener;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DJL's own training listeners attached to G's and D's trainers hear the GAN's run. */
class DjlTrainingListenersTest {

    private static final GanConfig CONFIG =
            GanConfig.builder().optBatchSize(16).optSeed(3).optDiscriminatorSteps(2).build();

    @Test
    void eventsReachBothTrainersInOrderWithDsLogits() throws Exception {
        Recorder g = new Recorder();
        Recorder d = new Recorder();
        EpochTrainingListener gEpochs = new EpochTrainingListener();
        try (NDManager manager = NDManager.newBaseManager()) {
            GanTrainer gan =
                    TinyGan.initialized(
                            TinyGan.builder(CONFIG)
                                    .addGeneratorTrainingListeners(g, gEpochs)
                                    .addDiscriminatorTrainingListeners(d)
                                    .build());
            try (gan) {
                // 32 sets in batches of 16: 2 G steps and 4 D steps per epoch.
                FitLoop.fit(
                        gan,
                        TrainingStep.adversarial(),
                        3,
                        TinyGan.dataset(manager, TinyGan.labelSets(32, 2), 16),
                        null);
                assertEquals(3, gEpochs.getNumEpochs());
            }
        }
        List<String> gExpected = new ArrayList<>(List.of("begin"));
        List<String> dExpected = new ArrayList<>(List.of("begin"));
        for (int epoch = 0; epoch < 3; epoch++) {
            gExpected.addAll(List.of("batch 0", "batch 0", "epoch"));
            dExpected.addAll(List.of("batch 16", "batch 16", "batch 16", "batch 16", "epoch"));
        }
        gExpected.add("end");
        dExpected.add("end");
        assertEquals(gExpected, g.events);
        assertEquals(dExpected, d.events);
    }

    @Test
    void djlsEvaluatorListenerRecordsDsAdversarialLoss() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            GanTrainer gan =
                    TinyGan.initialized(
                            TinyGan.builder(CONFIG)
                                    .addDiscriminatorTrainingListeners(
                                            new EvaluatorTrainingListener())
                                    .build());
            try (gan) {
                Trainer discriminator = gan.discriminatorTrainer();
                Metrics metrics = new Metrics();
                discriminator.setMetrics(metrics);
                StepResult step =
                        gan.trainBatch(
                                TinyGan.dataset(manager, TinyGan.labelSets(16, 2), 16)
                                        .getData(manager)
                                        .iterator()
                                        .next());
                String name = "train_all_" + discriminator.getLoss().getName();
                assertTrue(metrics.hasMetric(name), "no metric " + name);
                // The label-set objective's D loss is the adversarial loss alone, so DJL's
                // re-evaluation of the last D step is a real, positive BCE value.
                double recorded = metrics.latestMetric(name).getValue().doubleValue();
                assertTrue(recorded > 0 && Double.isFinite(recorded), "recorded " + recorded);
                assertTrue(Double.isFinite(step.discriminatorLoss()));
            }
        }
    }

    /** Writes down what it hears, with the batch size of training batches. */
    private static final class Recorder extends TrainingListenerAdapter {
        final List<String> events = new ArrayList<>();

        @Override
        public void onTrainingBegin(Trainer trainer) {
            events.add("begin");
        }

        @Override
        public void onTrainingBatch(Trainer trainer, TrainingListener.BatchData data) {
            long labelled =
                    data.getLabels().values().stream().mapToLong(l -> l.head().size()).sum();
            events.add("batch " + labelled);
        }

        @Override
        public void onEpoch(Trainer trainer) {
            events.add("epoch");
        }

        @Override
        public void onTrainingEnd(Trainer trainer) {
            events.add("end");
        }
    }
}
