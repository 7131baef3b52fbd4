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
    POT,
    /**
     * NASA telemanom's non-parametric dynamic threshold: the cut-off mean + z·σ (z on a grid) that
     * best separates the scores, i.e. removing what lies above it lowers the mean and σ of the rest
     * the most relative to how many points and runs it flags. Fitted on held-out scores and saved;
     * {@code seqae detect --local-window} refits it on local windows of the scored series.
     */
    DYNAMIC
}
