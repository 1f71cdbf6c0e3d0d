package dev.annogan.datasets.shapes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Times {@link ShapesDatasetGenerator} writing 500 images of 128 x 128 (median of three runs after
 * a warm-up run) and prints the seconds and images per second.
 *
 * <pre>
 * java -cp datasets/target/classes:datasets/target/test-classes:$DJL_API_JAR:$GSON_JAR \
 *     dev.annogan.datasets.shapes.ShapesGenerationBenchmark [images] [output folder]
 * </pre>
 */
public final class ShapesGenerationBenchmark {

    private ShapesGenerationBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional: the number of images (default 500) and a folder to keep the last run in
     *     (default: a temporary folder, deleted)
     * @throws Exception if writing fails
     */
    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path keep = args.length > 1 ? Path.of(args[1]) : null;
        double[] seconds = new double[4];
        for (int run = 0; run < seconds.length; run++) {
            Path folder = keep != null ? keep : Files.createTempDirectory("shapes-bench");
            long start = System.nanoTime();
            GeneratedShapes shapes =
                    ShapesDatasetGenerator.builder()
                            .setOutputFolder(folder)
                            .setImageCount(images)
                            .optSeed(run)
                            .build()
                            .generate();
            seconds[run] = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "run %d: %d images, %d annotations in %.2f s (%.0f images/s)%s%n",
                    run,
                    images,
                    shapes.annotations().size(),
                    seconds[run],
                    images / seconds[run],
                    run == 0 ? " (warm-up)" : "");
            if (keep == null) {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
        double[] timed = {seconds[1], seconds[2], seconds[3]};
        Arrays.sort(timed);
        System.out.printf("median: %.2f s for %d images of 128x128%n", timed[1], images);
    }
}
