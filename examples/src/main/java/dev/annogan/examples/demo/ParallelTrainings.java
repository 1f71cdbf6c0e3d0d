package dev.annogan.examples.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the demo's trainings a few at a time, each in a {@link TrainingWorker} process of its own
 * with one engine thread, and shows their progress on one {@link TrainingBoard}.
 *
 * <p>Processes, not threads: DJL's PyTorch engine allows one gradient collector per process. One
 * engine thread each: on two cores, two single-threaded trainings finish sooner than the same
 * trainings one after the other with two threads, because small convolutions split poorly and an
 * engine thread that waits for a busy core stalls its peers at every barrier.
 */
final class ParallelTrainings {

    /** The name of each run's log in its folder. */
    static final String LOG = "train.log";

    private ParallelTrainings() {}

    /**
     * One training.
     *
     * @param name what the board calls it, e.g. "segmenter adversarial"
     * @param application "segmenter" or "tagger"
     * @param mode "baseline" or "adversarial"
     * @param folder its run folder
     */
    record Job(String name, String application, String mode, Path folder) {}

    /**
     * Runs the jobs, at most {@code workers} at once, in the given order (put the longest first).
     * When one fails, the jobs not yet started are dropped, those running finish, and the first
     * failure is thrown.
     *
     * @param settingsFile the demo's settings, as {@link DemoSettings#toProperties} wrote them
     * @return the CPU time of the training processes, in all
     * @throws TrainingFailedException naming the first job that failed and its log
     */
    static double run(List<Job> jobs, Path settingsFile, int workers, PrintStream out)
            throws TrainingFailedException, InterruptedException {
        TrainingBoard board = new TrainingBoard(out);
        List<Process> live = Collections.synchronizedList(new ArrayList<>());
        // A demo stopped with Ctrl-C must not leave its trainings running.
        Thread reaper =
                new Thread(
                        () -> {
                            synchronized (live) {
                                live.forEach(Process::destroyForcibly);
                            }
                        });
        Runtime.getRuntime().addShutdownHook(reaper);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Job job : jobs) {
                TrainingBoard.Lane lane = board.lane(job.name());
                futures.add(
                        pool.submit(
                                () -> {
                                    train(job, lane, settingsFile, live);
                                    return null;
                                }));
            }
            TrainingFailedException failure = null;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure =
                                e.getCause() instanceof TrainingFailedException t
                                        ? t
                                        : new TrainingFailedException(
                                                "a training", null, e.getCause().toString(), 3);
                        futures.forEach(f -> f.cancel(false));
                    }
                } catch (CancellationException e) {
                    // Dropped after an earlier failure, which is the one reported.
                }
            }
            if (failure != null) {
                throw failure;
            }
            return board.cpuSeconds();
        } finally {
            pool.shutdownNow();
            synchronized (live) {
                live.forEach(Process::destroyForcibly);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // The JVM is shutting down; the hook runs anyway.
            }
            board.finish();
        }
    }

    private static void train(
            Job job, TrainingBoard.Lane lane, Path settingsFile, List<Process> live)
            throws IOException, InterruptedException, TrainingFailedException {
        Files.createDirectories(job.folder());
        Path log = job.folder().resolve(LOG);
        ProcessBuilder builder = new ProcessBuilder(command(settingsFile, job));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // OpenMP threads other than PyTorch's intra-op pool (e.g. in BLAS) stay at one as well.
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        live.add(process);
        try (BufferedReader events =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = events.readLine(); line != null; line = events.readLine()) {
                ProgressEvents.dispatch(line, lane);
            }
            int code = process.waitFor();
            if (code != 0) {
                throw new TrainingFailedException(job.name(), log, lastLine(log), code);
            }
        } finally {
            live.remove(process);
            lane.end();
        }
    }

    /** Returns the last non-blank line of the log: the worker's message when it failed. */
    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            // The runner's progress bar ends its lines with carriage returns.
            int cr = line.lastIndexOf('\r');
            line = cr >= 0 ? line.substring(cr + 1).strip() : line;
            if (!line.isEmpty()) {
                return line;
            }
        }
        return "no message";
    }

    private static List<String> command(Path settingsFile, Job job) {
        List<String> command = new ArrayList<>();
        command.add(
                ProcessHandle.current()
                        .info()
                        .command()
                        .orElse(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        // The engine reads its thread count when it loads; the worker's engine is its own.
        command.add("-Dai.djl.pytorch.num_threads=1");
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            String key = e.getKey().toString();
            // The engine choice (and any other engine setting) carries over to the workers.
            if (key.startsWith("ai.djl.") && !key.startsWith("ai.djl.pytorch.num_")) {
                command.add("-D" + key + "=" + e.getValue());
            }
        }
        command.add(TrainingWorker.class.getName());
        command.add(settingsFile.toString());
        command.add(job.application());
        command.add(job.mode());
        return command;
    }
}
