package dev.annogan.examples.cli;

import ai.djl.ndarray.NDManager;
import dev.annogan.examples.bench.ReferenceWorkload;
import dev.annogan.examples.bench.ResidentMemory;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code annogan bench train}: times GAN training iterations of a reference workload of {@code
 * ../shared/bench} (one iteration = one D update and one G update), in the reference's JSON format
 * for {@code compare.py}: {@code ms_per_iter} is the median of the repetitions. Long runs (soak
 * tests) also report the resident memory every 1000 iterations.
 */
final class BenchTrainCommand implements Command {

    /** Iterations between memory readings of a soak run. */
    private static final int SOAK_INTERVAL = 1000;

    @Override
    public String name() {
        return "bench train";
    }

    @Override
    public String summary() {
        return "time training iterations of reference workload w1, w2 or w3 (see BENCHMARKS.md)";
    }

    @Override
    public boolean usesEngine() {
        return true;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.optional(
                        "workload",
                        "W",
                        "w1 (label-set GAN), w2 (conditional tagger), w3 (pix2pix segmenter)",
                        "w1"),
                Option.optional(
                        "iters",
                        "N",
                        "timed iterations per repetition; from 5000 on, resident memory is"
                                + " printed every 1000 (a soak test)",
                        100),
                Option.optional("warmup", "N", "untimed iterations first", 20),
                Option.optional("reps", "N", "timed repetitions; the median is reported", 3),
                Option.optional(
                        "threads",
                        "T",
                        "intra-op threads of the PyTorch engine (MXNet takes OMP_NUM_THREADS from"
                                + " the environment)",
                        2),
                Option.flag("json", "print one JSON line in the reference's format"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        String workload = args.choice("workload", "w1", "w2", "w3");
        int iters = args.integer("iters", 1, 10_000_000);
        int warmup = args.integer("warmup", 0, 1_000_000);
        int reps = args.integer("reps", 1, 1000);
        int threads = args.integer("threads", 1, 256);
        boolean soak = iters >= 5 * SOAK_INTERVAL;
        // Read by the PyTorch engine when it loads, which has not happened yet in this process.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        try (NDManager manager = NDManager.newBaseManager();
                ReferenceWorkload work = ReferenceWorkload.of(workload, manager)) {
            for (int i = 0; i < warmup; i++) {
                work.iterate();
            }
            long rssAfterWarmup = ResidentMemory.bytes();
            List<Long> rssReadings = new ArrayList<>();
            List<Long> rssIterations = new ArrayList<>();
            double[] times = new double[reps];
            double[] cpuTimes = new double[reps];
            for (int r = 0; r < reps; r++) {
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                for (int i = 1; i <= iters; i++) {
                    work.iterate();
                    if (soak && i % SOAK_INTERVAL == 0) {
                        long rss = ResidentMemory.bytes();
                        rssReadings.add(rss);
                        rssIterations.add((long) r * iters + i);
                        if (!args.flag("json")) {
                            // Counted over all repetitions: the soak is about the whole run.
                            out.printf(
                                    Locale.ROOT,
                                    "iteration %d: resident memory %.1f MB%n",
                                    rssIterations.get(rssIterations.size() - 1),
                                    rss / 1e6);
                        }
                    }
                }
                times[r] = (System.nanoTime() - start) / 1e6 / iters;
                cpuTimes[r] = (processCpuNanos() - cpuStart) / 1e6 / iters;
            }
            String engine = manager.getEngine().getEngineName();
            double ms = median(times);
            double cpuMs = median(cpuTimes);
            double gflops = work.flopsPerIteration() / (ms / 1e3) / 1e9;
            if (args.flag("json")) {
                StringBuilder json = new StringBuilder();
                json.append(
                        String.format(
                                Locale.ROOT,
                                "{\"impl\": \"annogan\", \"engine\": \"%s\", \"workload\": \"%s\","
                                        + " \"threads\": %d,"
                                        + " \"warmup\": %d, \"iters\": %d, \"ms_per_iter_reps\": %s,"
                                        + " \"ms_per_iter\": %.4f, \"cpu_ms_per_iter\": %.4f,"
                                        + " \"gflop_per_iter\": %.4f,"
                                        + " \"gflops\": %.2f, \"rss_mb_after_warmup\": %.1f",
                                engine,
                                workload,
                                threads,
                                warmup,
                                iters,
                                Arrays.toString(round(times)),
                                ms,
                                cpuMs,
                                work.flopsPerIteration() / 1e9,
                                gflops,
                                rssAfterWarmup / 1e6));
                if (!rssReadings.isEmpty()) {
                    json.append(", \"rss_mb_every_1000\": [");
                    for (int i = 0; i < rssReadings.size(); i++) {
                        json.append(i == 0 ? "" : ", ")
                                .append(
                                        String.format(
                                                Locale.ROOT, "%.1f", rssReadings.get(i) / 1e6));
                    }
                    json.append(']');
                }
                out.println(json.append('}'));
            } else {
                out.printf(
                        Locale.ROOT,
                        "%s on %s: %.3f ms per iteration (median of %d x %d, %d threads; %.3f ms of"
                                + " CPU), %.2f GFLOP/s (%.3f GFLOP per iteration)%n",
                        workload,
                        engine,
                        ms,
                        reps,
                        iters,
                        threads,
                        cpuMs,
                        gflops,
                        work.flopsPerIteration() / 1e9);
                if (!rssReadings.isEmpty()) {
                    // The JVM grows its heap for the first thousands of iterations; whether memory
                    // stays flat shows in the second half of the run.
                    long last = rssReadings.get(rssReadings.size() - 1);
                    int half = (rssReadings.size() - 1) / 2;
                    long middle = rssReadings.get(half);
                    out.printf(
                            Locale.ROOT,
                            "resident memory: %.1f MB after warm-up, %.1f MB at iteration %d,"
                                    + " %.1f MB at the end: %+.1f MB over the second half%n",
                            rssAfterWarmup / 1e6,
                            middle / 1e6,
                            rssIterations.get(half),
                            last / 1e6,
                            (last - middle) / 1e6);
                }
            }
        }
        return 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Returns the CPU time of the whole process, every thread's: on a shared machine it moves less
     * than wall time when other jobs take turns on the cores.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double[] round(double[] values) {
        double[] rounded = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = Math.round(values[i] * 1e4) / 1e4;
        }
        return rounded;
    }
}
