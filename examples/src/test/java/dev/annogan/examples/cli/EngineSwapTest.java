package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seeded runs of the tagger and of the label-set GAN learn on PyTorch and on MXNet, with
 * no change but DJL's {@code ai.djl.default_engine}.
 *
 * <p>DJL picks one engine per process, so each run is a child JVM on this test's own class path
 * (which holds both engines: see examples/pom.xml) started with {@code
 * -Dai.djl.default_engine=NAME}; DJL refuses to start when the named engine is absent, so a run
 * that finishes ran on that engine. The assertions read the run's {@code metrics.csv}:
 *
 * <ul>
 *   <li>tagger: 16 labelled images, one batch a step, 30 steps; G's loss (binary cross-entropy plus
 *       0.1 times the adversarial term) must fall to under 60% of its first-epoch value, which it
 *       does only if the supervised gradient reaches G and Adam applies it;
 *   <li>label-set GAN: 400 label sets, 100 steps at a learning rate of 1e-3; D's mean loss over the
 *       last five epochs must fall under 75% of its mean over the first two, which it does only if
 *       D learns to tell real label sets from G's.
 * </ul>
 *
 * <p>Margins, measured with seeds 1-5 on both engines: the tagger's loss ended at 24-40% of its
 * start, D's at 9-30%. One engine thread per run keeps runs repeatable and the machine usable.
 */
class EngineSwapTest {

    private static final List<String> ENGINES = List.of("PyTorch", "MXNet");
    private static final long RUN_TIMEOUT_MINUTES = 5;

    @TempDir static Path dir;

    @BeforeAll
    static void shapes() {
        // Generating the datasets needs no engine: it runs in this JVM.
        generate("tagger-shapes", 20);
        generate("label-shapes", 400);
    }

    private static void generate(String name, int images) {
        CliRun run =
                CliRun.of(
                        "shapes",
                        "--out",
                        dir.resolve(name).toString(),
                        "--images",
                        Integer.toString(images),
                        "--size",
                        "32",
                        "--seed",
                        "7");
        assertEquals(0, run.code(), run.err());
    }

    @Test
    void bothEnginesAreOnTheTestClassPath() {
        assertTrue(
                Engine.getAllEngines().containsAll(ENGINES),
                "engines found: " + Engine.getAllEngines());
    }

    @Test
    void taggerLearnsOnEveryEngine() throws Exception {
        Map<String, List<Double>> losses = new LinkedHashMap<>();
        for (String engine : ENGINES) {
            Path out = dir.resolve("tagger-" + engine);
            train(
                    engine,
                    out,
                    "train",
                    "tagger",
                    "--data",
                    "shapes",
                    dir.resolve("tagger-shapes").toString(),
                    "--labeled-fraction",
                    "1",
                    "--held-out",
                    "0.2",
                    "--batch",
                    "16",
                    "--epochs",
                    "30",
                    "--size",
                    "32",
                    "--depth",
                    "3",
                    "--width",
                    "16",
                    "--adv-weight",
                    "0.1",
                    "--augment",
                    "none",
                    "--seed",
                    "1");
            List<Double> g = column(out.resolve("metrics.csv"), "g_loss");
            assertEquals(30, g.size(), engine + ": one row per epoch");
            double first = g.get(0);
            double last = mean(g.subList(g.size() - 3, g.size()));
            assertTrue(
                    last < 0.6 * first,
                    engine + ": G's loss went from " + first + " to " + last + " " + g);
            losses.put(engine, g);
        }
        assertDifferentRuns(losses);
    }

    @Test
    void labelSetGanLearnsOnEveryEngine() throws Exception {
        Map<String, List<Double>> losses = new LinkedHashMap<>();
        for (String engine : ENGINES) {
            Path out = dir.resolve("label-gan-" + engine);
            train(
                    engine,
                    out,
                    "train",
                    "label-gan",
                    "--annotations",
                    dir.resolve("label-shapes/annotations.json").toString(),
                    "--batch",
                    "64",
                    "--epochs",
                    "20",
                    "--lr",
                    "1e-3",
                    "--ema",
                    "0",
                    // G starts at the data's label frequencies, so its sampled sets are hard to
                    // tell from real ones; with the seed's probability fakes (fractional values)
                    // and D judging each set alone, D's learning shows in its loss on any engine.
                    "--fakes",
                    "probabilities",
                    "--no-minibatch-averaging",
                    "--seed",
                    "4");
            List<Double> d = column(out.resolve("metrics.csv"), "d_loss");
            assertEquals(20, d.size(), engine + ": one row per epoch");
            double first = mean(d.subList(0, 2));
            double last = mean(d.subList(d.size() - 5, d.size()));
            assertTrue(
                    last < 0.75 * first,
                    engine + ": D's loss went from " + first + " to " + last + " " + d);
            losses.put(engine, d);
        }
        assertDifferentRuns(losses);
    }

    /**
     * Two engines draw different initial weights from one seed, so identical curves would mean that
     * one engine ran twice.
     */
    private static void assertDifferentRuns(Map<String, List<Double>> losses) {
        List<List<Double>> curves = new ArrayList<>(losses.values());
        assertNotEquals(curves.get(0), curves.get(1), "identical curves: " + losses);
    }

    /** Runs the CLI in a child JVM on {@code engine}, writing into {@code out}. */
    private static void train(String engine, Path out, String... argv)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dai.djl.default_engine=" + engine);
        command.add("-Dai.djl.offline=true");
        command.add("-Dai.djl.pytorch.num_threads=1");
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        String logConfig = System.getProperty("log4j2.configurationFile");
        if (logConfig != null) {
            command.add("-Dlog4j2.configurationFile=" + logConfig);
        }
        command.add(AnnoGanCli.class.getName());
        command.addAll(Arrays.asList(argv));
        command.add("--out");
        command.add(out.toString());
        Path log = dir.resolve(out.getFileName() + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // MXNet takes its CPU threads from OpenMP's variable; DJL_OFFLINE is the engines' other
        // switch against downloads.
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().put("DJL_OFFLINE", "true");
        Process process = builder.start();
        boolean finished = process.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, engine + ": no end after " + RUN_TIMEOUT_MINUTES + " min\n" + output);
        assertEquals(0, process.exitValue(), engine + " run failed:\n" + output);
    }

    /** Returns one column of a metrics CSV, by its header name. */
    private static List<Double> column(Path csv, String name) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int index = Arrays.asList(lines.get(0).split(",")).indexOf(name);
        assertTrue(index >= 0, csv + ": no column " + name + " in " + lines.get(0));
        List<Double> values = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            values.add(Double.parseDouble(line.split(",")[index]));
        }
        return values;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
