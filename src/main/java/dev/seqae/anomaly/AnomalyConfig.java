package dev.seqae.anomaly;

import dev.seqae.errors.InvalidInputException;

/**
 * Scoring and threshold settings, validated at construction.
 *
 * @param score      how a sequence's errors become a score
 * @param strategy   the threshold used by default (all are fitted and saved)
 * @param percentile the quantile for {@link ThresholdStrategy#PERCENTILE}, in (0, 1)
 * @param k          the multiplier for {@link ThresholdStrategy#MEAN_K_SIGMA}, > 0
 * @param alpha      the tail probability for {@link ThresholdStrategy#GAUSSIAN} and {@link ThresholdStrategy#POT}, in (0, 1)
 */
public record AnomalyConfig(ScoreKind score, ThresholdStrategy strategy, double percentile, double k, double alpha) {
    public AnomalyConfig {
        if (score == null) {
            throw new InvalidInputException("score kind must be given");
        }
        if (strategy == null) {
            throw new InvalidInputException("threshold strategy must be given");
        }
        if (!(percentile > 0 && percentile < 1)) {
            throw new InvalidInputException("percentile must be in (0, 1), got " + percentile);
        }
        if (!(k > 0) || !Double.isFinite(k)) {
            throw new InvalidInputException("k must be > 0, got " + k);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new InvalidInputException("alpha must be in (0, 1), got " + alpha);
        }
    }

    public static AnomalyConfig defaults() {
        return new AnomalyConfig(ScoreKind.MSE, ThresholdStrategy.PERCENTILE, 0.99, 3.0, 0.01);
    }
}
