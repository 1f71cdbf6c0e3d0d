package dev.annogan.training.checkpoint;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A committed checkpoint: a directory of named parts described by its manifest.
 *
 * <p>The first {@link #read(String)} checks every part against the manifest before returning any,
 * so a loader never restores half a checkpoint.
 */
public final class Checkpoint {

    private final Path directory;
    private final Manifest manifest;
    private boolean verified;

    private Checkpoint(Path directory, Manifest manifest) {
        this.directory = directory;
        this.manifest = manifest;
    }

    /**
     * Opens the checkpoint in {@code directory} by reading its manifest; the parts are checked on
     * first read.
     *
     * @param directory a checkpoint directory such as {@code runs/x/step-000001234}
     * @return the checkpoint
     * @throws CheckpointException if the manifest is missing or malformed
     */
    public static Checkpoint open(Path directory) throws CheckpointException {
        return new Checkpoint(directory, Manifest.read(directory));
    }

    static Checkpoint of(Path directory, Manifest manifest) {
        return new Checkpoint(directory, manifest);
    }

    /**
     * Returns the training step the checkpoint was taken at.
     *
     * @return the step
     */
    public long step() {
        return manifest.step();
    }

    /**
     * Returns the checkpoint's directory.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the validation metric saved with the checkpoint.
     *
     * @return the metric, empty if none was saved
     */
    public OptionalDouble metric() {
        double metric = manifest.metric();
        return Double.isNaN(metric) ? OptionalDouble.empty() : OptionalDouble.of(metric);
    }

    /**
     * Returns the names of the checkpoint's parts.
     *
     * @return the part names, sorted
     */
    public List<String> parts() {
        List<String> names = new ArrayList<>();
        manifest.parts().forEach(part -> names.add(part.name()));
        return names;
    }

    /**
     * Returns whether the checkpoint has a part called {@code name}.
     *
     * @param name the part's name
     * @return true if the manifest lists it
     */
    public boolean hasPart(String name) {
        return manifest.part(name) != null;
    }

    /**
     * Opens a part for reading, after checking (once per instance) that every part exists with the
     * size and SHA-256 hash its manifest records.
     *
     * @param name the part's name, such as {@code generator.params}
     * @return a buffered stream over the part, for the caller to close
     * @throws CheckpointException if the checkpoint has no such part, or any part is missing or
     *     differs from the manifest
     * @throws IOException if a part cannot be read
     */
    public InputStream read(String name) throws IOException {
        if (manifest.part(name) == null) {
            throw new CheckpointException(
                    directory, "has no part '" + name + "' (parts: " + parts() + ")");
        }
        verify();
        return new BufferedInputStream(Files.newInputStream(directory.resolve(name)));
    }

    /**
     * Checks that every part exists with the size and SHA-256 hash its manifest records.
     *
     * @throws CheckpointException naming the first part that is missing or differs
     * @throws IOException if a part cannot be read
     */
    public synchronized void verify() throws IOException {
        if (verified) {
            return;
        }
        for (Manifest.Part part : manifest.parts()) {
            verifyPart(part);
        }
        verified = true;
    }

    private void verifyPart(Manifest.Part part) throws IOException {
        Path file = directory.resolve(part.name());
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(directory, "part '" + part.name() + "' is missing", e);
        }
        if (size != part.size()) {
            throw new CheckpointException(
                    directory,
                    "part '"
                            + part.name()
                            + "' has "
                            + size
                            + " bytes where the manifest records "
                            + part.size());
        }
        String hash = sha256(file);
        if (!hash.equalsIgnoreCase(part.sha256())) {
            throw new CheckpointException(
                    directory,
                    "part '"
                            + part.name()
                            + "' is corrupt: SHA-256 "
                            + hash
                            + " where the manifest records "
                            + part.sha256());
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = PartOutputStream.sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return directory.toString();
    }
}
