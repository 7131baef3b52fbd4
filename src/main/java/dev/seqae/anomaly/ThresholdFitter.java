package dev.seqae.anomaly;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/** Fits thresholds on scores of held-out normal data. Separate from the scorer by design. */
public final class ThresholdFitter {
    private ThresholdFitter() {
    }

    /** Every strategy, with the parameters of {@code config}. */
    public static Map<ThresholdStrategy, Threshold> fitAll(double[] scores, AnomalyConfig config) {
        Map<ThresholdStrategy, Threshold> out = new EnumMap<>(ThresholdStrategy.class);
        out.put(ThresholdStrategy.PERCENTILE, percentile(scores, config.percentile()));
        out.put(ThresholdStrategy.MEAN_K_SIGMA, meanKSigma(scores, config.k()));
        out.put(ThresholdStrategy.GAUSSIAN, gaussian(scores, config.alpha()));
        out.put(ThresholdStrategy.POT, peaksOverThreshold(scores, config.alpha()));
        out.put(ThresholdStrategy.DYNAMIC, dynamic(scores));
        return out;
    }

    /** One strategy, with the parameters of {@code config}. */
    public static Threshold fit(ThresholdStrategy strategy, double[] scores, AnomalyConfig config) {
        return switch (strategy) {
            case PERCENTILE -> percentile(scores, config.percentile());
            case MEAN_K_SIGMA -> meanKSigma(scores, config.k());
            case GAUSSIAN -> gaussian(scores, config.alpha());
            case POT -> peaksOverThreshold(scores, config.alpha());
            case DYNAMIC -> dynamic(scores);
        };
    }

    /** The candidate z of the dynamic threshold: telemanom's grid 2.5, 3.0, ..., 12.0. */
    static final double Z_MIN = 2.5;
    static final double Z_MAX = 12.0;
    static final double Z_STEP = 0.5;

    /**
     * The non-parametric dynamic threshold of telemanom (Hundman et al., KDD 2018, section 3.2):
     * for each z of the grid {@link #Z_MIN}..{@link #Z_MAX}, ε = μ + z·σ of the scores is rated
     * <pre>  (Δμ/μ + Δσ/σ) / (n_above + runs_above²)</pre>
     * where Δμ and Δσ are how much the mean and σ drop when the scores above ε are removed,
     * {@code n_above} is how many scores lie above ε and {@code runs_above} in how many consecutive
     * runs (the scores are taken in order: time order for a series). The best-rated ε is returned,
     * its z as the parameter; when no ε has a score above it (or σ = 0) the cut-off is μ + 12σ.
     * Ties keep the smaller z.
     */
    public static Threshold dynamic(double[] scores) {
        requireScores(scores);
        double[] ms = meanStd(scores);
        double mean = ms[0];
        double std = ms[1];
        double bestZ = Z_MAX;
        double best = Double.NEGATIVE_INFINITY;
        if (std > 0 && mean != 0) {
            for (double z = Z_MIN; z <= Z_MAX + 1e-9; z += Z_STEP) {
                double eps = mean + z * std;
                int above = 0;
                int runs = 0;
                double sum = 0;
                double sumSq = 0;
                boolean previous = false;
                for (double v : scores) {
                    boolean a = v > eps;
                    if (a) {
                        above++;
                        if (!previous) {
                            runs++;
                        }
                    } else {
                        sum += v;
                        sumSq += v * v;
                    }
                    previous = a;
                }
                int below = scores.length - above;
                if (above == 0 || below == 0) {
                    continue;
                }
                double meanBelow = sum / below;
                double stdBelow = Math.sqrt(Math.max(0, sumSq / below - meanBelow * meanBelow));
                double rating = ((mean - meanBelow) / mean + (std - stdBelow) / std) / (above + (double) runs * runs);
                if (rating > best) {
                    best = rating;
                    bestZ = z;
                }
            }
        }
        return new Threshold(ThresholdStrategy.DYNAMIC, bestZ, mean + bestZ * std, scores.length);
    }

    /**
     * Per-point thresholds of a series refitted on local windows: windows of {@code window}
     * points every {@code step} points (the last one aligned with the end), each fitted with
     * {@code strategy}; a point's threshold is the lowest of the windows that cover it, so a point
     * is flagged when any of its windows flags it (as telemanom and Orion do). A window as long as
     * the series or longer gives one threshold for all.
     */
    public static double[] local(double[] scores, ThresholdStrategy strategy, AnomalyConfig config, int window,
                                 int step) {
        requireScores(scores);
        if (window < 2 || step < 1) {
            throw new IllegalArgumentException("local window must be >= 2 and step >= 1, got " + window + ", " + step);
        }
        double[] out = new double[scores.length];
        Arrays.fill(out, Double.POSITIVE_INFINITY);
        int w = Math.min(window, scores.length);
        for (int from = 0; ; from += step) {
            int start = Math.min(from, scores.length - w);
            double t = fit(strategy, Arrays.copyOfRange(scores, start, start + w), config).value();
            for (int i = start; i < start + w; i++) {
                out[i] = Math.min(out[i], t);
            }
            if (start + w >= scores.length) {
                break;
            }
        }
        return out;
    }

    /** The q-quantile (linear interpolation between order statistics). */
    public static Threshold percentile(double[] scores, double q) {
        requireScores(scores);
        double[] s = scores.clone();
        Arrays.sort(s);
        return new Threshold(ThresholdStrategy.PERCENTILE, q, quantile(s, q), s.length);
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** mean + k·σ (population σ). */
    public static Threshold meanKSigma(double[] scores, double k) {
        requireScores(scores);
        double[] ms = meanStd(scores);
        return new Threshold(ThresholdStrategy.MEAN_K_SIGMA, k, ms[0] + k * ms[1], scores.length);
    }

    /** exp(μ + z_{1-α}·σ) of the log-scores: the upper α-quantile of a fitted log-normal. */
    public static Threshold gaussian(double[] scores, double alpha) {
        requireScores(scores);
        double[] logs = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            logs[i] = Math.log(Math.max(scores[i], 1e-12));
        }
        double[] ms = meanStd(logs);
        double z = normalQuantile(1 - alpha);
        return new Threshold(ThresholdStrategy.GAUSSIAN, alpha, Math.exp(ms[0] + z * ms[1]), scores.length);
    }

    /**
     * Fewest scores a tail estimate rests on: POT fits its tail only with this many excesses, and
     * an empirical quantile with fewer scores above it is called unstable ({@link #unstable}).
     */
    public static final int MIN_EXCESSES = 10;

    /**
     * Whether {@code t} is an empirical quantile resting on fewer than {@link #MIN_EXCESSES}
     * scores above it ({@code n·(1 - q) < 10}): then it is near the sample maximum and moves with
     * a single score; a fitted rule (gaussian, with the same tail probability) uses all of them.
     */
    public static boolean unstable(Threshold t) {
        return t.strategy() == ThresholdStrategy.PERCENTILE && t.fittedOn() * (1 - t.parameter()) < MIN_EXCESSES;
    }

    /**
     * Peaks over threshold (Siffer et al., KDD 2017, without the streaming part): the scores above
     * an initial threshold {@code t} (the {@code 1 - 10·alpha} quantile, kept between the 0.5 and
     * 0.98 quantiles) are modelled as {@code t +} a generalised Pareto variable with shape γ and
     * scale σ, fitted by the method of moments (γ = (1 - m²/v) / 2, σ = m (1 + m²/v) / 2 from the
     * excesses' mean m and variance v); the threshold is the score whose fitted tail probability
     * is {@code alpha}: {@code t + σ/γ · ((alpha·n/N_t)^(-γ) - 1)} ({@code t - σ·ln(alpha·n/N_t)}
     * when γ ≈ 0). With fewer than {@link #MIN_EXCESSES} excesses (small validation sets) the
     * empirical {@code 1 - alpha} quantile is used instead.
     */
    public static Threshold peaksOverThreshold(double[] scores, double alpha) {
        requireScores(scores);
        double[] s = scores.clone();
        Arrays.sort(s);
        double level = Math.min(0.98, Math.max(0.5, 1 - 10 * alpha));
        double t = quantile(s, level);
        int first = s.length;
        while (first > 0 && s[first - 1] > t) {
            first--;
        }
        int excesses = s.length - first;
        if (excesses < MIN_EXCESSES) {
            return new Threshold(ThresholdStrategy.POT, alpha, quantile(s, 1 - alpha), s.length);
        }
        double[] y = new double[excesses];
        for (int i = 0; i < excesses; i++) {
            y[i] = s[first + i] - t;
        }
        double[] ms = meanStd(y);
        double m = ms[0];
        double v = ms[1] * ms[1];
        double ratio = v > 0 ? m * m / v : 1;
        double gamma = 0.5 * (1 - ratio);
        double sigma = 0.5 * m * (1 + ratio);
        double r = alpha * s.length / excesses;
        double z = Math.abs(gamma) < 1e-6 ? t - sigma * Math.log(r) : t + sigma / gamma * (Math.pow(r, -gamma) - 1);
        return new Threshold(ThresholdStrategy.POT, alpha, z, s.length);
    }

    private static double[] meanStd(double[] v) {
        double mean = Arrays.stream(v).average().orElse(0);
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(var / v.length)};
    }

    private static void requireScores(double[] scores) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("cannot fit a threshold on no scores");
        }
    }

    /** The standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
    static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
