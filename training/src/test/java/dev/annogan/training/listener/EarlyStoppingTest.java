package dev.annogan.training.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annogan.core.labelgan.LabelSetDiscriminator;
import dev.annogan.core.labelgan.LabelSetGenerator;
import dev.annogan.training.EpochResult;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.objective.LabelSetObjective;
import dev.annogan.training.objective.LabelSetObjective.FakeSets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Early stopping asks the run to stop after {@code patience} epochs without improvement. */
class EarlyStoppingTest {

    private static EpochResult epoch(int epoch, double metric) {
        return new EpochResult(epoch, epoch * 10L, 0, 0, 0.5, 1, Map.of("cooc_l1", metric));
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        try (GanTrainer gan =
                GanTrainer.builder()
                        .setGenerator(LabelSetGenerator.builder().setNumLabels(3).build())
                        .setDiscriminator(LabelSetDiscriminator.builder().setNumLabels(3).build())
                        .setObjective(
                                new LabelSetObjective(
                                        100,
                                        3,
                                        new float[][] {{1, 0, 0}},
                                        0,
                                        FakeSets.PROBABILITIES))
                        .optConfig(GanConfig.builder().build())
                        .build()) {
            EarlyStopping stopping = new EarlyStopping("cooc_l1", false, 2);
            stopping.onEpoch(gan, epoch(0, 5.0));
            stopping.onEpoch(gan, epoch(1, 4.0));
            stopping.onEpoch(gan, epoch(2, 4.5));
            assertNull(gan.stopReason());
            stopping.onEpoch(gan, epoch(3, 4.0)); // equal is no improvement
            assertEquals(4.0, stopping.best());
            assertTrue(gan.stopReason().startsWith("early stop: cooc_l1"), gan.stopReason());
        }
    }
}
