package dev.annogan.examples.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Record;
import dev.annogan.datasets.coco.CategoryMap;
import dev.annogan.datasets.coco.CocoDataset;
import dev.annogan.datasets.image.Normalization;
import dev.annogan.examples.annotator.ImageTiles;
import dev.annogan.examples.viz.AnnotationPreview;
import dev.annogan.training.GanTrainer;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Draws the first validation images as rows of image | true mask | predicted mask, each mask laid
 * over the image with one colour per class (the colours {@link AnnotationPreview} uses), and a
 * legend: the per-epoch picture of the segmenter.
 */
final class MaskPicture {

    private static final int COUNT = 6;
    private static final int TILE = 160;
    private static final int HEADER = 20;
    private static final int LEGEND = 22;

    private MaskPicture() {}

    static BufferedImage render(GanTrainer gan, CocoDataset validation, CategoryMap classes) {
        int n = (int) Math.min(COUNT, validation.size());
        float[] pixels;
        int[] truth;
        int[] predicted;
        long[] shape;
        try (NDManager manager = gan.generatorModel().getNDManager().newSubManager()) {
            NDList images = new NDList();
            NDList masks = new NDList();
            for (int i = 0; i < n; i++) {
                Record record = validation.get(manager, i);
                images.add(record.getData().head());
                masks.add(record.getLabels().head());
            }
            NDArray batch = NDArrays.stack(images);
            shape = batch.getShape().getShape();
            pixels = batch.toFloatArray();
            truth = NDArrays.stack(masks).toType(DataType.INT32, false).toIntArray();
            predicted =
                    gan.generate(
                            manager,
                            context ->
                                    context.generator(new NDList(batch))
                                            .head()
                                            .argMax(1)
                                            .toType(DataType.INT32, false)
                                            .toIntArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a validation image", e);
        }
        int h = (int) shape[2];
        int w = (int) shape[3];
        int scale = Math.max(1, TILE / Math.max(h, w));
        Color[] colors = new Color[classes.size()];
        for (int k = 0; k < colors.length; k++) {
            colors[k] = AnnotationPreview.classColor(k);
        }
        int tileW = w * scale + 4;
        int tileH = h * scale + 4;
        BufferedImage grid =
                new BufferedImage(
                        Math.max(3 * tileW, 480),
                        HEADER + n * tileH + LEGEND * ((classes.size() + 5) / 6),
                        BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString("image", 4, 15);
        g.drawString("truth", tileW + 4, 15);
        g.drawString("prediction (epoch " + gan.epoch() + ")", 2 * tileW + 4, 15);
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            float[] chw = new float[3 * plane];
            System.arraycopy(pixels, i * 3 * plane, chw, 0, 3 * plane);
            int[] t = new int[plane];
            int[] p = new int[plane];
            System.arraycopy(truth, i * plane, t, 0, plane);
            System.arraycopy(predicted, i * plane, p, 0, plane);
            BufferedImage picture = ImageTiles.picture(chw, h, w, scale, Normalization.SYMMETRIC);
            int y = HEADER + i * tileH;
            g.drawImage(picture, 2, y, null);
            g.drawImage(ImageTiles.overlay(picture, t, h, w, colors), tileW + 2, y, null);
            g.drawImage(ImageTiles.overlay(picture, p, h, w, colors), 2 * tileW + 2, y, null);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int legendTop = HEADER + n * tileH + 4;
        for (int k = 0; k < classes.size(); k++) {
            int x = 4 + (k % 6) * 80;
            int y = legendTop + (k / 6) * LEGEND;
            g.setColor(colors[k]);
            g.fillRect(x, y, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(classes.name(k), x + 16, y + 11);
        }
        g.dispose();
        return grid;
    }
}
