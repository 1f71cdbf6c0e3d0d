package dev.annogan.examples.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.annogan.training.GanContext;
import dev.annogan.training.GanTrainer;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * The per-epoch picture of a run: a grid of G's samples (from the same noise every epoch, so the
 * pictures show G's progress) above validation images captioned with the classifier's prediction
 * (green when right, red when wrong) and the true class. The baseline has no G and shows the
 * predictions only.
 */
final class ClassifierPicture {

    private static final int COLUMNS = 10;
    private static final int SAMPLE_ROWS = 5;
    private static final int TILE = 56;
    private static final int CELL = 88;
    private static final int CAPTION = 28;
    private static final int TITLE = 24;

    private final List<String> classNames;
    private final boolean withSamples;
    private final boolean classifierIsGenerator;
    private final int noiseDim;
    private final float[] noise;
    private final float[] images;
    private final int[] classes;
    private final int side;

    /**
     * Creates the renderer.
     *
     * @param classNames the class names by index
     * @param noiseDim G's noise length, 0 without G (the baseline: no samples)
     * @param classifierIsGenerator whether the classifier sits in G's slot (the baseline)
     * @param images validation images, {@code n * side * side} values in {@code [-1, 1]}
     * @param classes their classes
     * @param side the image side
     * @param seed the seed of the fixed noise
     */
    ClassifierPicture(
            List<String> classNames,
            int noiseDim,
            boolean classifierIsGenerator,
            float[] images,
            int[] classes,
            int side,
            long seed) {
        this.classNames = classNames;
        this.withSamples = noiseDim > 0;
        this.classifierIsGenerator = classifierIsGenerator;
        this.noiseDim = noiseDim;
        this.images = images;
        this.classes = classes;
        this.side = side;
        Random random = new Random(seed);
        noise = new float[COLUMNS * SAMPLE_ROWS * Math.max(noiseDim, 0)];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian();
        }
    }

    /** Draws the picture for the trainer's current networks. */
    BufferedImage render(GanTrainer gan) {
        int n = classes.length;
        float[][] result;
        try (NDManager manager = gan.generatorModel().getNDManager().newSubManager()) {
            result = gan.generate(manager, context -> run(context, manager));
        }
        float[] samples = result[0];
        float[] predicted = result[1];
        int sampleRows = withSamples ? SAMPLE_ROWS : 0;
        int predictionRows = (n + COLUMNS - 1) / COLUMNS;
        int width = COLUMNS * CELL + 10;
        int height =
                (withSamples ? TITLE + sampleRows * (TILE + 4) : 0)
                        + TITLE
                        + predictionRows * (TILE + CAPTION + 6)
                        + 6;
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Font title = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        Font caption = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        int y = 0;
        if (withSamples) {
            g.setFont(title);
            g.setColor(Color.BLACK);
            g.drawString("generated samples after epoch " + gan.epoch(), 8, y + 17);
            y += TITLE;
            for (int i = 0; i < COLUMNS * SAMPLE_ROWS; i++) {
                int x = 8 + (i % COLUMNS) * CELL + (CELL - TILE) / 2;
                drawImage(picture, samples, i, x, y + (i / COLUMNS) * (TILE + 4));
            }
            y += sampleRows * (TILE + 4);
        }
        g.setFont(title);
        g.setColor(Color.BLACK);
        g.drawString("validation images: predicted / true class", 8, y + 17);
        y += TITLE;
        g.setFont(caption);
        for (int i = 0; i < n; i++) {
            int cellX = 8 + (i % COLUMNS) * CELL;
            int cellY = y + (i / COLUMNS) * (TILE + CAPTION + 6);
            drawImage(picture, images, i, cellX + (CELL - TILE) / 2, cellY);
            int p = Math.round(predicted[i]);
            g.setColor(p == classes[i] ? new Color(0x1B7F3B) : new Color(0xC0392B));
            g.drawString(classNames.get(p), cellX + 2, cellY + TILE + 11);
            g.setColor(Color.DARK_GRAY);
            g.drawString("(" + classNames.get(classes[i]) + ")", cellX + 2, cellY + TILE + 23);
        }
        g.dispose();
        return picture;
    }

    /** Returns {samples, predicted classes} as plain arrays. */
    private float[][] run(GanContext context, NDManager manager) {
        float[] samples = new float[0];
        if (withSamples) {
            NDArray z = manager.create(noise, new Shape(COLUMNS * SAMPLE_ROWS, noiseDim));
            samples = context.generator(new NDList(z)).head().toFloatArray();
        }
        NDArray batch = manager.create(images, new Shape(classes.length, 1, side, side));
        NDList inputs = new NDList(batch);
        NDArray logits =
                (classifierIsGenerator ? context.generator(inputs) : context.discriminator(inputs))
                        .head();
        float[] predicted = logits.argMax(1).toType(DataType.FLOAT32, false).toFloatArray();
        return new float[][] {samples, predicted};
    }

    /** Draws image {@code index} of {@code values}, scaled from {@code [-1, 1]} to grey. */
    private void drawImage(BufferedImage picture, float[] values, int index, int x0, int y0) {
        int scale = TILE / side;
        int offset = index * side * side;
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                float v = values[offset + r * side + c];
                int grey = Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
                int rgb = (grey << 16) | (grey << 8) | grey;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        picture.setRGB(x0 + c * scale + dx, y0 + r * scale + dy, rgb);
                    }
                }
            }
        }
    }
}
