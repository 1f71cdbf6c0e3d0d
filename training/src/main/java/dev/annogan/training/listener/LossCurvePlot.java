package dev.annogan.training.listener;

import dev.annogan.core.io.AtomicFile;
import dev.annogan.training.EpochResult;
import dev.annogan.training.GanListener;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.StepResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws D's and G's losses against the step into a PNG after every epoch: the first thing to look
 * at when a GAN misbehaves (D's loss at zero, G's loss climbing).
 */
public final class LossCurvePlot implements GanListener {

    private static final int W = 800;
    private static final int H = 400;
    private static final int MARGIN = 50;

    private final Path file;
    private final List<double[]> points = new ArrayList<>(); // step, d, g

    /** Creates the listener writing to {@code file}. */
    public LossCurvePlot(Path file) {
        this.file = file;
    }

    @Override
    public void onStep(GanTrainer gan, StepResult r) {
        if (r.finite()) {
            points.add(new double[] {r.step(), r.discriminatorLoss(), r.generatorLoss()});
        }
    }

    @Override
    public void onEpoch(GanTrainer gan, EpochResult result) {
        if (points.size() < 2) {
            return;
        }
        BufferedImage image = render();
        try {
            AtomicFile.writeImage(file, image, "png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Renders the curves, smoothed over windows so thousands of steps stay readable. */
    BufferedImage render() {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        int window = Math.max(1, points.size() / 400);
        List<double[]> smooth = new ArrayList<>();
        for (int i = 0; i + window <= points.size(); i += window) {
            double d = 0;
            double gl = 0;
            for (int j = i; j < i + window; j++) {
                d += points.get(j)[1];
                gl += points.get(j)[2];
            }
            smooth.add(new double[] {points.get(i + window - 1)[0], d / window, gl / window});
        }
        double minStep = smooth.get(0)[0];
        double maxStep = Math.max(minStep + 1, smooth.get(smooth.size() - 1)[0]);
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (double[] p : smooth) {
            lo = Math.min(lo, Math.min(p[1], p[2]));
            hi = Math.max(hi, Math.max(p[1], p[2]));
        }
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        g.setColor(Color.GRAY);
        g.drawRect(MARGIN, MARGIN / 2, W - MARGIN * 3 / 2, H - MARGIN * 3 / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format("%.3f", hi), 4, MARGIN / 2 + 10);
        g.drawString(String.format("%.3f", lo), 4, H - MARGIN + 4);
        g.drawString("step " + (long) minStep, MARGIN, H - MARGIN / 2);
        g.drawString("step " + (long) maxStep, W - MARGIN * 2, H - MARGIN / 2);
        g.setStroke(new BasicStroke(1.5f));
        drawCurve(g, smooth, 1, new Color(0xC0392B), minStep, maxStep, lo, hi);
        drawCurve(g, smooth, 2, new Color(0x2471A3), minStep, maxStep, lo, hi);
        g.setColor(new Color(0xC0392B));
        g.drawString("D loss", W - MARGIN * 3, MARGIN / 2 + 14);
        g.setColor(new Color(0x2471A3));
        g.drawString("G loss", W - MARGIN * 3, MARGIN / 2 + 28);
        g.dispose();
        return image;
    }

    private static void drawCurve(
            Graphics2D g,
            List<double[]> points,
            int column,
            Color color,
            double minStep,
            double maxStep,
            double lo,
            double hi) {
        g.setColor(color);
        int plotW = W - MARGIN * 3 / 2;
        int plotH = H - MARGIN * 3 / 2;
        int px = -1;
        int py = -1;
        for (double[] p : points) {
            int x = MARGIN + (int) ((p[0] - minStep) / (maxStep - minStep) * plotW);
            int y = MARGIN / 2 + plotH - (int) ((p[column] - lo) / (hi - lo) * plotH);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
    }
}
