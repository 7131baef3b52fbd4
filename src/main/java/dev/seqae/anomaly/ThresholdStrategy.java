package dev.seqae.anomaly;

/** How a threshold is fitted from scores of held-out normal data. */
public enum ThresholdStrategy {
    /** The q-quantile of the scores (q = 1 - expected contamination). */
    PERCENTILE,
    /** mean + k·σ of the scores. */
    MEAN_K_SIGMA,
    /** A Gaussian fitted to the log-scores; flag where the upper tail probability is below alpha. */
    GAUSSIAN,
    /**
     * Peaks over threshold (extreme value theory): a generalised Pareto distribution fitted to
     * the scores above a high initial quantile; flag where the fitted tail probability is below
     * alpha.
     */
    POT
}
