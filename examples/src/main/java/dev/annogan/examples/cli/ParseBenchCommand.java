package dev.annogan.examples.cli;

import dev.annogan.datasets.coco.CocoIndex;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code annogan bench parse}: times reading and indexing a COCO file (with full validation), for
 * the comparison with Python's {@code json.load} plus pycocotools' index in {@code
 * bench/parse_compare.py}.
 */
final class ParseBenchCommand implements Command {

    @Override
    public String name() {
        return "bench parse";
    }

    @Override
    public String summary() {
        return "time parsing, validating and indexing a COCO file";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.required("annotations", "FILE", "COCO instances JSON file"),
                Option.optional("repeat", "N", "number of timed reads", 3),
                Option.flag("json", "print one JSON line: ms (median), heap_mb (peak)"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        int repeat = args.integer("repeat", 1, 100);
        List<Double> times = new ArrayList<>();
        CocoIndex index = null;
        for (int r = 0; r < repeat; r++) {
            index = null;
            System.gc();
            long start = System.nanoTime();
            index = CocoIndex.read(args.path("annotations"));
            times.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(times);
        double median = times.get(times.size() / 2);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long peakMb = peak >> 20;
        if (args.flag("json")) {
            out.printf(
                    "{\"ms\": %.1f, \"heap_mb\": %d, \"images\": %d, \"annotations\": %d}%n",
                    median, peakMb, index.images().size(), index.annotations().size());
        } else {
            out.printf(
                    "%d images, %d annotations: median %.0f ms over %d reads, peak heap %d MB%n",
                    index.images().size(), index.annotations().size(), median, repeat, peakMb);
        }
        return 0;
    }
}
