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
 * Writes a picture of what G makes after every epoch, {@code epoch-001.png} and so on. What the
 * picture shows is the application's business: it passes a renderer.
 */
public final class SampleImages implements GanListener {

    private final Path folder;
    private final Function<GanTrainer, BufferedImage> renderer;

    /**
     * Creates the listener.
     *
     * @param folder where the PNGs go
     * @param renderer draws the current G's samples (it may use {@link GanTrainer#generate})
     */
    public SampleImages(Path folder, Function<GanTrainer, BufferedImage> renderer) {
        this.folder = folder;
        this.renderer = renderer;
    }

    @Override
    public void onEpoch(GanTrainer gan, EpochResult result) {
        BufferedImage image = renderer.apply(gan);
        Path file = folder.resolve(String.format("epoch-%03d.png", result.epoch() + 1));
        try {
            AtomicFile.writeImage(file, image, "png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
