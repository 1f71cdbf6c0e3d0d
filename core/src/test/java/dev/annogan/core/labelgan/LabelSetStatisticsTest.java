package dev.annogan.core.labelgan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Label-set statistics and distances on hand-computed cases. */
class LabelSetStatisticsTest {

    // Three labels. Sets: {0,1}, {0,1}, {2}, {} -> f = [.5, .5, .25]; c(0,1) = .5; sizes 1/4 of 0,
    // 1/4 of 1, 1/2 of 2.
    private static final float[][] REAL = {{1, 1, 0}, {1, 1, 0}, {0, 0, 1}, {0, 0, 0}};
    // Sets: {0}, {1}, {2}, {0,1} -> f = [.5, .5, .25]; c(0,1) = .25; sizes 0, 3/4 of 1, 1/4 of 2.
    private static final float[][] OTHER = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}};

    @Test
    void frequenciesCooccurrencesAndSizes() {
        LabelSetStatistics s = LabelSetStatistics.of(REAL, 3);
        assertEquals(0.5, s.frequency(0));
        assertEquals(0.25, s.frequency(2));
        assertEquals(0.5, s.cooccurrence(0, 1));
        assertEquals(0.5, s.cooccurrence(1, 0));
        assertEquals(0.0, s.cooccurrence(1, 2));
        assertEquals(0.25, s.sizeFraction(0));
        assertEquals(0.5, s.sizeFraction(2));
        assertEquals(1.25, s.meanSize(), 1e-12);
    }

    @Test
    void distancesBetweenTwoCollections() {
        LabelSetStatistics a = LabelSetStatistics.of(REAL, 3);
        LabelSetStatistics b = LabelSetStatistics.of(OTHER, 3);
        assertEquals(0.0, a.frequencyL1(b), 1e-12);
        assertEquals(0.25, a.cooccurrenceL1(b), 1e-12);
        // Histograms [.25, .25, .5] and [0, .75, .25]: ½(.25 + .5 + .25) = .5.
        assertEquals(0.5, a.sizeTotalVariation(b), 1e-12);
        assertEquals(0.0, a.cooccurrenceL1(a));
    }

    @Test
    void bernoulliBaselineMatchesFrequenciesButNotCooccurrence() {
        // Labels 0 and 1 always together: c(0,1) = f(0) = f(1) = .5.
        float[][] together = new float[1000][];
        for (int i = 0; i < together.length; i++) {
            together[i] = i % 2 == 0 ? new float[] {1, 1} : new float[] {0, 0};
        }
        LabelSetStatistics real = LabelSetStatistics.of(together, 2);
        LabelSetStatistics baseline =
                LabelSetStatistics.of(LabelSetStatistics.independentBernoulli(real, 20000, 1), 2);
        assertEquals(0.0, real.frequencyL1(baseline), 0.03);
        // Independence gives c(0,1) = .25 instead of .5.
        assertEquals(0.25, real.cooccurrenceL1(baseline), 0.02);
    }
}
