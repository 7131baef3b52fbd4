package dev.seqae.anomaly;

import java.util.List;

/**
 * Turns per-step, per-feature squared reconstruction errors into per-step scores and one score per
 * sequence. For {@link ScoreKind#MAHALANOBIS} it holds the Gaussian (mean and inverse covariance of
 * the absolute error vectors) fitted on held-out normal data. Immutable and thread-safe.
 */
public final class SequenceScorer {
    private final ScoreKind kind;
    private final double[] mean;
    private final double[][] inverseCovariance;

    private SequenceScorer(ScoreKind kind, double[] mean, double[][] inverseCovariance) {
        this.kind = kind;
        this.mean = mean;
        this.inverseCovariance = inverseCovariance;
    }

    /** A scorer of the given kind; fits the Gaussian on {@code normalErrors} when it needs one. */
    public static SequenceScorer fit(ScoreKind kind, List<float[][]> normalErrors, int features) {
        if (kind != ScoreKind.MAHALANOBIS) {
            return new SequenceScorer(kind, null, null);
        }
        double[] mean = new double[features];
        long n = 0;
        for (float[][] seq : normalErrors) {
            for (float[] step : seq) {
                for (int f = 0; f < features; f++) {
                    mean[f] += Math.sqrt(step[f]);
                }
                n++;
            }
        }
        if (n < 2) {
            throw new IllegalArgumentException("the Mahalanobis score needs at least 2 steps of normal errors");
        }
        for (int f = 0; f < features; f++) {
            mean[f] /= n;
        }
        double[][] cov = new double[features][features];
        for (float[][] seq : normalErrors) {
            for (float[] step : seq) {
                for (int i = 0; i < features; i++) {
                    double di = Math.sqrt(step[i]) - mean[i];
                    for (int j = 0; j < features; j++) {
                        cov[i][j] += di * (Math.sqrt(step[j]) - mean[j]);
                    }
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < features; i++) {
            for (int j = 0; j < features; j++) {
                cov[i][j] /= n - 1;
            }
            trace += cov[i][i];
        }
        double ridge = Math.max(1e-9, 1e-6 * trace / features);
        for (int i = 0; i < features; i++) {
            cov[i][i] += ridge;
        }
        return new SequenceScorer(kind, mean, dev.seqae.math.Matrices.invert(cov, "error covariance"));
    }

    /** Restores a saved scorer. */
    public static SequenceScorer fromState(ScorerState s) {
        return new SequenceScorer(s.kind(), s.mean(), s.inverseCovariance());
    }

    public ScorerState toState() {
        return new ScorerState(kind, mean, inverseCovariance);
    }

    public ScoreKind kind() {
        return kind;
    }

    /** One score per step from squared errors {@code [steps][features]}. */
    public double[] stepScores(float[][] squaredErrors) {
        double[] out = new double[squaredErrors.length];
        for (int t = 0; t < squaredErrors.length; t++) {
            float[] e = squaredErrors[t];
            if (kind == ScoreKind.MAHALANOBIS) {
                double[] d = new double[e.length];
                for (int f = 0; f < e.length; f++) {
                    d[f] = Math.sqrt(e[f]) - mean[f];
                }
                double s = 0;
                for (int i = 0; i < e.length; i++) {
                    double row = 0;
                    for (int j = 0; j < e.length; j++) {
                        row += inverseCovariance[i][j] * d[j];
                    }
                    s += d[i] * row;
                }
                out[t] = s;
            } else {
                double s = 0;
                for (float v : e) {
                    s += v;
                }
                out[t] = s / e.length;
            }
        }
        return out;
    }

    /** The sequence score from squared errors {@code [steps][features]}. */
    public double score(float[][] squaredErrors) {
        double[] steps = stepScores(squaredErrors);
        if (kind == ScoreKind.MAX_STEP) {
            double m = Double.NEGATIVE_INFINITY;
            for (double s : steps) {
                m = Math.max(m, s);
            }
            return m;
        }
        double sum = 0;
        for (double s : steps) {
            sum += s;
        }
        return sum / steps.length;
    }

    /** Per-feature share of a sequence's squared error (sums to 1; for attribution). */
    /**
     * Per-feature share of the error summed over rows {@code [from, to]} (inclusive) of
     * {@code [rows][features]} errors, e.g. the points of an anomalous interval (sums to 1).
     */
    public static double[] featureShares(double[][] errors, int from, int to) {
        int features = errors.length == 0 ? 0 : errors[0].length;
        double[] share = new double[features];
        double total = 0;
        for (int r = from; r <= to; r++) {
            for (int f = 0; f < features; f++) {
                share[f] += errors[r][f];
                total += errors[r][f];
            }
        }
        for (int f = 0; f < features; f++) {
            share[f] = total > 0 ? share[f] / total : 1.0 / features;
        }
        return share;
    }

    /** Feature indices by share, largest first (ties in feature order). */
    public static int[] rank(double[] shares) {
        return java.util.stream.IntStream.range(0, shares.length).boxed()
                .sorted((a, b) -> Double.compare(shares[b], shares[a])).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The features ranked by share, largest first, as {@code name:share} joined by {@code ;}
     * (shares to three decimals): {@code "mem:0.712;cpu:0.288"}.
     */
    public static String ranked(String[] names, double[] shares) {
        StringBuilder sb = new StringBuilder();
        for (int i : rank(shares)) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(names[i]).append(':').append(String.format(java.util.Locale.ROOT, "%.3f", shares[i]));
        }
        return sb.toString();
    }

    public static double[] featureShares(float[][] squaredErrors) {
        double[][] rows = new double[squaredErrors.length][];
        for (int t = 0; t < rows.length; t++) {
            rows[t] = new double[squaredErrors[t].length];
            for (int f = 0; f < rows[t].length; f++) {
                rows[t][f] = squaredErrors[t][f];
            }
        }
        return featureShares(rows, 0, rows.length - 1);
    }

    /**
     * Saved form of a scorer.
     *
     * @param kind              the score kind
     * @param mean              Mahalanobis only: mean absolute error per feature, else null
     * @param inverseCovariance Mahalanobis only, else null
     */
    public record ScorerState(ScoreKind kind, double[] mean, double[][] inverseCovariance) {
    }
}
