package dev.seqae.projection;

import java.util.Arrays;

/** How well a low-dimensional view keeps labelled classes together. */
public final class Neighbours {
    private Neighbours() {
    }

    /**
     * k-nearest-neighbour label agreement: for every point, the share of its {@code k} nearest
     * other points (Euclidean, in {@code coordinates}) that have its label, averaged over the
     * points. 1 = classes perfectly apart; the sum of the squared class shares is what a random layout
     * gives on average. Exact, O(n²).
     */
    public static double knnAgreement(double[][] coordinates, String[] labels, int k) {
        int n = coordinates.length;
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " points");
        }
        if (k < 1 || k >= n) {
            throw new IllegalArgumentException("k must be in [1, points - 1], got " + k);
        }
        double total = 0;
        double[] bestD = new double[k];
        int[] bestI = new int[k];
        for (int i = 0; i < n; i++) {
            Arrays.fill(bestD, Double.POSITIVE_INFINITY);
            Arrays.fill(bestI, -1);
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double s = 0;
                for (int c = 0; c < coordinates[i].length; c++) {
                    double diff = coordinates[i][c] - coordinates[j][c];
                    s += diff * diff;
                }
                if (s < bestD[k - 1]) {             // insert into the sorted k best (ties: the earlier index stays)
                    int at = k - 1;
                    while (at > 0 && bestD[at - 1] > s) {
                        bestD[at] = bestD[at - 1];
                        bestI[at] = bestI[at - 1];
                        at--;
                    }
                    bestD[at] = s;
                    bestI[at] = j;
                }
            }
            int same = 0;
            for (int m = 0; m < k; m++) {
                same += labels[bestI[m]].equals(labels[i]) ? 1 : 0;
            }
            total += (double) same / k;
        }
        return total / n;
    }
}
