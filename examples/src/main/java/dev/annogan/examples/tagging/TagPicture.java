package dev.annogan.examples.tagging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Record;
import dev.annogan.datasets.coco.CategoryMap;
import dev.annogan.datasets.coco.CocoDataset;
import dev.annogan.datasets.image.Normalization;
import dev.annogan.examples.annotator.ImageTiles;
import dev.annogan.training.GanTrainer;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the first validation images with their true tags and G's predicted ones: the per-epoch
 * picture of the tagger. Predicted tags (probability above 0.5) are green when true, red when not;
 * true tags G missed are listed in grey.
 */
final class TagPicture {

    private static final int COUNT = 8;
    private static final int COLUMNS = 4;
    private static final int TILE = 200;
    private static final int TEXT = 64;

    private TagPicture() {}

    static BufferedImage render(GanTrainer gan, CocoDataset validation, CategoryMap classes) {
        int n = (int) Math.min(COUNT, validation.size());
        int k = classes.size();
        float[] pixels;
        float[] truth = new float[n * k];
        float[] logits;
        long[] shape;
        try (NDManager manager = gan.generatorModel().getNDManager().newSubManager()) {
            NDList images = new NDList();
            for (int i = 0; i < n; i++) {
                Record record = validation.get(manager, i);
                images.add(record.getData().head());
                System.arraycopy(record.getLabels().head().toFloatArray(), 0, truth, i * k, k);
            }
            NDArray batch = NDArrays.stack(images);
            shape = batch.getShape().getShape();
            pixels = batch.toFloatArray();
            logits =
                    gan.generate(
                            manager,
                            context -> context.generator(new NDList(batch)).head().toFloatArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a validation image", e);
        }
        int h = (int) shape[2];
        int w = (int) shape[3];
        int scale = Math.max(1, (TILE - 8) / Math.max(h, w));
        int rows = (n + COLUMNS - 1) / COLUMNS;
        BufferedImage grid =
                new BufferedImage(
                        COLUMNS * TILE,
                        Math.max(1, rows) * (TILE + TEXT),
                        BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int plane = 3 * h * w;
        for (int i = 0; i < n; i++) {
            float[] chw = new float[plane];
            System.arraycopy(pixels, i * plane, chw, 0, plane);
            int x0 = (i % COLUMNS) * TILE;
            int y0 = (i / COLUMNS) * (TILE + TEXT);
            g.drawImage(
                    ImageTiles.picture(chw, h, w, scale, Normalization.SYMMETRIC),
                    x0 + 4,
                    y0 + 4,
                    null);
            List<String[]> lines = describe(truth, logits, i, classes);
            int y = y0 + 4 + h * scale + 14;
            for (String[] line : lines) {
                g.setColor(
                        line[0].equals("ok")
                                ? new Color(0x1E8449)
                                : line[0].equals("wrong") ? new Color(0xC0392B) : Color.GRAY);
                g.drawString(line[1], x0 + 4, y);
                y += 13;
            }
        }
        g.dispose();
        return grid;
    }

    /** Returns up to four lines: predicted tags (ok or wrong) then the missed ones. */
    private static List<String[]> describe(
            float[] truth, float[] logits, int row, CategoryMap classes) {
        int k = classes.size();
        StringBuilder ok = new StringBuilder();
        StringBuilder wrong = new StringBuilder();
        StringBuilder missed = new StringBuilder();
        for (int c = 0; c < k; c++) {
            boolean isTrue = truth[row * k + c] > 0.5f;
            double p = 1 / (1 + Math.exp(-logits[row * k + c]));
            if (p > 0.5) {
                append(isTrue ? ok : wrong, String.format("%s %.2f", classes.name(c), p));
            } else if (isTrue) {
                append(missed, String.format("%s %.2f", classes.name(c), p));
            }
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"ok", "right: " + clip(ok)});
        lines.add(new String[] {"wrong", "wrong: " + clip(wrong)});
        lines.add(new String[] {"missed", "missed: " + clip(missed)});
        return lines;
    }

    private static void append(StringBuilder text, String item) {
        if (text.length() > 0) {
            text.append(", ");
        }
        text.append(item);
    }

    private static String clip(StringBuilder text) {
        String s = text.length() == 0 ? "-" : text.toString();
        return s.length() > 34 ? s.substring(0, 31) + "..." : s;
    }
}
