package dev.seqae.anomaly;

import dev.seqae.errors.InvalidInputException;

/**
 * How a series' reconstruction error is measured at each point, from the series {@code y} and its
 * reconstruction {@code ŷ} (one value per point, in the same units): Orion's {@code rec_error_type}
 * choices, written from their definitions.
 *
 * <ul>
 *   <li>{@link #POINT}: {@code |y_i - ŷ_i|};</li>
 *   <li>{@link #AREA}: the difference of the areas under the two curves (trapezoid rule) over a
 *       window of {@code w} points around {@code i} (pandas' centred alignment, clipped at the
 *       ends): a shape error that forgives a reconstruction a point's noise;</li>
 *   <li>{@link #DTW}: the dynamic-time-warping distance between {@code y} and {@code ŷ} over the
 *       {@code 2·⌊w/2⌋ + 1} points centred on {@code i} (clipped at the ends): the squared
 *       differences summed along the cheapest monotone alignment, square-rooted, as
 *       {@code pyts.metrics.dtw}'s classic method; so a reconstruction a step early or late
 *       costs little. {@code band} limits the alignment to {@code |j - k| <= band} (Sakoe–Chiba);
 *       the cost is {@code O(N · L · min(L, 2·band + 1))} for {@code L} points per window.</li>
 * </ul>
 *
 * <p>Orion places its DTW value of the window starting at point {@code i - w/2} (zero-padded) at
 * point {@code i + w/2}, which shifts the error {@code w/2} points later than the window it
 * measures; here each window is centred on the point it is reported at, and the series is not
 * padded with zeros (zero is a value of the scaled series, not "no data").
 */
public enum ErrorMeasure {
    POINT, AREA, DTW;

    /** An unconstrained alignment: no band. */
    public static final int NO_BAND = Integer.MAX_VALUE;

    /** The error per point; {@code window} ({@code >= 1}) is ignored by {@link #POINT}. */
    public double[] apply(double[] y, double[] yHat, int window, int band) {
        if (y.length != yHat.length) {
            throw new InvalidInputException("series has " + y.length + " points, its reconstruction " + yHat.length);
        }
        if (window < 1 || band < 0) {
            throw new InvalidInputException("error window must be >= 1 and band >= 0, got " + window + ", " + band);
        }
        return switch (this) {
            case POINT -> point(y, yHat);
            case AREA -> area(y, yHat, window);
            case DTW -> dtw(y, yHat, window, band);
        };
    }

    private static double[] point(double[] y, double[] yHat) {
        double[] e = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            e[i] = Math.abs(y[i] - yHat[i]);
        }
        return e;
    }

    /**
     * {@code |trapz(y over the window) - trapz(ŷ over the window)|}, the window of point {@code i}
     * being {@code [i - ⌊w/2⌋, i + w - 1 - ⌊w/2⌋]} clipped to the series (pandas'
     * {@code rolling(w, center=True)}); the trapezoid rule over unit steps is the sum of the
     * values less half the two end values, so one prefix sum of the differences serves all.
     */
    private static double[] area(double[] y, double[] yHat, int w) {
        int n = y.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + (y[i] - yHat[i]);
        }
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - w / 2);
            int hi = Math.min(n - 1, i + w - 1 - w / 2);
            double d = prefix[hi + 1] - prefix[lo];
            if (hi > lo) {
                d -= 0.5 * ((y[lo] - yHat[lo]) + (y[hi] - yHat[hi]));
            } else {
                d = 0;   // one point: no area
            }
            e[i] = Math.abs(d);
        }
        return e;
    }

    private static double[] dtw(double[] y, double[] yHat, int w, int band) {
        int n = y.length;
        int half = w / 2;
        double[] e = new double[n];
        double[] prev = new double[2 * half + 2];
        double[] cur = new double[2 * half + 2];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - half);
            int hi = Math.min(n - 1, i + half);
            e[i] = distance(y, yHat, lo, hi - lo + 1, band, prev, cur);
        }
        return e;
    }

    /**
     * The DTW distance between {@code a[from, from + len)} and {@code b[from, from + len)}: the
     * square root of the least sum of squared differences along a monotone alignment from the
     * first pair to the last, each step advancing one or both sequences by one, within
     * {@code |j - k| <= band}. Two rows of the cost matrix are kept ({@code prev}, {@code cur},
     * each at least {@code len + 1} long; index {@code k + 1} holds column {@code k}, index 0 is
     * the infinite border), and each row is touched only inside the band.
     */
    static double distance(double[] a, double[] b, int from, int len, int band, double[] prev, double[] cur) {
        double inf = Double.POSITIVE_INFINITY;
        java.util.Arrays.fill(prev, 0, len + 1, inf);
        java.util.Arrays.fill(cur, 0, len + 1, inf);
        int r = Math.min(band, len);
        for (int j = 0; j < len; j++) {
            int kLo = Math.max(0, j - r);
            int kHi = Math.min(len - 1, j + r);
            cur[kLo] = inf;   // column kLo - 1 of this row: outside the band (or the border)
            double aj = a[from + j];
            for (int k = kLo; k <= kHi; k++) {
                double d = aj - b[from + k];
                double best = j == 0 && k == 0 ? 0 : Math.min(prev[k + 1], Math.min(cur[k], prev[k]));
                cur[k + 1] = best + d * d;
            }
            if (kHi + 2 <= len) {
                cur[kHi + 2] = inf;   // column kHi + 1: the next row reads it as "above"
            }
            double[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.sqrt(prev[len]);
    }
}
