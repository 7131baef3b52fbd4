package dev.seqae.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.errors.InvalidInputException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ErrorMeasureTest {
    private static double[] random(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    /** The textbook DTW: the whole cost matrix, recursively defined, optionally banded. */
    private static double naiveDtw(double[] a, double[] b, int band) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                if (Math.abs(j - k) > band) {
                    c[j][k] = Double.POSITIVE_INFINITY;
                    continue;
                }
                double d = (a[j] - b[k]) * (a[j] - b[k]);
                double best = j == 0 && k == 0 ? 0 : Double.POSITIVE_INFINITY;
                if (j > 0) {
                    best = Math.min(best, c[j - 1][k]);
                }
                if (k > 0) {
                    best = Math.min(best, c[j][k - 1]);
                }
                if (j > 0 && k > 0) {
                    best = Math.min(best, c[j - 1][k - 1]);
                }
                c[j][k] = best + d;
            }
        }
        return Math.sqrt(c[n - 1][n - 1]);
    }

    @Test
    void dtwMatchesTheFullCostMatrixWithAndWithoutABand() {
        Random r = new Random(3);
        double[] y = random(r, 200);
        double[] yHat = random(r, 200);
        for (int band : new int[] {0, 1, 3, ErrorMeasure.NO_BAND}) {
            double[] e = ErrorMeasure.DTW.apply(y, yHat, 10, band);
            for (int i = 0; i < y.length; i++) {
                int lo = Math.max(0, i - 5);
                int hi = Math.min(y.length - 1, i + 5);
                double[] a = java.util.Arrays.copyOfRange(y, lo, hi + 1);
                double[] b = java.util.Arrays.copyOfRange(yHat, lo, hi + 1);
                assertEquals(naiveDtw(a, b, Math.min(band, a.length)), e[i], 1e-12, "point " + i + " band " + band);
            }
        }
    }

    @Test
    void dtwForgivesAShiftThatThePointErrorPunishes() {
        double[] y = new double[100];
        double[] late = new double[100];
        for (int i = 0; i < 100; i++) {
            y[i] = Math.sin(i / 3.0);
            late[i] = Math.sin((i - 1) / 3.0);
        }
        double[] dtw = ErrorMeasure.DTW.apply(y, late, 10, ErrorMeasure.NO_BAND);
        double[] point = ErrorMeasure.POINT.apply(y, late, 10, ErrorMeasure.NO_BAND);
        double dtwMean = java.util.Arrays.stream(dtw, 10, 90).average().orElseThrow();
        double pointWindow = java.util.Arrays.stream(point, 10, 90).map(v -> v * v).sum() / 80 * 11;
        assertTrue(dtwMean * dtwMean < 0.2 * pointWindow, "dtw " + dtwMean + " vs point window " + pointWindow);
        // the band-0 alignment is the diagonal: the root of the window's summed squared differences
        double[] diagonal = ErrorMeasure.DTW.apply(y, late, 10, 0);
        double expected = 0;
        for (int i = 45; i <= 55; i++) {
            expected += (y[i] - late[i]) * (y[i] - late[i]);
        }
        assertEquals(Math.sqrt(expected), diagonal[50], 1e-12);
        assertArrayEquals(new double[100], ErrorMeasure.DTW.apply(y, y, 10, 2), "identical curves: no distance");
    }

    @Test
    void areaIsTheTrapezoidDifferenceOverPandasCentredWindows() {
        Random r = new Random(5);
        double[] y = random(r, 50);
        double[] yHat = random(r, 50);
        double[] e = ErrorMeasure.AREA.apply(y, yHat, 10, ErrorMeasure.NO_BAND);
        for (int i = 0; i < y.length; i++) {
            int lo = Math.max(0, i - 5);
            int hi = Math.min(y.length - 1, i + 4);
            double a = 0;
            for (int k = lo; k < hi; k++) {
                a += 0.5 * ((y[k] - yHat[k]) + (y[k + 1] - yHat[k + 1]));
            }
            assertEquals(Math.abs(a), e[i], 1e-12, "point " + i);
        }
        assertArrayEquals(new double[] {0.5, 2, 0}, ErrorMeasure.POINT.apply(new double[] {1, 2, 3},
                new double[] {0.5, 0, 3}, 1, 0));
    }

    @Test
    void badArgumentsAreRefused() {
        var e = assertThrows(InvalidInputException.class,
                () -> ErrorMeasure.DTW.apply(new double[3], new double[4], 10, 1));
        assertTrue(e.getMessage().contains("3 points"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> ErrorMeasure.AREA.apply(new double[3], new double[3], 0, 1));
    }
}
