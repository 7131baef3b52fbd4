package dev.seqae.plot;

import dev.seqae.anomaly.Interval;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The four pictures. Each method returns a chart; {@link #png} writes any of them at a given size.
 * Colours are fixed per group in order (the first group, e.g. "normal", is blue; anomalies red).
 */
public final class Plots {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** Writes {@code chart} as a PNG of {@code width} × {@code height} pixels. */
    public static void png(JFreeChart chart, int width, int height, OutputStream out) throws IOException {
        if (width < 100 || height < 100 || width > 8000 || height > 8000) {
            throw new IllegalArgumentException("width and height must be in [100, 8000], got " + width + "x" + height);
        }
        ChartUtils.writeChartAsPNG(out, chart, width, height);
    }

    /**
     * The latent scatter: one point per sequence at {@code xy[i]}, coloured by {@code group[i]}
     * (a label, or "normal"/"anomaly"), groups in first-seen order.
     */
    public static JFreeChart latentScatter(String title, String subtitle, double[][] xy, String[] group, String xLabel,
                                           String yLabel) {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (int i = 0; i < xy.length; i++) {
            series.computeIfAbsent(group[i], g -> new XYSeries(g, false, true)).add(xy[i][0], xy[i][1]);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        for (int s = 0; s < series.size(); s++) {
            r.setSeriesShape(s, new Ellipse2D.Double(-2, -2, 4, 4));
            r.setSeriesPaint(s, withAlpha(PALETTE[s % PALETTE.length], 150));
        }
        XYPlot plot = new XYPlot(data, axis(xLabel), axis(yLabel), r);
        return chart(title, subtitle, plot);
    }

    /** A histogram of the scores, one colour per group, with the threshold as a vertical line. */
    public static JFreeChart scoreHistogram(String title, double[] scores, String[] group, double threshold,
                                            int bins) {
        HistogramDataset data = new HistogramDataset();
        Map<String, List<Double>> byGroup = new LinkedHashMap<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            byGroup.computeIfAbsent(group == null ? "scores" : group[i], g -> new java.util.ArrayList<>())
                    .add(scores[i]);
            lo = Math.min(lo, scores[i]);
            hi = Math.max(hi, scores[i]);
        }
        lo = Math.min(lo, threshold);
        hi = Math.max(hi, threshold);
        if (hi <= lo) {
            hi = lo + 1;
        }
        for (Map.Entry<String, List<Double>> e : byGroup.entrySet()) {
            data.addSeries(e.getKey(), e.getValue().stream().mapToDouble(Double::doubleValue).toArray(), bins, lo, hi);
        }
        XYBarRenderer r = new XYBarRenderer();
        r.setShadowVisible(false);
        r.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        for (int s = 0; s < byGroup.size(); s++) {
            r.setSeriesPaint(s, withAlpha(PALETTE[s % PALETTE.length], 140));
        }
        XYPlot plot = new XYPlot(data, axis("score"), axis("sequences"), r);
        ValueMarker line = new ValueMarker(threshold, Color.BLACK, new BasicStroke(2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        line.setLabel(String.format(java.util.Locale.ROOT, "threshold %.4g", threshold));
        line.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        line.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(10, 10, 10, 10));
        plot.addDomainMarker(line);
        return chart(title, null, plot);
    }

    /** One feature of a series over its point index, with the detected intervals shaded red. */
    public static JFreeChart seriesWithIntervals(String title, double[] values, String valueName,
                                                 List<Interval> intervals) {
        XYSeries s = new XYSeries(valueName, false, true);
        for (int i = 0; i < values.length; i++) {
            s.add(i, values[i]);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, PALETTE[0]);
        r.setSeriesStroke(0, new BasicStroke(1f));
        XYPlot plot = new XYPlot(new XYSeriesCollection(s), axis("point"), axis(valueName), r);
        double minWidth = values.length / 300.0;          // short intervals stay visible on long series
        for (Interval i : intervals) {
            double mid = (i.start() + i.end()) / 2.0;
            double half = Math.max(i.end() - i.start() + 1, minWidth) / 2;
            IntervalMarker m = new IntervalMarker(mid - half, mid + half, withAlpha(PALETTE[1], 90));
            plot.addDomainMarker(m, org.jfree.chart.ui.Layer.FOREGROUND);
        }
        return chart(title, intervals.size() + " anomalous interval" + (intervals.size() == 1 ? "" : "s"), plot);
    }

    /**
     * Several lines over the same steps (e.g. clean, noisy and denoised versions of a sequence),
     * in the given order; the first is drawn thickest, the others thinner on top of it.
     */
    public static JFreeChart lines(String title, String subtitle, java.util.LinkedHashMap<String, double[]> lines,
                                   String xLabel, String yLabel) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        int k = 0;
        for (var e : lines.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            double[] v = e.getValue();
            for (int i = 0; i < v.length; i++) {
                s.add(i, v[i]);
            }
            data.addSeries(s);
            r.setSeriesPaint(k, PALETTE[k % PALETTE.length]);
            r.setSeriesStroke(k, new BasicStroke(k == 0 ? 3f : 1.2f));
            k++;
        }
        XYPlot plot = new XYPlot(data, axis(xLabel), axis(yLabel), r);
        return chart(title, subtitle, plot);
    }

    /** Training and validation loss per epoch, with the best epoch marked. */
    public static JFreeChart lossCurves(String title, List<Double> train, List<Double> validation, int bestEpoch) {
        XYSeries t = new XYSeries("training loss");
        XYSeries v = new XYSeries("validation loss");
        for (int e = 0; e < train.size(); e++) {
            t.add(e + 1, train.get(e));
        }
        if (validation != null) {
            for (int e = 0; e < validation.size(); e++) {
                if (validation.get(e) != null && Double.isFinite(validation.get(e))) {
                    v.add(e + 1, validation.get(e));
                }
            }
        }
        XYSeriesCollection data = new XYSeriesCollection(t);
        if (v.getItemCount() > 0) {
            data.addSeries(v);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, PALETTE[0]);
        r.setSeriesPaint(1, PALETTE[3]);
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesStroke(1, new BasicStroke(2f));
        XYPlot plot = new XYPlot(data, axis("epoch"), axis("loss"), r);
        if (bestEpoch > 0) {
            ValueMarker best = new ValueMarker(bestEpoch, Color.GRAY, new BasicStroke(1f));
            best.setLabel("best epoch " + bestEpoch);
            best.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            best.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(10, 10, 10, 10));
            plot.addDomainMarker(best);
        }
        return chart(title, null, plot);
    }

    private static NumberAxis axis(String label) {
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    private static JFreeChart chart(String title, String subtitle, XYPlot plot) {
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart c = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        c.setBackgroundPaint(Color.WHITE);
        if (subtitle != null) {
            c.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        }
        return c;
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
