package dev.annogan.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Streaming mean and covariance against hand-computed values. */
class GaussianStatsTest {

    // Mean (3, 4); deviations (-2,-2), (0,2), (2,0): scatter [[8, 4], [4, 8]], covariance / 2.
    private static final double[][] ROWS = {{1, 2}, {3, 6}, {5, 4}};
    private static final double[][] COVARIANCE = {{4, 2}, {2, 4}};

    @Test
    void meanAndUnbiasedCovariance() {
        GaussianStats stats = new GaussianStats(2).add(ROWS);
        assertEquals(3, stats.count());
        assertArrayEquals(new double[] {3, 4}, stats.mean(), 1e-12);
        assertCovariance(COVARIANCE, stats.covariance(), 1e-12);
    }

    @Test
    void batchByBatchEqualsAllAtOnce() {
        GaussianStats stats =
                new GaussianStats(2)
                        .add(new float[][] {{1, 2}})
                        .addRowMajor(new float[] {3, 6, 5, 4});
        assertArrayEquals(new double[] {3, 4}, stats.mean(), 1e-12);
        assertCovariance(COVARIANCE, stats.covariance(), 1e-12);
    }

    @Test
    void mergeEqualsAddingTheOtherRows() {
        GaussianStats first = new GaussianStats(2).add(new double[][] {ROWS[0], ROWS[1]});
        GaussianStats second = new GaussianStats(2).add(new double[][] {ROWS[2]});
        GaussianStats merged = first.merge(second);
        assertEquals(3, merged.count());
        assertCovariance(COVARIANCE, merged.covariance(), 1e-12);
    }

    @Test
    void varianceSurvivesALargeOffset() {
        // 1e9 + {1, 2, 3, 4}: variance 5/3. Summing raw squares (~1e18) in double would lose it.
        GaussianStats stats = new GaussianStats(1);
        for (int i = 1; i <= 4; i++) {
            stats.add(new double[][] {{1e9 + i}});
        }
        assertEquals(1e9 + 2.5, stats.mean()[0], 1e-6);
        assertEquals(5.0 / 3, stats.covariance()[0][0], 1e-6);
    }

    @Test
    void rejectsRaggedRowsAndTooFewVectors() {
        GaussianStats stats = new GaussianStats(2);
        assertThrows(IllegalArgumentException.class, () -> stats.add(new double[][] {{1}}));
        assertThrows(IllegalArgumentException.class, () -> stats.addRowMajor(new float[] {1}));
        stats.add(new double[][] {{1, 2}});
        assertThrows(IllegalStateException.class, stats::covariance);
    }

    private static void assertCovariance(double[][] expected, double[][] actual, double delta) {
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], delta, "row " + i);
        }
    }
}
