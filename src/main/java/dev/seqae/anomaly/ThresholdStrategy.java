package dev.seqae.anomaly;

/** How a threshold is fitted from scores of held-out normal data. */
public enum ThresholdStrategy {
    /** The q-quantile of the scores (q = 1 - expected contamination). */
    PERCENTILE,
    /** mean + k·σ of the scores. */
    MEAN_K_SIGMA,
    /** A Gaussian fitted to the log-scores; flag where the upper tail probability is below alpha. */
    GAUSSIAN
}
