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

    /**
     * PR-AUC as average precision: the mean of the precision at the rank of every anomaly, scores
     * in descending order (ties broken pessimistically: anomalies after normals). NaN without
     * anomalies.
     */
    public static double averagePrecision(double[] scores, boolean[] anomalous) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(scores[b], scores[a]);
            return c != 0 ? c : Boolean.compare(anomalous[a], anomalous[b]);
        });
        long hits = 0;
        double sum = 0;
        for (int k = 0; k < idx.length; k++) {
            if (anomalous[idx[k]]) {
                hits++;
                sum += (double) hits / (k + 1);
            }
        }
        return hits == 0 ? Double.NaN : sum / hits;
    }

    /**
     * Counts of the overlap-segment evaluation as the Orion benchmark computes it: a labelled
     * window overlapped by any detected interval is a true positive, one overlapped by none a
     * false negative, and a detected interval that overlaps no labelled window a false positive.
     * Counts add up over the signals of a category before precision, recall and F1 are taken.
     */
    public record SegmentCounts(long truePositives, long falsePositives, long falseNegatives) {
        public SegmentCounts plus(SegmentCounts o) {
            return new SegmentCounts(truePositives + o.truePositives, falsePositives + o.falsePositives,
                    falseNegatives + o.falseNegatives);
        }

        /** TP / (TP + FP); NaN when nothing was detected. */
        public double precision() {
            return ratio(truePositives, truePositives + falsePositives);
        }

        /** TP / (TP + FN); NaN when there is nothing to find. */
        public double recall() {
            return ratio(truePositives, truePositives + falseNegatives);
        }

        /** 2TP / (2TP + FP + FN); NaN when there was nothing to find and nothing was detected. */
        public double f1() {
            return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
        }

        private static double ratio(long a, long b) {
            return b == 0 ? Double.NaN : (double) a / b;
        }
    }

    /** Overlap-segment counts of detected intervals against labelled windows (both inclusive). */
    public static SegmentCounts overlapSegments(java.util.List<Interval> labelled, java.util.List<Interval> detected) {
        long tp = labelled.stream().filter(w -> detected.stream().anyMatch(w::overlaps)).count();
        long fp = detected.stream().filter(d -> labelled.stream().noneMatch(d::overlaps)).count();
        return new SegmentCounts(tp, fp, labelled.size() - tp);
    }

    /**
     * Overlap-segment counts exactly as the Orion benchmark computes them
     * ({@code contextual_confusion_matrix(weighted=False)}): spans taken as {@code [start, end + 1)}
     * with a strict overlap test ({@link TimeSpan#overlapsPadded}); a labelled span overlapped by
     * any detection is a TP (once), one overlapped by none an FN, a detection that overlaps no
     * label an FP.
     */
    public static SegmentCounts contextual(java.util.List<TimeSpan> labelled, java.util.List<TimeSpan> detected) {
        long tp = labelled.stream().filter(l -> detected.stream().anyMatch(l::overlapsPadded)).count();
        long fp = detected.stream().filter(d -> labelled.stream().noneMatch(d::overlapsPadded)).count();
        return new SegmentCounts(tp, fp, labelled.size() - tp);
    }
}
