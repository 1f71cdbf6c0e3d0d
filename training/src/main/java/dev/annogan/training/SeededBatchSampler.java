package dev.annogan.training;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Shuffled batches whose order is a function of (seed, epoch), starting at a given batch, so a run
 * resumed mid-epoch sees the batches the uninterrupted run saw. DJL's {@code RandomSampler} draws
 * from a process-wide generator whose state cannot be saved.
 */
final class SeededBatchSampler implements Sampler {

    private final long seed;
    private final int epoch;
    private final int batchSize;
    private final int firstBatch;

    SeededBatchSampler(long seed, int epoch, int batchSize, int firstBatch) {
        this.seed = seed;
        this.epoch = epoch;
        this.batchSize = batchSize;
        this.firstBatch = firstBatch;
    }

    /**
     * Returns the number of batches an epoch of {@code size} records has (the last may be short).
     */
    static int batchesPerEpoch(long size, int batchSize) {
        return (int) ((size + batchSize - 1) / batchSize);
    }

    @Override
    public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
        int size = Math.toIntExact(dataset.size());
        long[] order = new long[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Random random = new Random(seed * 1_000_003L + epoch);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<List<Long>> batches = new ArrayList<>();
        for (int start = firstBatch * batchSize; start < size; start += batchSize) {
            List<Long> batch = new ArrayList<>(batchSize);
            for (int i = start; i < Math.min(size, start + batchSize); i++) {
                batch.add(order[i]);
            }
            batches.add(batch);
        }
        return batches.iterator();
    }

    @Override
    public int getBatchSize() {
        return batchSize;
    }
}
