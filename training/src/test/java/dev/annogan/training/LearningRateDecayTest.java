package dev.annogan.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/** A config's learning rates stay constant, then fall linearly to 0 over the chosen updates. */
class LearningRateDecayTest {

    @Test
    void theRateHoldsUntilTheStartThenFallsLinearlyToZeroAtTheEnd() {
        GanConfig config = GanConfig.builder().optLearningRateDecay(100, 300).build();
        Tracker rate = config.learningRateTracker(0.004f);

        assertEquals(0.004f, rate.getNewValue(1), 1e-9f);
        assertEquals(0.004f, rate.getNewValue(99), 1e-9f);
        assertEquals(0.004f, rate.getNewValue(100), 1e-9f);
        assertEquals(0.003f, rate.getNewValue(150), 1e-9f);
        assertEquals(0.002f, rate.getNewValue(200), 1e-9f);
        assertEquals(0.00002f, rate.getNewValue(299), 1e-9f);
        assertEquals(0f, rate.getNewValue(300), 1e-9f);
        assertEquals(0f, rate.getNewValue(1000), 1e-9f);
    }

    @Test
    void aDecayFromTheFirstUpdateFallsAllAlong() {
        Tracker rate =
                GanConfig.builder().optLearningRateDecay(0, 10).build().learningRateTracker(1f);
        assertEquals(0.9f, rate.getNewValue(1), 1e-6f);
        assertEquals(0.5f, rate.getNewValue(5), 1e-6f);
    }

    @Test
    void ratesAreConstantByDefault() {
        GanConfig config = GanConfig.builder().build();
        assertEquals(0, config.learningRateDecayEnd());
        Tracker rate = config.learningRateTracker(2e-4f);
        assertEquals(2e-4f, rate.getNewValue(1));
        assertEquals(2e-4f, rate.getNewValue(1_000_000));
    }

    @Test
    void toBuilderKeepsEveryValueAndTheDecayShowsInTheSavedConfig() {
        GanConfig config =
                GanConfig.builder()
                        .optSeed(7)
                        .optBatchSize(32)
                        .optLearningRates(1e-3f, 2e-3f)
                        .optEmaDecay(0.99f)
                        .optLearningRateDecay(5, 9)
                        .build();
        GanConfig copy = config.toBuilder().build();
        assertEquals(config.toString(), copy.toString());
        assertTrue(
                copy.toString()
                        .endsWith("\"learningRateDecayStart\": 5, \"learningRateDecayEnd\": 9}"),
                copy.toString());
        GanConfig changed = config.toBuilder().optLearningRateDecay(0, 0).build();
        assertEquals(0, changed.learningRateDecayEnd());
        assertEquals(7, changed.seed());
    }

    @Test
    void anEndNotAfterTheStartIsRejected() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> GanConfig.builder().optLearningRateDecay(10, 10).build());
        assertEquals("invalid learning-rate decay (start, end): 10, 10", error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> GanConfig.builder().optLearningRateDecay(-1, 10).build());
    }
}
