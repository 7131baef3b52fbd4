package dev.seqae.anomaly;

/**
 * A fitted threshold: scores strictly above {@code value} are anomalous.
 *
 * @param strategy  how it was fitted
 * @param parameter the strategy's parameter (q, k or alpha)
 * @param value     the cut-off
 * @param fittedOn  how many scores it was fitted on
 */
public record Threshold(ThresholdStrategy strategy, double parameter, double value, int fittedOn) {
    public boolean isAnomalous(double score) {
        return score > value;
    }
}
