package dev.annogan.core.metrics;

/**
 * The Fréchet (2-Wasserstein) distance between two Gaussians, the quantity behind FID:
 *
 * <pre>
 * d² = ||μ1 − μ2||² + Tr(Σ1 + Σ2 − 2 (Σ1 Σ2)^½)
 * </pre>
 *
 * <p>The trace of the square root is computed as {@code Σ_i sqrt(λ_i)} over the eigenvalues of the
 * symmetric matrix {@code Σ1^½ Σ2 Σ1^½}, which has the same eigenvalues as {@code Σ1 Σ2}. Unlike a
 * general matrix square root of the non-symmetric product, this needs only symmetric
 * eigen-decompositions, stays real, and copes with singular covariances (fewer samples than
 * features): eigenvalues that rounding pushed slightly below zero are taken as zero. The value
 * returned is the squared distance {@code d²}, as FID reports it, and rounding noise below zero is
 * reported as 0.
 *
 * <p>Which network supplies the features is the caller's business; this class does the math only.
 */
public final class FrechetDistance {

    private FrechetDistance() {}

    /**
     * Returns the Fréchet distance between the Gaussians fitted to two feature streams.
     *
     * @param first statistics of the first feature set, with at least two vectors
     * @param second statistics of the second feature set, of the same dimension
     * @return {@code d²}, at least 0
     * @throws IllegalArgumentException if the dimensions differ
     * @throws IllegalStateException if either set has fewer than two vectors
     */
    public static double of(GaussianStats first, GaussianStats second) {
        return of(first.mean(), first.covariance(), second.mean(), second.covariance());
    }

    /**
     * Returns the Fréchet distance between the Gaussians fitted to two feature sets.
     *
     * @param first N1 feature vectors of dimension D, one per row, N1 ≥ 2
     * @param second N2 feature vectors of dimension D, N2 ≥ 2
     * @return {@code d²}, at least 0
     * @throws IllegalArgumentException if the rows are ragged or the sets differ in dimension
     */
    public static double ofFeatures(double[][] first, double[][] second) {
        if (first.length == 0 || second.length == 0) {
            throw new IllegalArgumentException("both feature sets must be non-empty");
        }
        return of(
                new GaussianStats(first[0].length).add(first),
                new GaussianStats(second[0].length).add(second));
    }

    /**
     * Returns the Fréchet distance between two Gaussians given by their parameters. Only the upper
     * triangle of each covariance is read.
     *
     * @param mu1 the first mean, length D
     * @param sigma1 the first covariance, D×D, symmetric positive semi-definite
     * @param mu2 the second mean, length D
     * @param sigma2 the second covariance, D×D, symmetric positive semi-definite
     * @return {@code d²}, at least 0
     * @throws IllegalArgumentException if the sizes disagree or a value is not finite
     */
    public static double of(double[] mu1, double[][] sigma1, double[] mu2, double[][] sigma2) {
        int n = mu1.length;
        if (mu2.length != n || sigma1.length != n || sigma2.length != n) {
            throw new IllegalArgumentException(
                    "sizes disagree: mu1 "
                            + n
                            + ", sigma1 "
                            + sigma1.length
                            + ", mu2 "
                            + mu2.length
                            + ", sigma2 "
                            + sigma2.length);
        }
        double meanTerm = 0;
        for (int i = 0; i < n; i++) {
            double d = mu1[i] - mu2[i];
            meanTerm += d * d;
        }
        double traceTerm = trace(sigma1) + trace(sigma2) - 2 * traceSqrtProduct(sigma1, sigma2);
        double distance = meanTerm + traceTerm;
        if (!Double.isFinite(distance)) {
            throw new IllegalArgumentException("a mean or covariance holds a non-finite value");
        }
        return Math.max(0, distance);
    }

    /**
     * Returns {@code Tr((Σ1 Σ2)^½)} for two symmetric positive semi-definite matrices, as {@code
     * Σ_i sqrt(max(λ_i, 0))} over the eigenvalues of {@code Σ1^½ Σ2 Σ1^½}.
     *
     * @param sigma1 a D×D covariance; only its upper triangle is read
     * @param sigma2 a D×D covariance; only its upper triangle is read
     * @return the trace of the principal square root of the product
     * @throws IllegalArgumentException if a matrix is not square, the sizes differ or a value is
     *     not finite
     */
    public static double traceSqrtProduct(double[][] sigma1, double[][] sigma2) {
        if (sigma1.length != sigma2.length) {
            throw new IllegalArgumentException(
                    "covariances of size " + sigma1.length + " and " + sigma2.length);
        }
        double[][] root1 = SymmetricEigen.decompose(sigma1).apply(x -> Math.sqrt(Math.max(x, 0)));
        double[][] product = multiply(multiply(root1, upperSymmetric(sigma2)), root1);
        double sum = 0;
        // decompose reads the upper triangle only, so the product's rounding asymmetry is harmless.
        for (double lambda : SymmetricEigen.decompose(product).values()) {
            sum += Math.sqrt(Math.max(lambda, 0));
        }
        return sum;
    }

    private static double trace(double[][] m) {
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != m.length) {
                throw new IllegalArgumentException(
                        "row " + i + " has " + m[i].length + " entries, expected " + m.length);
            }
            sum += m[i][i];
        }
        return sum;
    }

    private static double[][] upperSymmetric(double[][] m) {
        int n = m.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (m[i].length != n) {
                throw new IllegalArgumentException(
                        "row " + i + " has " + m[i].length + " entries, expected " + n);
            }
            for (int j = i; j < n; j++) {
                s[i][j] = m[i][j];
                s[j][i] = m[i][j];
            }
        }
        return s;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            double[] row = out[i];
            for (int k = 0; k < b.length; k++) {
                double aik = a[i][k];
                double[] bk = b[k];
                for (int j = 0; j < m; j++) {
                    row[j] += aik * bk[j];
                }
            }
        }
        return out;
    }
}
