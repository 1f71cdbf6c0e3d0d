package dev.annogan.training.checkpoint;

import dev.annogan.core.io.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one training run, kept in a run directory.
 *
 * <p>Each checkpoint is a directory {@code step-000001234/} holding the parts its caller wrote and
 * a {@code manifest.json} with every part's size and SHA-256 hash. A save writes everything into a
 * {@code .tmp-} directory, syncs it, and commits by renaming it to its final name; only then do the
 * pointer files {@code latest} and {@code best} move, each by an atomic rename, and older
 * checkpoints go. A save that fails, for instance because a {@link PartWriter} throws, leaves the
 * run directory as it was; leftovers of a crashed process are ignored by readers and removed by the
 * next save.
 *
 * <p>The store keeps the {@code keepLast} checkpoints with the highest steps (always including the
 * one just saved) plus the best one by the metric saved with it. One process at a time may save to
 * a run directory; any number may read.
 */
public final class CheckpointStore {

    private static final Logger logger = LoggerFactory.getLogger(CheckpointStore.class);

    static final String LATEST = "latest";
    static final String BEST = "best";
    private static final Pattern CHECKPOINT_NAME = Pattern.compile("step-\\d{9,}");
    private static final Pattern PART_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private final Path runDirectory;
    private final int keepLast;
    private final MetricGoal goal;

    private CheckpointStore(Path runDirectory, int keepLast, MetricGoal goal) {
        this.runDirectory = runDirectory;
        this.keepLast = keepLast;
        this.goal = goal;
    }

    /**
     * Opens the store of a run directory, creating the directory if needed.
     *
     * @param runDirectory the run's directory
     * @param keepLast how many of the most recent checkpoints to keep, at least 1
     * @param goal which direction of the saved metric makes a checkpoint the best
     * @return the store
     * @throws IOException if the directory cannot be created
     * @throws IllegalArgumentException if {@code keepLast} is below 1
     */
    public static CheckpointStore open(Path runDirectory, int keepLast, MetricGoal goal)
            throws IOException {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be at least 1: " + keepLast);
        }
        if (goal == null) {
            throw new IllegalArgumentException("a metric goal is required");
        }
        Files.createDirectories(runDirectory);
        return new CheckpointStore(runDirectory, keepLast, goal);
    }

    /**
     * Returns the run directory.
     *
     * @return the directory holding the checkpoints
     */
    public Path runDirectory() {
        return runDirectory;
    }

    /**
     * Saves a checkpoint without a metric; see {@link #save(long, double, Map)}.
     *
     * @param step the training step
     * @param parts the writer of each part, by part name
     * @return the committed checkpoint
     * @throws IOException if the checkpoint cannot be written; the run directory is then unchanged
     */
    public Checkpoint save(long step, Map<String, PartWriter> parts) throws IOException {
        return save(step, Double.NaN, parts);
    }

    /**
     * Saves a checkpoint atomically, moves the {@code latest} pointer to it, the {@code best}
     * pointer if its metric is the best so far, and deletes checkpoints no longer kept.
     *
     * <p>Saving a step that already has a checkpoint replaces it, as happens when a run resumed
     * from an earlier checkpoint passes that step again.
     *
     * @param step the training step, not negative
     * @param metric the validation metric that ranks checkpoints, NaN for none
     * @param parts the writer of each part, by part name (letters, digits, '.', '_', '-'; not
     *     starting with '.'); written in name order
     * @return the committed checkpoint
     * @throws CheckpointException if a part's writer fails with an {@link IOException}, naming the
     *     part; the run directory is then unchanged
     * @throws IOException if the checkpoint cannot be written or committed
     * @throws IllegalArgumentException if the step, metric or a part name is invalid
     */
    public synchronized Checkpoint save(long step, double metric, Map<String, PartWriter> parts)
            throws IOException {
        validate(step, metric, parts);
        removeLeftovers();
        Path target = runDirectory.resolve(directoryName(step));
        Path temporary = temporaryPath(target.getFileName().toString());
        Files.createDirectory(temporary);
        Manifest manifest;
        try {
            manifest = writeParts(temporary, target, step, metric, parts);
            commit(temporary, target);
        } catch (IOException | RuntimeException | Error e) {
            deleteAfterFailure(temporary, e);
            throw e;
        }
        Checkpoint saved = Checkpoint.of(target, manifest);
        DurableFiles.replaceAtomically(runDirectory.resolve(LATEST), pointerText(saved));
        List<Checkpoint> all = list();
        Checkpoint best = updateBest(all);
        removeExpired(all, saved, best);
        return saved;
    }

    /**
     * Returns the checkpoint the {@code latest} pointer names, or the highest step if the pointer
     * is missing or names a checkpoint that is gone.
     *
     * @return the latest checkpoint, empty if there is none
     * @throws CheckpointException if the pointer is garbled or its checkpoint's manifest is
     *     unreadable
     * @throws IOException if the run directory cannot be read
     */
    public synchronized Optional<Checkpoint> latest() throws IOException {
        Optional<Checkpoint> pointed = pointedCheckpoint(LATEST);
        if (pointed.isPresent()) {
            return pointed;
        }
        List<Checkpoint> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Returns the checkpoint the {@code best} pointer names, or the best by metric if the pointer
     * is missing or names a checkpoint that is gone.
     *
     * @return the best checkpoint, empty if no checkpoint has a metric
     * @throws CheckpointException if the pointer is garbled or its checkpoint's manifest is
     *     unreadable
     * @throws IOException if the run directory cannot be read
     */
    public synchronized Optional<Checkpoint> best() throws IOException {
        Optional<Checkpoint> pointed = pointedCheckpoint(BEST);
        if (pointed.isPresent()) {
            return pointed;
        }
        return Optional.ofNullable(bestOf(list(), null));
    }

    /**
     * Lists the committed checkpoints whose manifests are readable, by ascending step.
     *
     * <p>Parts are not checked here; {@link Checkpoint#read(String)} checks them.
     *
     * @return the checkpoints
     * @throws IOException if the run directory cannot be read
     */
    public synchronized List<Checkpoint> list() throws IOException {
        List<Checkpoint> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(runDirectory)) {
            for (Path entry : entries) {
                if (CHECKPOINT_NAME.matcher(entry.getFileName().toString()).matches()
                        && Files.isDirectory(entry)) {
                    try {
                        found.add(Checkpoint.open(entry));
                    } catch (CheckpointException e) {
                        // Left in place for a person to inspect; never offered or deleted.
                        logger.warn("Ignoring unreadable checkpoint: {}", e.getMessage());
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong(Checkpoint::step));
        return found;
    }

    private Manifest writeParts(
            Path temporary, Path target, long step, double metric, Map<String, PartWriter> parts)
            throws IOException {
        List<Manifest.Part> entries = new ArrayList<>();
        for (String name : new TreeSet<>(parts.keySet())) {
            PartOutputStream out = new PartOutputStream(temporary.resolve(name));
            try {
                parts.get(name).write(out);
            } catch (IOException e) {
                out.abandon();
                throw new CheckpointException(
                        target, "writing part '" + name + "' failed: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                out.abandon();
                throw e;
            }
            entries.add(out.finish(name));
        }
        Manifest manifest = new Manifest(step, metric, entries);
        manifest.write(temporary);
        DurableFiles.syncDirectory(temporary);
        return manifest;
    }

    private void commit(Path temporary, Path target) throws IOException {
        Path replaced = temporaryPath("replaced-" + target.getFileName());
        if (DurableFiles.commitDirectory(temporary, target, replaced)) {
            deleteOrWarn(replaced);
        }
    }

    private Checkpoint updateBest(List<Checkpoint> all) throws IOException {
        Path pointer = runDirectory.resolve(BEST);
        String current = pointerTarget(BEST);
        Checkpoint best = bestOf(all, current);
        if (best == null) {
            Files.deleteIfExists(pointer);
        } else if (!best.directory().getFileName().toString().equals(current)) {
            DurableFiles.replaceAtomically(pointer, pointerText(best));
        }
        return best;
    }

    /** Picks the best metric; on a tie the current best stays, else the earliest step wins. */
    private Checkpoint bestOf(List<Checkpoint> all, String current) {
        Checkpoint best = null;
        for (Checkpoint candidate : all) {
            if (candidate.metric().isEmpty()) {
                continue;
            }
            double value = candidate.metric().getAsDouble();
            if (best == null
                    || goal.isBetter(value, best.metric().getAsDouble())
                    || (value == best.metric().getAsDouble()
                            && candidate.directory().getFileName().toString().equals(current))) {
                best = candidate;
            }
        }
        return best;
    }

    private void removeExpired(List<Checkpoint> all, Checkpoint saved, Checkpoint best) {
        Set<Path> kept = new HashSet<>();
        kept.add(saved.directory());
        if (best != null) {
            kept.add(best.directory());
        }
        List<Checkpoint> newestFirst = new ArrayList<>(all);
        newestFirst.sort(Comparator.comparingLong(Checkpoint::step).reversed());
        int recent = 1;
        for (Checkpoint checkpoint : newestFirst) {
            if (recent >= keepLast) {
                break;
            }
            if (!checkpoint.directory().equals(saved.directory())) {
                kept.add(checkpoint.directory());
                recent++;
            }
        }
        for (Checkpoint checkpoint : all) {
            if (!kept.contains(checkpoint.directory())) {
                deleteOrWarn(checkpoint.directory());
            }
        }
    }

    private Optional<Checkpoint> pointedCheckpoint(String pointer) throws IOException {
        String name = pointerTarget(pointer);
        if (name == null) {
            return Optional.empty();
        }
        if (!CHECKPOINT_NAME.matcher(name).matches()) {
            throw new CheckpointException(
                    runDirectory,
                    "pointer '" + pointer + "' holds '" + name + "', not a checkpoint");
        }
        Path directory = runDirectory.resolve(name);
        if (!Files.isDirectory(directory)) {
            logger.warn("{}: pointer '{}' names missing {}", runDirectory, pointer, name);
            return Optional.empty();
        }
        return Optional.of(Checkpoint.open(directory));
    }

    private String pointerTarget(String pointer) throws IOException {
        Path file = runDirectory.resolve(pointer);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> entries =
                Files.newDirectoryStream(runDirectory, DurableFiles.TEMPORARY_PREFIX + "*")) {
            for (Path entry : entries) {
                deleteOrWarn(entry);
            }
        }
    }

    private Path temporaryPath(String purpose) {
        return runDirectory.resolve(
                DurableFiles.TEMPORARY_PREFIX + purpose + "-" + UUID.randomUUID());
    }

    private static void deleteAfterFailure(Path temporary, Throwable failure) {
        try {
            DurableFiles.deleteRecursively(temporary);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteOrWarn(Path path) {
        try {
            DurableFiles.deleteRecursively(path);
        } catch (IOException e) {
            // The checkpoint that matters is committed; the next save tries again.
            logger.warn("Could not delete {}: {}", path, e.toString());
        }
    }

    private static String pointerText(Checkpoint checkpoint) {
        return checkpoint.directory().getFileName() + "\n";
    }

    static String directoryName(long step) {
        return String.format(Locale.ROOT, "step-%09d", step);
    }

    private static void validate(long step, double metric, Map<String, PartWriter> parts) {
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative: " + step);
        }
        if (Double.isInfinite(metric)) {
            throw new IllegalArgumentException("metric must be finite or NaN: " + metric);
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint needs at least one part");
        }
        for (Map.Entry<String, PartWriter> part : parts.entrySet()) {
            String name = part.getKey();
            if (!PART_NAME.matcher(name).matches() || name.equals(Manifest.FILE_NAME)) {
                throw new IllegalArgumentException("invalid part name: '" + name + "'");
            }
            if (part.getValue() == null) {
                throw new IllegalArgumentException("part '" + name + "' has no writer");
            }
        }
    }
}
