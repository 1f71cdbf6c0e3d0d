package dev.annogan.training.listener;

import dev.annogan.core.io.AtomicFile;
import dev.annogan.training.EpochResult;
import dev.annogan.training.GanListener;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.StepResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws {@code loss.png}: D's and G's training losses against the step (averaged over windows, so
 * that thousands of steps stay readable) on the left axis, and each validation metric at the end of
 * every epoch on the right axis, with labelled axes, ticks and a legend (JFreeChart). Redrawn at
 * every epoch's end and when a run stops inside an epoch, so a short run leaves its curve too.
 */
public final class LossCurvePlot implements GanListener {

    private static final int W = 900;
    private static final int H = 450;
    private static final int MAX_POINTS = 400;

    private final Path file;
    private final List<double[]> points = new ArrayList<>(); // step, d, g
    private final Map<String, XYSeries> validation = new LinkedHashMap<>();

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
        for (Map.Entry<String, Double> metric : result.validation().entrySet()) {
            if (Double.isFinite(metric.getValue())) {
                validation
                        .computeIfAbsent(
                                metric.getKey(), name -> new XYSeries("validation " + name))
                        .add(result.step(), metric.getValue());
            }
        }
        write();
    }

    @Override
    public void onStopInEpoch(GanTrainer gan) {
        write();
    }

    private void write() {
        if (points.size() < 2) {
            return;
        }
        try {
            AtomicFile.writeImage(file, render(), "png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Renders the chart. */
    BufferedImage render() {
        XYSeries d = new XYSeries("D loss");
        XYSeries g = new XYSeries("G loss");
        int window = Math.max(1, (points.size() + MAX_POINTS - 1) / MAX_POINTS);
        for (int i = 0; i + window <= points.size(); i += window) {
            double dSum = 0;
            double gSum = 0;
            for (int j = i; j < i + window; j++) {
                dSum += points.get(j)[1];
                gSum += points.get(j)[2];
            }
            double step = points.get(i + window - 1)[0];
            d.add(step, dSum / window);
            g.add(step, gSum / window);
        }
        XYSeriesCollection losses = new XYSeriesCollection();
        losses.addSeries(d);
        losses.addSeries(g);
        String title =
                window > 1
                        ? "Training losses (means over " + window + " steps)"
                        : "Training losses";
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        title,
                        "step",
                        "loss",
                        losses,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        XYLineAndShapeRenderer lossRenderer = new XYLineAndShapeRenderer(true, false);
        lossRenderer.setSeriesPaint(0, new Color(0xC0392B));
        lossRenderer.setSeriesPaint(1, new Color(0x2471A3));
        lossRenderer.setSeriesStroke(0, new BasicStroke(1.5f));
        lossRenderer.setSeriesStroke(1, new BasicStroke(1.5f));
        plot.setRenderer(0, lossRenderer);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        if (!validation.isEmpty()) {
            XYSeriesCollection metrics = new XYSeriesCollection();
            validation.values().forEach(metrics::addSeries);
            NumberAxis metricAxis = new NumberAxis("validation metric");
            metricAxis.setAutoRangeIncludesZero(false);
            plot.setRangeAxis(1, metricAxis);
            plot.setDataset(1, metrics);
            plot.mapDatasetToRangeAxis(1, 1);
            XYLineAndShapeRenderer metricRenderer = new XYLineAndShapeRenderer(true, true);
            Color[] colours = {
                new Color(0x1E8449), new Color(0x7D3C98), new Color(0xB9770E), new Color(0x566573)
            };
            for (int i = 0; i < metrics.getSeriesCount(); i++) {
                metricRenderer.setSeriesPaint(i, colours[i % colours.length]);
                metricRenderer.setSeriesStroke(i, new BasicStroke(2f));
            }
            plot.setRenderer(1, metricRenderer);
        }
        return chart.createBufferedImage(W, H);
    }
}
