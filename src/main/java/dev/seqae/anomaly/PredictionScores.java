package dev.seqae.anomaly;

import dev.seqae.errors.InvalidInputException;
import java.util.Locale;

/**
 * Per-point scores of a model with prediction heads (AER's {@code score_anomalies}, written from
 * its definition): the regression error of each point predicted from both sides, and its
 * combination with the reconstruction error.
 *
 * <p>Over a series of {@code n} points cut into {@code N = n - T + 1} windows of {@code T} at
 * step 1, window {@code i}'s backward prediction is of point {@code i} and its forward prediction
 * of point {@code i + T - 1}. Each of the two error series (one value per window) is smoothed by an
 * EWMA with span {@code max(1, ⌊f·N⌋)} (pandas' {@code ewm(span).mean()}, whose weights are
 * normalised over the points seen so far), and its first {@code m = ⌊f·N⌋} values are masked
 * (AER's {@code mask}): the forward one to 0, the backward one to its minimum. A point's regression
 * score is the mean of the two where both predict it, else the one that does.
 */
public final class PredictionScores {
    private PredictionScores() {
    }

    /** How the regression and the reconstruction scores become one (AER's {@code comb}). */
    public enum Mix {
        /** The reconstruction score alone. */
        RECONSTRUCTION,
        /** The regression score alone. */
        REGRESSION,
        /** Each min-max scaled to [1, 2], multiplied (AER's default {@code mult}). */
        PRODUCT,
        /** Each min-max scaled to [0, 1], averaged ({@code sum} with {@code lambda_rec} 0.5). */
        SUM,
        /**
         * Not a score but an agreement: each score goes through the detector alone, and only the
         * intervals both detectors find (overlapping) are kept ({@link Interval#confirmed}); the
         * scores reported per point are the product's.
         */
        CONSENSUS,
        /**
         * The product's intervals, unless its detector raises more than a limit on one series
         * (the recipe's {@code guard}): then only the intervals both scores confirm, as
         * {@link #CONSENSUS}. A score that fires that often says more about the series (step to
         * step unpredictable, so every prediction error is large) than about anomalies; the
         * scores reported per point are the product's.
         */
        GUARDED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The regression score per point.
     *
     * @param backward  per window, the backward prediction's error (of point {@code i})
     * @param forward   per window, the forward prediction's error (of point {@code i + window - 1})
     * @param window    the window length {@code T}
     * @param fraction  the smoothing span and the mask as a fraction of the window count (AER: 0.01)
     * @param mask      whether the first {@code ⌊fraction·N⌋} values are masked
     */
    public static double[] regression(double[] backward, double[] forward, int window, double fraction,
                                      boolean mask) {
        int windows = backward.length;
        if (forward.length != windows || windows == 0 || window < 2) {
            throw new InvalidInputException("regression errors need as many forward as backward errors (got "
                    + forward.length + " and " + backward.length + ") and a window of at least 2, got " + window);
        }
        if (!(fraction >= 0 && fraction < 1)) {
            throw new InvalidInputException("regression smoothing fraction must be in [0, 1), got " + fraction);
        }
        int span = Math.max(1, (int) (fraction * windows));
        int m = mask ? Math.min(windows, (int) (fraction * windows)) : 0;
        double[] f = ewmaAdjusted(forward, span);
        double[] r = ewmaAdjusted(backward, span);
        double rMin = Double.POSITIVE_INFINITY;
        for (double v : r) {
            rMin = Math.min(rMin, v);
        }
        for (int i = 0; i < m; i++) {
            f[i] = 0;
            r[i] = rMin;
        }
        int lag = window - 1;
        int n = windows + lag;
        double[] out = new double[n];
        for (int i = 0; i < windows; i++) {
            out[i + lag] += f[i];
            out[i] += r[i];
        }
        // both predict points [lag, windows); AER halves from lag + m on (before that the forward one is masked to 0)
        for (int p = lag + m; p < windows; p++) {
            out[p] /= 2;
        }
        return out;
    }

    /**
     * pandas' {@code ewm(span).mean()} with {@code adjust=True}: at each point the weighted mean of
     * the points so far, weight {@code (1 - α)^age}, {@code α = 2 / (span + 1)}.
     */
    static double[] ewmaAdjusted(double[] x, int span) {
        double[] y = new double[x.length];
        double keep = 1 - 2.0 / (span + 1);
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num = x[i] + keep * num;
            den = 1 + keep * den;
            y[i] = num / den;
        }
        return y;
    }

    /** The regression and reconstruction scores (one per point each) combined as {@code mix}. */
    public static double[] combine(Mix mix, double[] regression, double[] reconstruction) {
        if (regression.length != reconstruction.length) {
            throw new InvalidInputException("regression scores have " + regression.length + " points, "
                    + "reconstruction scores " + reconstruction.length);
        }
        return switch (mix) {
            case CONSENSUS, GUARDED -> combine(Mix.PRODUCT, regression, reconstruction);
            case RECONSTRUCTION -> reconstruction.clone();
            case REGRESSION -> regression.clone();
            case PRODUCT -> {
                double[] a = scaled(regression, 1, 2);
                double[] b = scaled(reconstruction, 1, 2);
                for (int i = 0; i < a.length; i++) {
                    a[i] *= b[i];
                }
                yield a;
            }
            case SUM -> {
                double[] a = scaled(regression, 0, 1);
                double[] b = scaled(reconstruction, 0, 1);
                for (int i = 0; i < a.length; i++) {
                    a[i] = 0.5 * a[i] + 0.5 * b[i];
                }
                yield a;
            }
        };
    }

    /** Min-max scaled to {@code [lo, hi]} (scikit-learn's MinMaxScaler: a constant series maps to {@code lo}). */
    static double[] scaled(double[] x, double lo, double hi) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max - min;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = range > 0 ? lo + (x[i] - min) / range * (hi - lo) : lo;
        }
        return out;
    }
}
