package org.lamina.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.lamina.io.AtomicFiles;

/** A PNG chart of loss and accuracy per epoch, training and test (or validation), drawn with JFreeChart. */
public final class TrainingCurves {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private TrainingCurves() {
    }

    /** Writes the chart of {@code rows} to {@code file} (PNG, atomically). */
    public static void write(Path file, List<EpochStats> rows) throws IOException {
        // a run with a validation split evaluates the validation images each epoch, the test set only at the end
        String evaluated = !rows.isEmpty() && rows.get(0).validated() ? "validation" : "test";
        XYSeries trainLoss = new XYSeries("train loss"), testLoss = new XYSeries(evaluated + " loss");
        // the second panel shows what the task measures: accuracy, else mean IoU or PSNR
        String measure = rows.isEmpty() || !rows.get(0).extra().containsKey("test_mean_iou")
                && !rows.get(0).extra().containsKey("test_psnr") ? "accuracy"
                : rows.get(0).extra().containsKey("test_mean_iou") ? "mean IoU" : "PSNR";
        XYSeries trainAcc = new XYSeries("train " + measure), testAcc = new XYSeries(evaluated + " " + measure);
        for (EpochStats r : rows) {
            trainLoss.add(r.epoch(), r.trainLoss());
            testLoss.add(r.epoch(), r.validated() ? r.valLoss() : r.testLoss());
            switch (measure) {
                case "mean IoU" -> {
                    trainAcc.add(r.epoch(), 100 * r.extra("train_mean_iou"));
                    testAcc.add(r.epoch(), 100 * r.extra("test_mean_iou"));
                }
                case "PSNR" -> {
                    trainAcc.add(r.epoch(), finite(r.extra("train_psnr")));
                    testAcc.add(r.epoch(), finite(r.extra("test_psnr")));
                }
                default -> {
                    trainAcc.add(r.epoch(), 100 * r.trainTop1());
                    testAcc.add(r.epoch(), 100 * (r.validated() ? r.valTop1() : r.testTop1()));
                }
            }
        }
        XYPlot loss = plot(new XYSeriesCollection(trainLoss), testLoss, "loss");
        XYPlot acc = plot(new XYSeriesCollection(trainAcc), testAcc, measure.equals("PSNR") ? "PSNR (dB)"
                : measure + " (%)");
        NumberAxis epochs = new NumberAxis("epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot both = new CombinedDomainXYPlot(epochs);
        both.add(loss);
        both.add(acc);
        JFreeChart chart = new JFreeChart("Training curves", JFreeChart.DEFAULT_TITLE_FONT, both, true);
        chart.setBackgroundPaint(Color.WHITE);
        BufferedImage image = chart.createBufferedImage(900, 640);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        AtomicFiles.write(file, png.toByteArray());
    }

    /** A perfect reconstruction's infinite PSNR drawn as a gap, not an axis to infinity. */
    private static double finite(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }

    private static XYPlot plot(XYSeriesCollection data, XYSeries second, String label) {
        data.addSeries(second);
        JFreeChart c = ChartFactory.createXYLineChart(null, "epoch", label, data, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot p = c.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, new Color(0x1f77b4));
        r.setSeriesPaint(1, new Color(0xd62728));
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesStroke(1, new BasicStroke(2f));
        p.setRenderer(r);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ((NumberAxis) p.getRangeAxis()).setAutoRangeIncludesZero(false);
        return p;
    }
}
