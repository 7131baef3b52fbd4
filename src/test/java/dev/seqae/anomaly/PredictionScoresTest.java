package dev.seqae.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.seqae.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

class PredictionScoresTest {

    @Test
    void eachPointIsPredictedFromBothSidesWhereBothReachIt() {
        // 6 windows of 3 over 8 points, no smoothing (span 1) and no mask
        double[] backward = {1, 2, 3, 4, 5, 6};    // of points 0..5
        double[] forward = {10, 20, 30, 40, 50, 60}; // of points 2..7
        double[] s = PredictionScores.regression(backward, forward, 3, 0.0, true);
        assertArrayEquals(new double[] {1, 2, (3 + 10) / 2.0, (4 + 20) / 2.0, (5 + 30) / 2.0, (6 + 40) / 2.0, 50, 60},
                s, 1e-12);
    }

    @Test
    void smoothingIsPandasAdjustedEwmaAndTheStartIsMasked() {
        double[] x = {4, 0, 0, 8};
        // span 3: alpha 0.5; adjusted weights 1, 0.5, 0.25, 0.125 (newest first)
        double[] y = PredictionScores.ewmaAdjusted(x, 3);
        assertEquals(4, y[0], 1e-12);
        assertEquals(4 * 0.5 / 1.5, y[1], 1e-12);
        assertEquals((8 + 4 * 0.125) / (1 + 0.5 + 0.25 + 0.125), y[3], 1e-12);
        // 200 windows at fraction 0.01: span 2, the first 2 values masked
        double[] back = new double[200];
        double[] fwd = new double[200];
        java.util.Arrays.fill(back, 1);
        java.util.Arrays.fill(fwd, 3);
        back[0] = 100;
        double[] s = PredictionScores.regression(back, fwd, 10, 0.01, true);
        double[] r = PredictionScores.ewmaAdjusted(back, 2);
        double rMin = java.util.Arrays.stream(r).min().orElseThrow();
        assertEquals(209, s.length);
        assertEquals(rMin, s[0], 1e-12, "the backward error's start is masked to its minimum");
        assertEquals(rMin, s[1], 1e-12);
        assertEquals(r[10], s[9 + 1], 1e-12, "forward masked to 0 and not halved: the backward one alone");
        assertEquals((r[11] + 3) / 2, s[9 + 2], 1e-12, "both, halved");
        assertEquals(3, s[208], 1e-12, "the last points: the forward prediction alone");
    }

    @Test
    void aConsensusKeepsWhatBothDetectorsFindMergedIntoItsSpan() {
        var a = java.util.List.of(new Interval(10, 20, 5, 15, 2.0), new Interval(40, 45, 3, 42, 1.0),
                new Interval(70, 72, 9, 71, 4.0));
        var b = java.util.List.of(new Interval(18, 30, 6, 25, 3.0), new Interval(60, 65, 2, 61, 0.5),
                new Interval(71, 71, 1, 71, 0.1));
        var both = Interval.confirmed(a, b);
        assertEquals(java.util.List.of(new Interval(10, 30, 6, 25, 3.0), new Interval(70, 72, 9, 71, 4.0)), both);
        assertEquals(java.util.List.of(), Interval.confirmed(a, java.util.List.of()));
    }

    @Test
    void combinationsScaleEachScoreFirst() {
        double[] reg = {0, 1, 2};
        double[] rec = {5, 5, 10};
        assertArrayEquals(new double[] {1, 1.5, 4}, PredictionScores.combine(PredictionScores.Mix.PRODUCT, reg, rec),
                1e-12);
        assertArrayEquals(new double[] {0, 0.25, 1}, PredictionScores.combine(PredictionScores.Mix.SUM, reg, rec),
                1e-12);
        assertArrayEquals(rec, PredictionScores.combine(PredictionScores.Mix.RECONSTRUCTION, reg, rec));
        assertArrayEquals(new double[] {1, 1, 1}, PredictionScores.scaled(new double[] {7, 7, 7}, 1, 2));
        assertThrows(InvalidInputException.class,
                () -> PredictionScores.combine(PredictionScores.Mix.SUM, reg, new double[2]));
        assertThrows(InvalidInputException.class,
                () -> PredictionScores.regression(new double[3], new double[2], 3, 0.01, true));
    }
}
