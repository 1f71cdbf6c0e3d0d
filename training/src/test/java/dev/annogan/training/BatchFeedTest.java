package dev.annogan.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.util.Progress;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Batches arrive in order whether loaded ahead or not, and a failed load surfaces as itself. */
class BatchFeedTest {

    /** Ten rows holding 0..9; reading row 5 throws what {@code failure} makes, if set. */
    private static final class Rows extends RandomAccessDataset {
        private final Supplier<RuntimeException> failure;

        Rows(Supplier<RuntimeException> failure) {
            super(new Builder().setSampling(2, false));
            this.failure = failure;
        }

        @Override
        public Record get(NDManager manager, long index) {
            if (index == 5 && failure != null) {
                throw failure.get();
            }
            NDArray value = manager.create(new float[] {index});
            return new Record(new NDList(value), new NDList(value.duplicate()));
        }

        @Override
        protected long availableSize() {
            return 10;
        }

        @Override
        public void prepare(Progress progress) {}

        private static final class Builder extends RandomAccessDataset.BaseBuilder<Builder> {
            @Override
            protected Builder self() {
                return this;
            }
        }
    }

    private static BatchSampler inOrder() {
        return new BatchSampler(new SequenceSampler(), 2, false);
    }

    @Test
    void batchesComeInTheSamplersOrderWithAndWithoutLoaderThreads() throws Exception {
        for (int threads : new int[] {0, 1, 2}) {
            try (NDManager manager = NDManager.newBaseManager();
                    BatchFeed feed = new BatchFeed(threads)) {
                BatchFeed.Batches batches = feed.epoch(new Rows(null), manager, inOrder());
                float expected = 0;
                int count = 0;
                while (batches.hasNext()) {
                    try (Batch batch = batches.next()) {
                        NDList data = batch.getData();
                        for (float v : data.head().toFloatArray()) {
                            assertEquals(expected++, v, "threads " + threads);
                        }
                        assertTrue(batches.lastWaitNanos() >= 0);
                        count++;
                    }
                }
                assertEquals(5, count, "threads " + threads);
            }
        }
    }

    @Test
    void aBackgroundFailureIsRethrownAsItselfWithTheLoopsStackAttached() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                BatchFeed feed = new BatchFeed(1)) {
            BatchFeed.Batches batches =
                    feed.epoch(
                            new Rows(() -> new IllegalArgumentException("row 5 broke")),
                            manager,
                            inOrder());
            IllegalArgumentException thrown =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> {
                                while (batches.hasNext()) {
                                    batches.next().close();
                                }
                            });
            assertEquals("row 5 broke", thrown.getMessage());
            assertEquals(1, thrown.getSuppressed().length, "DJL's wrapper, for the loop's stack");
        }
    }

    @Test
    void aFailureOnTheCallersThreadIsNotMistakenForAWrappedOne() throws Exception {
        // An IllegalStateException with a cause, thrown by the load itself: it is the failure,
        // and its cause is no background exception to unwrap.
        try (NDManager manager = NDManager.newBaseManager();
                BatchFeed feed = new BatchFeed(0)) {
            BatchFeed.Batches batches =
                    feed.epoch(
                            new Rows(
                                    () ->
                                            new IllegalStateException(
                                                    "row 5 broke",
                                                    new NumberFormatException("bad digit"))),
                            manager,
                            inOrder());
            IllegalStateException thrown =
                    assertThrows(
                            IllegalStateException.class,
                            () -> {
                                while (batches.hasNext()) {
                                    batches.next().close();
                                }
                            });
            assertEquals("row 5 broke", thrown.getMessage());
        }
    }

    @Test
    void stoppingEarlyAndClosingDoesNotHang() throws Exception {
        assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () -> {
                    try (NDManager manager = NDManager.newBaseManager();
                            BatchFeed feed = new BatchFeed(2)) {
                        BatchFeed.Batches batches = feed.epoch(new Rows(null), manager, inOrder());
                        batches.next().close();
                    }
                });
    }
}
