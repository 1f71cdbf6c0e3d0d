package dev.annogan.training;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches of a training loop, loaded ahead on background threads: DJL's data iterator with an
 * executor keeps the dataset's {@code prefetchNumber} batches (2 by default) loading while the loop
 * trains, each batch on one loader thread, in the sampler's order. With no loader threads the
 * batches are loaded on the loop's own thread when it asks for them, as DJL does without an
 * executor: decoding then adds to every step.
 *
 * <p>Each {@link #next} times the wait for the batch; {@link #lastWaitNanos()} returns it.
 * Exceptions of a background load are rethrown as they were thrown, not wrapped.
 */
public final class BatchFeed implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService loaders;

    /**
     * Creates a feed.
     *
     * @param loaderThreads background loader threads; 0 loads on the caller's thread
     */
    public BatchFeed(int loaderThreads) {
        if (loaderThreads < 0) {
            throw new IllegalArgumentException("loader threads must be at least 0");
        }
        if (loaderThreads == 0) {
            loaders = null;
        } else {
            int pool = POOLS.incrementAndGet();
            AtomicInteger count = new AtomicInteger();
            loaders =
                    Executors.newFixedThreadPool(
                            loaderThreads,
                            r -> {
                                Thread t =
                                        new Thread(
                                                r,
                                                "batch-loader-"
                                                        + pool
                                                        + "-"
                                                        + count.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
        }
    }

    /**
     * Returns one pass over a dataset in the sampler's batches. Batches not consumed when the loop
     * stops early stay in sub-managers of {@code manager}, closed with it.
     */
    public Batches epoch(RandomAccessDataset dataset, NDManager manager, Sampler sampler)
            throws IOException, TranslateException {
        Iterable<Batch> batches =
                loaders == null
                        ? dataset.getData(manager, sampler)
                        : dataset.getData(manager, sampler, loaders);
        return new Batches(batches.iterator());
    }

    /** Stops the loader threads, waiting for loads under way (they may use the manager). */
    @Override
    public void close() {
        if (loaders != null) {
            loaders.shutdownNow();
            try {
                loaders.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One pass's batches, each {@link #next} timed. */
    public static final class Batches implements Iterator<Batch> {
        private final Iterator<Batch> inner;
        private long lastWaitNanos;
        private Boolean hasNext;

        Batches(Iterator<Batch> inner) {
            this.inner = inner;
        }

        @Override
        public boolean hasNext() {
            if (hasNext == null) {
                hasNext = inner.hasNext();
            }
            return hasNext;
        }

        @Override
        public Batch next() {
            long start = System.nanoTime();
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            hasNext = null;
            try {
                return inner.next();
            } catch (IllegalStateException e) {
                // DJL wraps a background load's failure twice: ISE(ExecutionException(cause)).
                Throwable cause = e.getCause();
                if (cause instanceof ExecutionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw e;
            } finally {
                lastWaitNanos = System.nanoTime() - start;
            }
        }

        /** Returns how long the last {@link #next} waited, in nanoseconds. */
        public long lastWaitNanos() {
            return lastWaitNanos;
        }
    }
}
