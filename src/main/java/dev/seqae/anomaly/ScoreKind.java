package dev.seqae.anomaly;

/** How per-step reconstruction errors become one score per sequence. */
public enum ScoreKind {
    /** Mean squared error over real steps and features (normalised units). */
    MSE,
    /** The largest per-step mean squared error: sensitive to short anomalies in long sequences. */
    MAX_STEP,
    /**
     * EncDec-AD (Malhotra et al. 2016): the Mahalanobis distance of each step's absolute error
     * vector under a Gaussian fitted on held-out normal data, averaged over the steps.
     */
    MAHALANOBIS
}
