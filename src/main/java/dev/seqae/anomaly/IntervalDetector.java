package dev.seqae.anomaly;

import dev.seqae.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * From point scores of a long time series to anomalous intervals: optional exponentially weighted
 * smoothing, points above the threshold merged into runs, runs padded and merged when they touch,
 * short runs dropped, and weak runs pruned.
 *
 * <p>Pruning follows NASA's telemanom (Hundman et al., KDD 2018): the intervals' peaks, sorted in
 * descending order and followed by the largest score outside every interval, are compared
 * neighbour to neighbour; where a peak is less than {@code pruneRatio} above the next one
 * (relative decrease {@code (p_i - p_{i+1}) / p_i < pruneRatio}), it and all smaller ones are
 * reclassified as normal, unless a larger decrease follows further down. {@code pruneRatio = 0}
 * keeps every interval.
 *
 * @param smoothingSpan EWMA span in points (1 = no smoothing); alpha = 2 / (span + 1)
 * @param padding       points added on each side of an interval (0 = none)
 * @param minLength     intervals shorter than this many points (after padding) are dropped
 * @param pruneRatio    telemanom's minimum relative decrease between neighbouring peaks, in [0, 1)
 */
public record IntervalDetector(int smoothingSpan, int padding, int minLength, double pruneRatio) {

    /** Validates; messages name the settings as {@code seqae detect}'s options do. */
    public IntervalDetector {
        check(smoothingSpan >= 1, "smoothing must be >= 1, got " + smoothingSpan);
        check(padding >= 0, "padding must be >= 0, got " + padding);
        check(minLength >= 1, "min-length must be >= 1, got " + minLength);
        check(pruneRatio >= 0 && pruneRatio < 1, "prune must be in [0, 1), got " + pruneRatio);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }

    /** No smoothing, no padding, no pruning: every run of points above the threshold. */
    public static IntervalDetector plain() {
        return new IntervalDetector(1, 0, 1, 0.0);
    }

    /** Exponentially weighted moving average: {@code y_0 = x_0}, {@code y_t = a·x_t + (1 - a)·y_{t-1}}. */
    public static double[] ewma(double[] x, int span) {
        double[] y = x.clone();
        if (span <= 1) {
            return y;
        }
        double a = 2.0 / (span + 1);
        for (int t = 1; t < y.length; t++) {
            y[t] = a * x[t] + (1 - a) * y[t - 1];
        }
        return y;
    }

    /**
     * Intervals of {@code scores} (one per point, finite) above {@code threshold}, in time order.
     * Peaks and severities are read from the smoothed scores the decision was made on.
     */
    public List<Interval> detect(double[] scores, double threshold) {
        double[] s = smooth(scores);
        double[] th = new double[s.length];
        Arrays.fill(th, threshold);
        return detectSmoothed(s, th);
    }

    /**
     * Intervals against thresholds refitted on local windows of the smoothed scores themselves
     * ({@link ThresholdFitter#local}): {@code strategy} with the parameters of {@code config}, on
     * windows of {@code window} points every {@code step}. Severity is measured against the
     * threshold at the peak.
     */
    public List<Interval> detectLocal(double[] scores, ThresholdStrategy strategy, AnomalyConfig config, int window,
                                      int step) {
        check(window >= 2, "local-window must be >= 2, got " + window);
        check(step >= 1, "local-step must be >= 1, got " + step);
        double[] s = smooth(scores);
        if (s.length == 0) {
            return List.of();
        }
        return detectSmoothed(s, ThresholdFitter.local(s, strategy, config, window, step));
    }

    /**
     * Intervals of a model's point scores, as {@code seqae detect} and the service's detect choose
     * them: against {@code fitted} (the threshold fitted at training) when {@code localWindow} is
     * 0, otherwise against {@code strategy} (null: {@code config}'s default) refitted on local
     * windows of {@code localWindow} points every {@code localStep} (null: a tenth of the window).
     */
    public List<Interval> detect(double[] scores, double fitted, ThresholdStrategy strategy, AnomalyConfig config,
                                 int localWindow, Integer localStep) {
        if (localWindow == 0) {
            check(localStep == null, "local-step needs local-window");
            return detect(scores, fitted);
        }
        int step = localStep != null ? localStep : Math.max(1, localWindow / 10);
        return detectLocal(scores, strategy != null ? strategy : config.strategy(), config, localWindow, step);
    }

    private double[] smooth(double[] scores) {
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is " + scores[i]);
            }
        }
        return ewma(scores, smoothingSpan);
    }

    private List<Interval> detectSmoothed(double[] s, double[] threshold) {
        double scale = meanPlusStd(s);
        List<int[]> runs = new ArrayList<>();
        int t = 0;
        while (t < s.length) {
            if (s[t] > threshold[t]) {
                int from = t;
                while (t + 1 < s.length && s[t + 1] > threshold[t + 1]) {
                    t++;
                }
                int a = Math.max(0, from - padding);
                int b = (int) Math.min(s.length - 1, (long) t + padding);
                if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] >= a - 1) {
                    runs.get(runs.size() - 1)[1] = b;     // touches the previous one: merge
                } else {
                    runs.add(new int[] {a, b});
                }
            }
            t++;
        }
        List<Interval> intervals = new ArrayList<>();
        for (int[] r : runs) {
            if (r[1] - r[0] + 1 < minLength) {
                continue;
            }
            int at = r[0];
            for (int i = r[0]; i <= r[1]; i++) {
                if (s[i] > s[at]) {
                    at = i;
                }
            }
            intervals.add(new Interval(r[0], r[1], s[at], at, scale > 0 ? (s[at] - threshold[at]) / scale : 0));
        }
        return prune(intervals, s);
    }

    private List<Interval> prune(List<Interval> intervals, double[] s) {
        if (pruneRatio == 0 || intervals.isEmpty()) {
            return intervals;
        }
        boolean[] inside = new boolean[s.length];
        for (Interval i : intervals) {
            for (int t = i.start(); t <= i.end(); t++) {
                inside[t] = true;
            }
        }
        double outsideMax = 0;
        for (int t = 0; t < s.length; t++) {
            if (!inside[t]) {
                outsideMax = Math.max(outsideMax, s[t]);
            }
        }
        List<Interval> byPeak = new ArrayList<>(intervals);
        byPeak.sort(Comparator.comparingDouble(Interval::peak).reversed());
        int keep = 0;   // number of the largest intervals kept
        for (int i = 0; i < byPeak.size(); i++) {
            double next = i + 1 < byPeak.size() ? byPeak.get(i + 1).peak() : outsideMax;
            double p = byPeak.get(i).peak();
            if (p > 0 && (p - next) / p >= pruneRatio) {
                keep = i + 1;
            }
        }
        List<Interval> kept = byPeak.subList(0, keep);
        return intervals.stream().filter(kept::contains).toList();
    }

    private static double meanPlusStd(double[] s) {
        if (s.length == 0) {
            return 0;
        }
        double mean = 0;
        for (double v : s) {
            mean += v;
        }
        mean /= s.length;
        double var = 0;
        for (double v : s) {
            var += (v - mean) * (v - mean);
        }
        return mean + Math.sqrt(var / s.length);
    }
}
