package dev.annogan.examples.labelgan;

import ai.djl.ndarray.NDManager;
import dev.annogan.datasets.coco.CategoryMap;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.objective.LabelSetObjective;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws label sets sampled from G next to held-out real ones, as lists of category names: the
 * per-epoch picture of the label-set GAN.
 */
final class LabelSetPicture {

    private static final int ROWS = 16;

    private LabelSetPicture() {}

    static BufferedImage render(GanTrainer gan, CategoryMap classes, float[][] real) {
        LabelSetObjective objective = (LabelSetObjective) gan.objective();
        float[][] generated;
        try (NDManager manager = gan.generatorModel().getNDManager().newSubManager()) {
            generated = gan.generate(manager, context -> objective.sample(context, ROWS));
        }
        BufferedImage image = new BufferedImage(1000, 40 + ROWS * 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString("generated (epoch " + gan.epoch() + ")", 10, 20);
        g.drawString("held-out real", 510, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < ROWS; i++) {
            g.setColor(new Color(0x1F4E79));
            g.drawString(names(generated[i], classes), 10, 40 + i * 20);
            if (i < real.length) {
                g.setColor(new Color(0x555555));
                g.drawString(names(real[i], classes), 510, 40 + i * 20);
            }
        }
        g.dispose();
        return image;
    }

    private static String names(float[] set, CategoryMap classes) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < set.length; k++) {
            if (set[k] > 0.5f) {
                names.add(classes.name(k));
            }
        }
        String text = names.isEmpty() ? "(no labels)" : String.join(", ", names);
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
