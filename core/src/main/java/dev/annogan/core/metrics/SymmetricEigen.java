package dev.annogan.core.metrics;

import java.util.function.DoubleUnaryOperator;

/**
 * The eigen-decomposition {@code A = V diag(λ) Vᵀ} of a real symmetric matrix by the cyclic Jacobi
 * method.
 *
 * <p>Jacobi is chosen over a faster tridiagonal QR because it finds small eigenvalues to high
 * relative accuracy and never returns complex or badly non-orthogonal vectors, which is what the
 * matrix square roots in {@link FrechetDistance} need; at the sizes used there (a few hundred) it
 * takes well under a second.
 */
final class SymmetricEigen {

    private static final int MAX_SWEEPS = 100;

    private final double[] values;
    // Eigenvector k is row k (the transpose of V), so rotations and products run along rows.
    private final double[][] rows;

    private SymmetricEigen(double[] values, double[][] rows) {
        this.values = values;
        this.rows = rows;
    }

    /**
     * Decomposes a symmetric matrix; only its upper triangle is read, so rounding noise below the
     * diagonal does no harm.
     *
     * @param matrix a square matrix, left unchanged
     * @return the eigenvalues and eigenvectors
     * @throws IllegalArgumentException if the matrix is not square or holds a non-finite value
     */
    static SymmetricEigen decompose(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException(
                        "row " + i + " has " + matrix[i].length + " entries, expected " + n);
            }
            for (int j = i; j < n; j++) {
                double v = matrix[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(
                            "entry (" + i + ", " + j + ") is not finite: " + v);
                }
                a[i][j] = v;
                a[j][i] = v;
            }
        }
        double[][] vt = identity(n);
        double scale = frobenius(a);
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = offDiagonal(a);
            // Stop once the off-diagonal norm is at rounding level relative to the whole matrix:
            // by Weyl's inequality no eigenvalue then moves by more than 1e-14 ||A||. A tighter
            // bound is never met for large n, as each rotation leaves eps-sized residue behind.
            if (off <= 1e-28 * scale * scale) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(a, vt, p, q);
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return new SymmetricEigen(values, vt);
    }

    /** Zeroes a[p][q] (and a[q][p]) by a plane rotation J, with A ← JᵀAJ and Vᵀ ← JᵀVᵀ. */
    private static void rotate(double[][] a, double[][] vt, int p, int q) {
        double apq = a[p][q];
        if (apq == 0) {
            return;
        }
        double app = a[p][p];
        double aqq = a[q][q];
        double theta = (aqq - app) / (2 * apq);
        // The smaller root of t² + 2θt − 1 = 0 keeps the rotation angle below π/4, which is what
        // makes the sweeps converge; written this way it cannot overflow for huge θ.
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        double[] rowP = a[p];
        double[] rowQ = a[q];
        for (int r = 0; r < n; r++) {
            if (r == p || r == q) {
                continue;
            }
            double arp = rowP[r];
            double arq = rowQ[r];
            double np = c * arp - s * arq;
            double nq = s * arp + c * arq;
            rowP[r] = np;
            rowQ[r] = nq;
            a[r][p] = np;
            a[r][q] = nq;
        }
        a[p][p] = app - t * apq;
        a[q][q] = aqq + t * apq;
        a[p][q] = 0;
        a[q][p] = 0;
        double[] vp = vt[p];
        double[] vq = vt[q];
        for (int r = 0; r < n; r++) {
            double x = vp[r];
            double y = vq[r];
            vp[r] = c * x - s * y;
            vq[r] = s * x + c * y;
        }
    }

    private static double[][] identity(int n) {
        double[][] id = new double[n][n];
        for (int i = 0; i < n; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    private static double frobenius(double[][] a) {
        double sum = 0;
        for (double[] row : a) {
            for (double x : row) {
                sum += x * x;
            }
        }
        return Math.sqrt(sum);
    }

    private static double offDiagonal(double[][] a) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                sum += a[i][j] * a[i][j];
            }
        }
        return sum;
    }

    /**
     * Returns the eigenvalues, in no particular order.
     *
     * @return a copy of the eigenvalues
     */
    double[] values() {
        return values.clone();
    }

    /**
     * Returns the eigenvectors as the columns of a matrix: column i belongs to {@code values()[i]}.
     *
     * @return a copy of V
     */
    double[][] vectors() {
        int n = rows.length;
        double[][] v = new double[n][n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                v[i][k] = rows[k][i];
            }
        }
        return v;
    }

    /**
     * Returns {@code V diag(f(λ)) Vᵀ}, the matrix function of the decomposed matrix, for example
     * its square root.
     *
     * @param f the function applied to each eigenvalue
     * @return a new symmetric matrix
     */
    double[][] apply(DoubleUnaryOperator f) {
        int n = values.length;
        double[] fv = new double[n];
        for (int k = 0; k < n; k++) {
            fv[k] = f.applyAsDouble(values[k]);
        }
        double[][] out = new double[n][n];
        for (int k = 0; k < n; k++) {
            double[] u = rows[k];
            for (int i = 0; i < n; i++) {
                double scaled = fv[k] * u[i];
                double[] target = out[i];
                for (int j = i; j < n; j++) {
                    target[j] += scaled * u[j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                out[i][j] = out[j][i];
            }
        }
        return out;
    }
}
