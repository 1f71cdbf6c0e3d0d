package dev.annogan.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Noise and batch order are pure functions of the seed and the position. */
class SeededSourcesTest {

    @Test
    void noiseIsStandardNormalAndDependsOnSeedStepAndDraw() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SeededNoise noise = new SeededNoise(7);
            float[] a = noise.sample(manager, new Shape(100, 100), 3, 0).toFloatArray();
            assertArrayEquals(a, noise.sample(manager, new Shape(100, 100), 3, 0).toFloatArray());
            assertFalse(
                    java.util.Arrays.equals(
                            a, noise.sample(manager, new Shape(100, 100), 3, 1).toFloatArray()));
            assertFalse(
                    java.util.Arrays.equals(
                            a, noise.sample(manager, new Shape(100, 100), 4, 0).toFloatArray()));
            double mean = 0;
            double square = 0;
            for (float v : a) {
                mean += v;
                square += v * v;
            }
            mean /= a.length;
            // 10,000 samples: the mean is within 4 standard errors (0.04), the variance near 1.
            assertEquals(0, mean, 0.04);
            assertEquals(1, square / a.length - mean * mean, 0.06);
        }
    }

    @Test
    void uniformNoiseFillsTheUnitIntervalAndIsReproducible() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SeededNoise noise = new SeededNoise(7);
            float[] a = noise.uniform(manager, new Shape(10_000), 3, 0).toFloatArray();
            assertArrayEquals(a, noise.uniform(manager, new Shape(10_000), 3, 0).toFloatArray());
            int[] deciles = new int[10];
            for (float v : a) {
                assertTrue(v >= 0f && v < 1f, "uniform value " + v + " outside [0, 1)");
                deciles[(int) (v * 10)]++;
            }
            // 1,000 expected per decile, standard deviation 30: 150 is five of them.
            for (int count : deciles) {
                assertEquals(1000, count, 150);
            }
        }
    }

    @Test
    void batchesAreAShuffledPartitionResumableMidEpoch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(manager.zeros(new Shape(10, 1)))
                            .setSampling(4, false)
                            .build();
            List<List<Long>> epoch = batches(new SeededBatchSampler(1, 0, 4, 0), data);
            assertEquals(3, epoch.size());
            assertEquals(2, epoch.get(2).size());
            List<Long> all = new ArrayList<>();
            epoch.forEach(all::addAll);
            assertEquals(10, all.stream().distinct().count());
            assertEquals(epoch.subList(1, 3), batches(new SeededBatchSampler(1, 0, 4, 1), data));
            assertFalse(epoch.equals(batches(new SeededBatchSampler(1, 1, 4, 0), data)));
            assertEquals(3, SeededBatchSampler.batchesPerEpoch(10, 4));
        }
    }

    private static List<List<Long>> batches(SeededBatchSampler sampler, ArrayDataset data) {
        List<List<Long>> out = new ArrayList<>();
        for (Iterator<List<Long>> it = sampler.sample(data); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
