package dev.annogan.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Fréchet distance against closed forms. */
class FrechetDistanceTest {

    private static final double TOLERANCE = 1e-10;

    @Test
    void identicalFeatureSetsAreAtDistanceZero() {
        double[][] features = randomFeatures(300, 32, 1, 0.0);
        assertEquals(0.0, FrechetDistance.ofFeatures(features, features), 1e-6);
    }

    @Test
    void oneDimensionIsMeanGapPlusStandardDeviationGap() {
        // (1 − 4)² + (2 − 0.5)² = 9 + 2.25.
        double d =
                FrechetDistance.of(
                        new double[] {1},
                        new double[][] {{4}},
                        new double[] {4},
                        new double[][] {{0.25}});
        assertEquals(11.25, d, TOLERANCE);
    }

    @Test
    void oneDimensionFromFeatures() {
        // {1, 3}: mean 2, variance 2; {0, 4, 8}: mean 4, variance 16.
        // (2 − 4)² + (√2 − 4)² = 4 + 18 − 8√2.
        double d =
                FrechetDistance.ofFeatures(
                        new double[][] {{1}, {3}}, new double[][] {{0}, {4}, {8}});
        assertEquals(22 - 8 * Math.sqrt(2), d, TOLERANCE);
    }

    @Test
    void diagonalCovariancesCompareStandardDeviations() {
        // Means: 1 + 4 = 5. Deviations √(1,4,9) vs √(4,1,9): 1 + 1 + 0 = 2.
        double d =
                FrechetDistance.of(
                        new double[] {0, 0, 0},
                        diagonal(1, 4, 9),
                        new double[] {1, 2, 0},
                        diagonal(4, 1, 9));
        assertEquals(7, d, TOLERANCE);
    }

    @Test
    void commutingCovariancesCompareEigenvalueRoots() {
        // Σ1 = Q diag(1, 9) Qᵀ, Σ2 = Q diag(4, 1) Qᵀ share eigenvectors, so
        // d² = Σ (√a − √b)² = (1 − 2)² + (3 − 1)² = 5.
        double angle = Math.PI / 6;
        double[][] q = {{Math.cos(angle), -Math.sin(angle)}, {Math.sin(angle), Math.cos(angle)}};
        double[] zero = {0, 0};
        double d = FrechetDistance.of(zero, rotate(q, 1, 9), zero, rotate(q, 4, 1));
        assertEquals(5, d, TOLERANCE);
    }

    @Test
    void nonCommutingTwoByTwoMatchesTraceFormula() {
        // For 2×2, Tr √M = √(Tr M + 2 √det M). M = Σ1Σ2 = [[2, 3], [1, 6]]: Tr 8, det 9, so
        // Tr √M = √14 and d² = 4 + 4 − 2√14.
        double[][] s1 = {{2, 1}, {1, 2}};
        double[][] s2 = diagonal(1, 3);
        assertEquals(Math.sqrt(14), FrechetDistance.traceSqrtProduct(s1, s2), TOLERANCE);
        double[] zero = {0, 0};
        assertEquals(8 - 2 * Math.sqrt(14), FrechetDistance.of(zero, s1, zero, s2), TOLERANCE);
    }

    @Test
    void singularCovarianceIsHandled() {
        // Σ1 = [[1, 1], [1, 1]] has rank 1; Σ1·I has eigenvalues 2 and 0: d² = 2 + 2 − 2√2.
        double[] zero = {0, 0};
        double d = FrechetDistance.of(zero, new double[][] {{1, 1}, {1, 1}}, zero, diagonal(1, 1));
        assertEquals(4 - 2 * Math.sqrt(2), d, TOLERANCE);
    }

    @Test
    void matchesScipySqrtmOnAThreeByThreeCase() {
        // Reference: numpy/scipy, ||μ1−μ2||² + Tr(Σ1 + Σ2 − 2 sqrtm(Σ1 Σ2)) = 7.395380876654285.
        double[][] s1 = {{4, 2, 0.6}, {2, 5, 1}, {0.6, 1, 3}};
        double[][] s2 = {{2, -1, 0}, {-1, 3, 0.5}, {0, 0.5, 1}};
        double d = FrechetDistance.of(new double[] {0, 1, 2}, s1, new double[] {1, 1, 0}, s2);
        assertEquals(7.395380876654285, d, 1e-9);
    }

    @Test
    void isSymmetricInItsArguments() {
        GaussianStats a = new GaussianStats(24).add(randomFeatures(100, 24, 2, 0.0));
        GaussianStats b = new GaussianStats(24).add(randomFeatures(60, 24, 3, 0.5));
        assertEquals(FrechetDistance.of(a, b), FrechetDistance.of(b, a), 1e-9);
    }

    @Test
    void fewerSamplesThanDimensionsStayFinite() {
        // 10 samples in 64 dimensions: both covariances are singular.
        double[][] a = randomFeatures(10, 64, 4, 0.0);
        double[][] b = randomFeatures(10, 64, 5, 0.0);
        double d = FrechetDistance.ofFeatures(a, b);
        assertTrue(Double.isFinite(d));
        // Zero eigenvalues carry rounding noise ε, and √ε is what reaches the trace: expect
        // agreement to about 1e-7 relative rather than to machine precision.
        assertEquals(d, FrechetDistance.ofFeatures(b, a), 1e-7 * d);
        assertEquals(0.0, FrechetDistance.ofFeatures(a, a), 1e-6);
    }

    private static double[][] diagonal(double... values) {
        double[][] m = new double[values.length][values.length];
        for (int i = 0; i < values.length; i++) {
            m[i][i] = values[i];
        }
        return m;
    }

    private static double[][] rotate(double[][] q, double a, double b) {
        double[] d = {a, b};
        double[][] m = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                m[i][j] = q[i][0] * d[0] * q[j][0] + q[i][1] * d[1] * q[j][1];
            }
        }
        return m;
    }

    /** Correlated features: a random mix of Gaussian noise, shifted by {@code shift}. */
    static double[][] randomFeatures(int n, int d, long seed, double shift) {
        Random random = new Random(seed);
        double[][] mix = new double[d][d];
        for (double[] row : mix) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian() / Math.sqrt(d);
            }
        }
        double[][] features = new double[n][d];
        double[] noise = new double[d];
        for (double[] row : features) {
            for (int j = 0; j < d; j++) {
                noise[j] = random.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double sum = shift;
                for (int j = 0; j < d; j++) {
                    sum += mix[i][j] * noise[j];
                }
                row[i] = sum;
            }
        }
        return features;
    }
}
