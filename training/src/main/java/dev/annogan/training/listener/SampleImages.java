package dev.annogan.training.listener;

import dev.annogan.core.io.AtomicFile;
import dev.annogan.training.EpochResult;
import dev.annogan.training.GanListener;
import dev.annogan.training.GanTrainer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Writes a picture of what G makes after every epoch (or every {@code every} epochs, and the last),
 * {@code epoch-001.png} and so on. What the picture shows is the application's business: it passes
 * a renderer.
 */
public final class SampleImages implements GanListener {

    private final Path folder;
    private final Function<GanTrainer, BufferedImage> renderer;
    private final int every;
    private int epochs;

    /**
     * Creates the listener drawing after every epoch.
     *
     * @param folder where the PNGs go
     * @param renderer draws the current G's samples (it may use {@link GanTrainer#generate})
     */
    public SampleImages(Path folder, Function<GanTrainer, BufferedImage> renderer) {
        this(folder, renderer, 1);
    }

    /**
     * Creates the listener.
     *
     * @param folder where the PNGs go
     * @param renderer draws the current G's samples (it may use {@link GanTrainer#generate})
     * @param every draw after every this many epochs, and after the last
     */
    public SampleImages(Path folder, Function<GanTrainer, BufferedImage> renderer, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1, got " + every);
        }
        this.folder = folder;
        this.renderer = renderer;
        this.every = every;
    }

    @Override
    public void onTrainingBegin(GanTrainer gan, int epochs, int batchesPerEpoch) {
        this.epochs = epochs;
    }

    @Override
    public void onEpoch(GanTrainer gan, EpochResult result) {
        int done = result.epoch() + 1;
        if (done % every != 0 && done != epochs) {
            return;
        }
        BufferedImage image = renderer.apply(gan);
        Path file = folder.resolve(String.format("epoch-%03d.png", result.epoch() + 1));
        try {
            AtomicFile.writeImage(file, image, "png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
