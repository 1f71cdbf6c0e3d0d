package dev.annogan.training.listener;

import dev.annogan.training.EpochResult;
import dev.annogan.training.GanListener;
import dev.annogan.training.GanTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Appends one CSV row per epoch: epoch, step, mean losses, D's accuracy, seconds, then the
 * validation metrics. A resumed run appends to the same file.
 */
public final class MetricsCsv implements GanListener {

    private final Path file;

    /** Creates the listener writing to {@code file}. */
    public MetricsCsv(Path file) {
        this.file = file;
    }

    @Override
    public void onEpoch(GanTrainer gan, EpochResult r) {
        List<String> header =
                new ArrayList<>(
                        List.of("epoch", "step", "d_loss", "g_loss", "d_accuracy", "seconds"));
        List<String> row = new ArrayList<>();
        row.add(Integer.toString(r.epoch() + 1));
        row.add(Long.toString(r.step()));
        row.add(number(r.discriminatorLoss()));
        row.add(number(r.generatorLoss()));
        row.add(number(r.discriminatorAccuracy()));
        row.add(number(r.seconds()));
        for (Map.Entry<String, Double> e : r.validation().entrySet()) {
            header.add(e.getKey());
            row.add(number(e.getValue()));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            StringBuilder text = new StringBuilder();
            if (!Files.exists(file) || Files.size(file) == 0) {
                text.append(String.join(",", header)).append('\n');
            }
            text.append(String.join(",", row)).append('\n');
            Files.writeString(
                    file,
                    text,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
