package dev.annogan.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Jacobi eigen-decomposition on known spectra and by reconstruction. */
class SymmetricEigenTest {

    @Test
    void twoByTwoHasEigenvaluesOneAndThree() {
        double[] values = SymmetricEigen.decompose(new double[][] {{2, 1}, {1, 2}}).values();
        Arrays.sort(values);
        assertArrayEquals(new double[] {1, 3}, values, 1e-14);
    }

    @Test
    void diagonalMatrixIsItsOwnDecomposition() {
        SymmetricEigen eigen = SymmetricEigen.decompose(new double[][] {{5, 0}, {0, -2}});
        assertArrayEquals(new double[] {5, -2}, eigen.values());
        assertArrayEquals(new double[] {1, 0}, eigen.vectors()[0]);
    }

    @Test
    void reconstructsARandomSymmetricMatrixWithOrthonormalVectors() {
        int n = 40;
        double[][] a = randomSymmetric(n, 7);
        SymmetricEigen eigen = SymmetricEigen.decompose(a);
        double[][] rebuilt = eigen.apply(x -> x);
        double[][] v = eigen.vectors();
        for (int i = 0; i < n; i++) {
            assertArrayEquals(a[i], rebuilt[i], 1e-11, "row " + i);
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int r = 0; r < n; r++) {
                    dot += v[r][i] * v[r][j];
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-12, "VᵀV at " + i + ", " + j);
            }
        }
    }

    @Test
    void squareRootSquaresBack() {
        double[][] a = {{4, 2, 0.6}, {2, 5, 1}, {0.6, 1, 3}};
        double[][] root = SymmetricEigen.decompose(a).apply(Math::sqrt);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += root[i][k] * root[k][j];
                }
                assertEquals(a[i][j], sum, 1e-13);
            }
        }
    }

    static double[][] randomSymmetric(int n, long seed) {
        Random random = new Random(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = random.nextGaussian();
                a[j][i] = a[i][j];
            }
        }
        return a;
    }
}
