package dev.seqae.anomaly;

import java.util.Arrays;

/** Ranking and classification metrics of anomaly scores against labels. */
public final class Metrics {
    private Metrics() {
    }

    /** ROC-AUC: the probability that a random anomaly scores above a random normal one (ties count half). */
    public static double rocAuc(double[] scores, boolean[] anomalous) {
        int n = scores.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[a], scores[b]));
        double[] rank = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) {
                j++;
            }
            double r = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[idx[k]] = r;
            }
            i = j + 1;
        }
        long pos = 0;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            if (anomalous[k]) {
                pos++;
                sum += rank[k];
            }
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (sum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * Precision, recall and F1 of flags against labels.
     *
     * @return {precision, recall, f1}
     */
    public static double[] precisionRecallF1(boolean[] flagged, boolean[] anomalous) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < flagged.length; i++) {
            if (flagged[i] && anomalous[i]) {
                tp++;
            } else if (flagged[i]) {
                fp++;
            } else if (anomalous[i]) {
                fn++;
            }
        }
        double p = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double r = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
        return new double[] {p, r, f1};
    }
}
