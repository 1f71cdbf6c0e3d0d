package dev.annogan.examples.cli;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.annogan.core.labelgan.LabelSetDiscriminator;
import dev.annogan.core.labelgan.LabelSetGenerator;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.objective.LabelSetObjective;
import dev.annogan.training.objective.LabelSetObjective.FakeSets;
import java.io.PrintStream;
import java.util.List;
import java.util.Random;

/**
 * {@code annogan bench train}: times GAN training iterations on a reference workload of {@code
 * ../shared/bench} (one iteration = one D update and one G update), printing one JSON line with
 * {@code ms_per_iter} for {@code compare.py}.
 */
final class BenchTrainCommand implements Command {

    @Override
    public String name() {
        return "bench train";
    }

    @Override
    public String summary() {
        return "time training iterations of a reference workload (w1: the label-set GAN)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.optional("workload", "W", "reference workload: w1", "w1"),
                Option.optional("iters", "N", "timed iterations", 500),
                Option.optional("warmup", "N", "untimed iterations first", 50),
                Option.optional("threads", "T", "intra-op threads of the engine", 2),
                Option.flag("json", "print one JSON line with ms_per_iter"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        args.choice("workload", "w1");
        int iters = args.integer("iters", 1, 1_000_000);
        int warmup = args.integer("warmup", 0, 1_000_000);
        int threads = args.integer("threads", 1, 256);
        // Read by the PyTorch engine when it loads, which has not happened yet in this process.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        int k = 80;
        int batchSize = 64;
        int noise = 100;
        Random random = new Random(0);
        float[][] real = new float[batchSize][k];
        for (float[] row : real) {
            for (int j = 0; j < k; j++) {
                row[j] = random.nextBoolean() ? 1 : 0;
            }
        }
        GanConfig config = GanConfig.builder().optBatchSize(batchSize).optCheckpoints(0, 1).build();
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan =
                        GanTrainer.builder()
                                .setGenerator(
                                        LabelSetGenerator.builder()
                                                .setNumLabels(k)
                                                .optNoiseDim(noise)
                                                .build())
                                .setDiscriminator(
                                        LabelSetDiscriminator.builder().setNumLabels(k).build())
                                .setObjective(
                                        new LabelSetObjective(
                                                noise, k, real, 0, FakeSets.PROBABILITIES))
                                .optConfig(config)
                                .build()) {
            gan.initialize(new Shape[] {new Shape(1, noise)}, new Shape[] {new Shape(1, k)});
            Batch batch =
                    new Batch(
                            manager,
                            new NDList(manager.create(real)),
                            new NDList(),
                            batchSize,
                            Batchifier.STACK,
                            Batchifier.STACK,
                            0,
                            1);
            for (int i = 0; i < warmup; i++) {
                gan.trainBatch(batch);
            }
            long start = System.nanoTime();
            for (int i = 0; i < iters; i++) {
                gan.trainBatch(batch);
            }
            double ms = (System.nanoTime() - start) / 1e6 / iters;
            if (args.flag("json")) {
                out.printf(
                        "{\"workload\": \"w1\", \"ms_per_iter\": %.4f, \"iters\": %d, \"threads\": %d}%n",
                        ms, iters, threads);
            } else {
                out.printf(
                        "w1: %.3f ms per iteration (%d iterations, %d threads)%n",
                        ms, iters, threads);
            }
        }
        return 0;
    }
}
