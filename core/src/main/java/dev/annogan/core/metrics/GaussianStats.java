package dev.annogan.core.metrics;

/**
 * The mean and covariance of a stream of D-dimensional feature vectors, fed batch by batch, for
 * fitting the Gaussians that {@link FrechetDistance} compares.
 *
 * <p>Each batch is centred on its own mean and merged with the running totals by the pairwise
 * update of Chan, Golub and LeVeque, {@code M2 = M2a + M2b + δδᵀ·na·nb/n} with {@code δ} the
 * difference of the means. Summing raw outer products instead would lose every digit of the
 * variance when features sit far from zero (as ReLU activations do), because the covariance would
 * be the difference of two large, nearly equal numbers.
 *
 * <pre>{@code
 * GaussianStats real = new GaussianStats(256);
 * for (float[][] batch : realFeatures) {
 *     real.add(batch);
 * }
 * double fd = FrechetDistance.of(real, generated);
 * }</pre>
 *
 * <p>Not thread-safe: one stream per instance, or {@link #merge(GaussianStats)} per-thread ones.
 */
public final class GaussianStats {

    private final int dimension;
    private long count;
    private final double[] mean;
    // Sum of outer products of deviations from the mean; only the upper triangle (j >= i) is kept.
    private final double[][] scatter;

    /**
     * Creates empty statistics of D-dimensional features.
     *
     * @param dimension D, the length of every feature vector
     * @throws IllegalArgumentException if D is not positive
     */
    public GaussianStats(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        this.dimension = dimension;
        mean = new double[dimension];
        scatter = new double[dimension][dimension];
    }

    /**
     * Adds a batch of feature vectors, one per row.
     *
     * @param rows N rows of D values
     * @return this
     * @throws IllegalArgumentException if a row does not have D values or holds a non-finite one
     */
    public GaussianStats add(double[][] rows) {
        double[][] copy = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            copy[r] = checkedRow(rows[r].length, r);
            System.arraycopy(rows[r], 0, copy[r], 0, dimension);
        }
        return addOwned(copy);
    }

    /**
     * Adds a batch of feature vectors, one per row.
     *
     * @param rows N rows of D values
     * @return this
     * @throws IllegalArgumentException if a row does not have D values or holds a non-finite one
     */
    public GaussianStats add(float[][] rows) {
        double[][] copy = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            copy[r] = checkedRow(rows[r].length, r);
            for (int d = 0; d < dimension; d++) {
                copy[r][d] = rows[r][d];
            }
        }
        return addOwned(copy);
    }

    /**
     * Adds a batch of feature vectors stored row after row, as {@code NDArray.toFloatArray()}
     * returns a {@code (N, D)} array.
     *
     * @param values N·D values, row-major
     * @return this
     * @throws IllegalArgumentException if the length is not a multiple of D or a value is not
     *     finite
     */
    public GaussianStats addRowMajor(float[] values) {
        if (values.length % dimension != 0) {
            throw new IllegalArgumentException(
                    values.length + " values do not form rows of dimension " + dimension);
        }
        double[][] copy = new double[values.length / dimension][dimension];
        for (int r = 0; r < copy.length; r++) {
            for (int d = 0; d < dimension; d++) {
                copy[r][d] = values[r * dimension + d];
            }
        }
        return addOwned(copy);
    }

    private double[] checkedRow(int length, int row) {
        if (length != dimension) {
            throw new IllegalArgumentException(
                    "row " + row + " has " + length + " values, expected " + dimension);
        }
        return new double[dimension];
    }

    private GaussianStats addOwned(double[][] rows) {
        int n = rows.length;
        if (n == 0) {
            return this;
        }
        double[] batchMean = new double[dimension];
        for (int r = 0; r < n; r++) {
            for (int d = 0; d < dimension; d++) {
                double x = rows[r][d];
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException(
                            "row " + r + ", feature " + d + " is not finite: " + x);
                }
                batchMean[d] += x;
            }
        }
        for (int d = 0; d < dimension; d++) {
            batchMean[d] /= n;
        }
        double[][] batchScatter = new double[dimension][dimension];
        for (double[] row : rows) {
            for (int d = 0; d < dimension; d++) {
                row[d] -= batchMean[d];
            }
            for (int i = 0; i < dimension; i++) {
                double ci = row[i];
                double[] target = batchScatter[i];
                for (int j = i; j < dimension; j++) {
                    target[j] += ci * row[j];
                }
            }
        }
        merge(n, batchMean, batchScatter);
        return this;
    }

    /**
     * Adds every vector another accumulator has seen, as if they had been added here.
     *
     * @param other statistics of the same dimension, left unchanged
     * @return this
     * @throws IllegalArgumentException if the dimensions differ
     */
    public GaussianStats merge(GaussianStats other) {
        if (other.dimension != dimension) {
            throw new IllegalArgumentException(
                    "cannot merge statistics of dimension "
                            + other.dimension
                            + " into dimension "
                            + dimension);
        }
        if (other.count > 0) {
            merge(other.count, other.mean.clone(), other.scatter);
        }
        return this;
    }

    private void merge(long otherCount, double[] otherMean, double[][] otherScatter) {
        long total = count + otherCount;
        double[] delta = new double[dimension];
        for (int d = 0; d < dimension; d++) {
            delta[d] = otherMean[d] - mean[d];
        }
        double weight = (double) count * otherCount / total;
        for (int i = 0; i < dimension; i++) {
            double wi = weight * delta[i];
            for (int j = i; j < dimension; j++) {
                scatter[i][j] += otherScatter[i][j] + wi * delta[j];
            }
        }
        double fraction = (double) otherCount / total;
        for (int d = 0; d < dimension; d++) {
            mean[d] += delta[d] * fraction;
        }
        count = total;
    }

    /**
     * Returns the number of feature vectors added.
     *
     * @return N
     */
    public long count() {
        return count;
    }

    /**
     * Returns the feature dimension.
     *
     * @return D
     */
    public int dimension() {
        return dimension;
    }

    /**
     * Returns the mean feature vector.
     *
     * @return a copy of the mean; zeros if nothing was added
     */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * Returns the unbiased sample covariance, the scatter divided by {@code N - 1}, as {@code
     * numpy.cov(features, rowvar=False)} and the reference FID code compute it.
     *
     * @return a new symmetric D×D matrix
     * @throws IllegalStateException if fewer than two vectors were added
     */
    public double[][] covariance() {
        if (count < 2) {
            throw new IllegalStateException(
                    "a covariance needs at least two feature vectors, got " + count);
        }
        double[][] cov = new double[dimension][dimension];
        for (int i = 0; i < dimension; i++) {
            for (int j = i; j < dimension; j++) {
                double c = scatter[i][j] / (count - 1);
                cov[i][j] = c;
                cov[j][i] = c;
            }
        }
        return cov;
    }
}
