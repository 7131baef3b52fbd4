package dev.seqae.projection;

/**
 * Points projected to a few dimensions.
 *
 * @param method            "pca" or "tsne"
 * @param coordinates       {@code [points][dims]}, one row per entry of {@code rows}
 * @param rows              which input rows the coordinates belong to, in order (all of them
 *                          unless t-SNE sampled)
 * @param explainedVariance PCA: the share of the variance each of the first components explains
 *                          (of the latent vectors; sums to at most 1); t-SNE: the variance kept by
 *                          the PCA reduction before it, or null when there was none
 * @param cost              t-SNE: the final KL divergence; NaN for PCA
 * @param note              what was done to fit the limits ("sampled 2,000 of 4,500 ..."), or null
 */
public record Projection(String method, double[][] coordinates, int[] rows, double[] explainedVariance, double cost,
                         String note) {

    /** Whether every input row was projected. */
    public boolean complete(int inputRows) {
        return rows.length == inputRows;
    }
}
