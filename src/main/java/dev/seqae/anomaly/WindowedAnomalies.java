package dev.seqae.anomaly;

import dev.seqae.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Anomalous intervals of an error series the way Orion's {@code find_anomalies} finds them with
 * its fixed threshold: the series is cut into windows of {@code windowFraction} of its length
 * (rounded up) every {@code stepFraction} of a window (rounded up), the last ones shorter where
 * they run past the end; in each window
 * <ol>
 *   <li>the threshold is {@code mean + k·std} of that window's errors (population std);</li>
 *   <li>points above it are marked, and so are the {@code padding} points on either side of each
 *       (within the window); runs of marked points are the window's candidate intervals;</li>
 *   <li>candidates are pruned as telemanom does, per window: their peaks in descending order,
 *       followed by the largest unmarked error of the window, are compared neighbour to
 *       neighbour, and everything below the last peak that stands at least {@code minPercent}
 *       (relative) above the next one is dropped;</li>
 *   <li>each kept interval scores {@code (peak - threshold) / (mean + std)} of the window.</li>
 * </ol>
 * With {@code lower}, each window is also searched mirrored about its mean ({@code 2·mean − e}),
 * so that runs of errors below {@code mean − k·std} — stretches the model reconstructs unusually
 * well, such as a signal gone flat or a bump back towards the training level — are found the same
 * way (Orion's {@code lower_threshold}).
 * The intervals of all windows are then merged where they overlap or touch, the merged score the
 * mean of the parts' scores weighted by their lengths ({@code end - start}, as Orion weighs them).
 *
 * @param windowFraction window length as a fraction of the series, in (0, 1]
 * @param stepFraction   step between windows as a fraction of the window, in (0, 1]
 * @param k              standard deviations above the mean
 * @param padding        points marked on either side of a point above the threshold
 * @param minPercent     telemanom's pruning ratio, in [0, 1)
 * @param lower          whether errors far below their window's mean are anomalous too
 */
public record WindowedAnomalies(double windowFraction, double stepFraction, double k, int padding,
                                double minPercent, boolean lower) {

    /** Upper thresholds only, as Orion's default. */
    public WindowedAnomalies(double windowFraction, double stepFraction, double k, int padding, double minPercent) {
        this(windowFraction, stepFraction, k, padding, minPercent, false);
    }

    public WindowedAnomalies {
        check(windowFraction > 0 && windowFraction <= 1, "window fraction must be in (0, 1], got " + windowFraction);
        check(stepFraction > 0 && stepFraction <= 1, "step fraction must be in (0, 1], got " + stepFraction);
        check(k >= 0 && Double.isFinite(k), "k must be >= 0, got " + k);
        check(padding >= 0, "padding must be >= 0, got " + padding);
        check(minPercent >= 0 && minPercent < 1, "min percent must be in [0, 1), got " + minPercent);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }

    /** Orion's settings for its LSTM autoencoder: windows of 33 % every 10 %, mean + 4σ, padding 50, pruning 0.13. */
    public static WindowedAnomalies orion() {
        return new WindowedAnomalies(0.33, 0.1, 4, 50, 0.13);
    }

    /** The same detector, searching below the mean as well ({@code lower}) or not. */
    public WindowedAnomalies withLower(boolean lower) {
        return new WindowedAnomalies(windowFraction, stepFraction, k, padding, minPercent, lower);
    }

    /** The intervals of {@code errors} (finite), in time order; severity is the merged score. */
    public List<Interval> detect(double[] errors) {
        for (int i = 0; i < errors.length; i++) {
            if (!Double.isFinite(errors[i])) {
                throw new IllegalArgumentException("error " + i + " is " + errors[i]);
            }
        }
        int n = errors.length;
        if (n == 0) {
            return List.of();
        }
        int size = (int) Math.ceil(n * windowFraction);
        int step = Math.max(1, (int) Math.ceil(size * stepFraction));
        List<double[]> found = new ArrayList<>();    // {start, end, score}
        int start = 0;
        int end = 0;
        while (end < n) {
            end = start + size;
            int to = Math.min(n, end);
            found.addAll(window(errors, start, to));
            if (lower) {
                found.addAll(window(mirrored(errors, start, to), start, to));
            }
            start += step;
        }
        return merge(found, errors);
    }

    /**
     * Each point's threshold: the lowest {@code mean + k·std} of the windows that cover it (the
     * windows {@link #detect} cuts); a point above it is marked in at least one window (before
     * padding and pruning). For plots and for saying how far a point is from being flagged.
     */
    public double[] thresholds(double[] errors) {
        int n = errors.length;
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.POSITIVE_INFINITY);
        if (n == 0) {
            return out;
        }
        int size = (int) Math.ceil(n * windowFraction);
        int step = Math.max(1, (int) Math.ceil(size * stepFraction));
        int start = 0;
        int end = 0;
        while (end < n) {
            end = start + size;
            int to = Math.min(n, end);
            double[] ms = meanStd(errors, start, to);
            double threshold = ms[0] + k * ms[1];
            for (int i = start; i < to; i++) {
                out[i] = Math.min(out[i], threshold);
            }
            start += step;
        }
        return out;
    }

    /** {@code x} with {@code x[from, to)} mirrored about its mean; the rest is left as it is (and unused). */
    private static double[] mirrored(double[] x, int from, int to) {
        double mean = meanStd(x, from, to)[0];
        double[] out = x.clone();
        for (int i = from; i < to; i++) {
            out[i] = 2 * mean - x[i];
        }
        return out;
    }

    /** Mean and population standard deviation of {@code x[from, to)} (non-empty). */
    private static double[] meanStd(double[] x, int from, int to) {
        int len = to - from;
        double mean = 0;
        for (int i = from; i < to; i++) {
            mean += x[i];
        }
        mean /= len;
        double var = 0;
        for (int i = from; i < to; i++) {
            var += (x[i] - mean) * (x[i] - mean);
        }
        return new double[] {mean, Math.sqrt(var / len)};
    }

    /** The pruned, scored intervals of {@code errors[from, to)}, in series indices. */
    private List<double[]> window(double[] errors, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return List.of();
        }
        double[] ms = meanStd(errors, from, to);
        double mean = ms[0];
        double std = ms[1];
        double threshold = mean + k * std;
        boolean[] marked = new boolean[len];
        for (int i = 0; i < len; i++) {
            if (errors[from + i] > threshold) {
                for (int j = Math.max(0, i - padding); j <= Math.min(len - 1, i + padding); j++) {
                    marked[j] = true;
                }
            }
        }
        List<double[]> runs = new ArrayList<>();    // {start, end, peak} in window indices
        double maxBelow = 0;
        boolean anyBelow = false;
        for (int i = 0; i < len; i++) {
            if (!marked[i]) {
                maxBelow = anyBelow ? Math.max(maxBelow, errors[from + i]) : errors[from + i];
                anyBelow = true;
                continue;
            }
            int a = i;
            double peak = errors[from + i];
            while (i + 1 < len && marked[i + 1]) {
                i++;
                peak = Math.max(peak, errors[from + i]);
            }
            runs.add(new double[] {a, i, peak});
        }
        if (runs.isEmpty()) {
            return List.of();
        }
        List<double[]> byPeak = new ArrayList<>(runs);
        byPeak.sort(Comparator.comparingDouble((double[] r) -> r[2]).reversed());
        int keep = 0;
        for (int i = 0; i < byPeak.size(); i++) {
            double p = byPeak.get(i)[2];
            double next = i + 1 < byPeak.size() ? byPeak.get(i + 1)[2] : (anyBelow ? maxBelow : 0);
            if (!((p - next) / p < minPercent)) {
                keep = i + 1;
            }
        }
        double denominator = mean + std;
        List<double[]> out = new ArrayList<>(keep);
        for (double[] r : byPeak.subList(0, keep)) {
            out.add(new double[] {from + r[0], from + r[1], (r[2] - threshold) / denominator});
        }
        return out;
    }

    /** Overlapping or touching intervals merged, scores weighted by length ({@code end - start}). */
    private static List<Interval> merge(List<double[]> found, double[] errors) {
        if (found.isEmpty()) {
            return List.of();
        }
        List<double[]> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingDouble((double[] r) -> r[0]));
        List<Interval> out = new ArrayList<>();
        double[] cur = sorted.get(0).clone();
        double weightedSum = cur[2] * (cur[1] - cur[0]);
        double weights = cur[1] - cur[0];
        double plainSum = cur[2];
        int parts = 1;
        for (double[] r : sorted.subList(1, sorted.size())) {
            if (r[0] <= cur[1] + 1) {
                cur[1] = Math.max(cur[1], r[1]);
                weightedSum += r[2] * (r[1] - r[0]);
                weights += r[1] - r[0];
                plainSum += r[2];
                parts++;
            } else {
                out.add(interval(cur, weights > 0 ? weightedSum / weights : plainSum / parts, errors));
                cur = r.clone();
                weightedSum = cur[2] * (cur[1] - cur[0]);
                weights = cur[1] - cur[0];
                plainSum = cur[2];
                parts = 1;
            }
        }
        out.add(interval(cur, weights > 0 ? weightedSum / weights : plainSum / parts, errors));
        return out;
    }

    private static Interval interval(double[] r, double score, double[] errors) {
        int a = (int) r[0];
        int b = (int) r[1];
        int at = a;
        for (int i = a; i <= b; i++) {
            if (errors[i] > errors[at]) {
                at = i;
            }
        }
        return new Interval(a, b, errors[at], at, score);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "windows of %.3g of the series every %.3g of a window, mean + %.3g sd, "
                + "padding %d, pruning %.3g (per window)%s, merged", windowFraction, stepFraction, k, padding, minPercent,
                lower ? ", and below mean - " + String.format(Locale.ROOT, "%.3g", k) + " sd (mirrored)" : "");
    }
}
