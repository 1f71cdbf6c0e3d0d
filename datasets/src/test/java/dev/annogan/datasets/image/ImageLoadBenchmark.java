package dev.annogan.datasets.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Times {@link ImageLoader} on every COCO-tiny JPEG and prints images per second (median of the
 * passes after three warm-up passes), split into decoding and resizing. The PIL reference is {@code
 * bench/pil_resize.py}.
 *
 * <pre>
 * java -cp datasets/target/classes:datasets/target/test-classes:$DJL_API_JAR \
 *     dev.annogan.datasets.image.ImageLoadBenchmark [coco-tiny folder] [size] [passes]
 * </pre>
 */
public final class ImageLoadBenchmark {

    private static final int WARM_UP_PASSES = 3;

    private ImageLoadBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional: the coco-tiny folder (default {@code ../shared/data/coco-tiny}), the
     *     output size (default 128) and the number of timed passes (default 5)
     * @throws Exception if an image fails to load
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/data/coco-tiny");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<Path> files = jpegs(root);
        System.out.printf(
                "ImageLoader (Java %s): %d JPEGs -> %dx%d, %d passes%n",
                Runtime.version(), files.size(), size, size, passes);

        ImageLoader loader = ImageLoader.builder().setSize(size, size).build();
        ImageLoader full =
                ImageLoader.builder().setSize(size, size).optSubsampling(Subsampling.NONE).build();
        ImageLoader fastest =
                ImageLoader.builder()
                        .setSize(size, size)
                        .optSubsampling(Subsampling.FASTEST)
                        .build();
        report("load (ANTIALIASED)", files, passes, 1, f -> loader.load(f));
        report("load, 2 threads", files, passes, 2, f -> loader.load(f));
        report("load, Subsampling.NONE", files, passes, 1, f -> full.load(f));
        report("load, FASTEST", files, passes, 1, f -> fastest.load(f));
        report(
                "decode only",
                files,
                passes,
                1,
                f -> ImageDecoder.decode(f, size, size, Subsampling.ANTIALIASED, true));
        List<DecodedImage> decoded = new ArrayList<>();
        for (Path f : files) {
            decoded.add(ImageDecoder.decode(f, size, size, Subsampling.ANTIALIASED, true));
        }
        report(
                "resize+normalise only",
                decoded,
                passes,
                1,
                d -> RgbResampler.resample(d, size, size, Normalization.SYMMETRIC));
    }

    private static List<Path> jpegs(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String split : new String[] {"train2017", "val2017"}) {
            try (Stream<Path> list = Files.list(root.resolve(split))) {
                list.filter(p -> p.toString().endsWith(".jpg")).sorted().forEach(files::add);
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no JPEGs under " + root + "/{train2017,val2017}");
        }
        return files;
    }

    /** One unit of work on one item. */
    @FunctionalInterface
    private interface Work<T> {
        Object run(T item) throws IOException;
    }

    private static <T> void report(
            String name, List<T> items, int passes, int threads, Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // Warm-up: JIT compilation of the decoder's Java side takes a few hundred images.
            for (int w = 0; w < WARM_UP_PASSES; w++) {
                runPass(items, threads, work, pool);
            }
            double[] rates = new double[passes];
            for (int p = 0; p < passes; p++) {
                long start = System.nanoTime();
                runPass(items, threads, work, pool);
                rates[p] = items.size() / ((System.nanoTime() - start) / 1e9);
            }
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            StringBuilder all = new StringBuilder();
            for (double r : rates) {
                all.append(String.format(" %.0f", r));
            }
            System.out.printf(
                    "%-22s %7.1f images/s (median; passes:%s)%n", name, sorted[passes / 2], all);
        } finally {
            pool.shutdown();
        }
    }

    /** Splits the items into one contiguous share per thread and waits for all of them. */
    private static <T> void runPass(List<T> items, int threads, Work<T> work, ExecutorService pool)
            throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<T> share =
                    items.subList(t * items.size() / threads, (t + 1) * items.size() / threads);
            futures.add(
                    pool.submit(
                            () -> {
                                for (T item : share) {
                                    try {
                                        work.run(item);
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                }
                            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }
}
