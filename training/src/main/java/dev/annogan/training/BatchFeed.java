package dev.annogan.training;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches of a training loop, loaded ahead on background threads: DJL's data iterator with an
 * executor keeps the dataset's {@code prefetchNumber} batches (2 by default) loading while the loop
 * trains, each batch on one loader thread, in the sampler's order. With no loader threads the
 * batches are loaded on the loop's own thread when it asks for them, as DJL does without an
 * executor: decoding then adds to every step.
 *
 * <p>Each {@link #next} times the wait for the batch; {@link #lastWaitNanos()} returns it. A
 * background load's exception is rethrown as it was thrown (an {@link IOException} as an {@link
 * UncheckedIOException}, since {@link Iterator#next} declares none), with DJL's wrapper, which
 * holds the loop's side of the stack, as a suppressed exception.
 */
public final class BatchFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchFeed.class);
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
     *
     * @param dataset the dataset to read
     * @param manager the manager the batches' arrays are created in
     * @param sampler the sampler that orders the batches
     * @return the pass's batches, loaded ahead on the loader threads
     * @throws IOException if the dataset cannot prepare its data
     * @throws TranslateException if the dataset cannot turn a record into arrays
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
                if (!loaders.awaitTermination(1, TimeUnit.MINUTES)) {
                    LOG.warn("a batch load did not stop within a minute of being cancelled");
                }
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
                // Only that shape is unwrapped; an ISE thrown by a load on this thread is the
                // failure itself. The wrapper stays attached, for the consumer's side of the stack.
                if (!(e.getCause() instanceof ExecutionException wrapped)
                        || wrapped.getCause() == null) {
                    throw e;
                }
                Throwable cause = wrapped.getCause();
                RuntimeException rethrown =
                        cause instanceof RuntimeException r
                                ? r
                                : cause instanceof IOException io
                                        ? new UncheckedIOException(io)
                                        : null;
                if (cause instanceof Error err) {
                    err.addSuppressed(e);
                    throw err;
                }
                if (rethrown == null) {
                    throw e;
                }
                rethrown.addSuppressed(e);
                throw rethrown;
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
