package dev.seqae.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmoothingTest {
    @Test
    void centredMeanWithAnEvenWindowAlignsAsPandas() {
        // pandas: Series([1..6]).rolling(4, center=True, min_periods=2).mean()
        //   window of point i = [i - 2, i + 1], clipped at the ends
        double[] y = Smoothing.centredMean(new double[] {1, 2, 3, 4, 5, 6}, 4);
        assertArrayEquals(new double[] {1.5, 2.0, 2.5, 3.5, 4.5, 5.0}, y, 1e-12);
    }

    @Test
    void centredMeanWithAnOddWindowIsSymmetric() {
        double[] y = Smoothing.centredMean(new double[] {0, 0, 9, 0, 0, 0}, 3);
        assertArrayEquals(new double[] {0, 3, 3, 3, 0, 0}, y, 1e-12);
    }

    @Test
    void theWindowIsATruncatedFractionOfTheSeriesCapped() {
        Smoothing orion = new Smoothing(Smoothing.Kind.CENTRED, 0.01, 200);
        assertEquals(19, orion.window(1999));        // floor(19.99)
        assertEquals(200, orion.window(50_000));     // capped
        assertEquals(1, orion.window(50));           // no smoothing below 100 points
        assertEquals(20, new Smoothing(Smoothing.Kind.EWMA, 0.01, 1).window(1999));   // rounded
    }

    @Test
    void ewmaIsTheDetectorsEwma() {
        double[] x = {1, 5, 2, 8, 3};
        Smoothing s = new Smoothing(Smoothing.Kind.EWMA, 0.6, 1);   // span 3
        assertArrayEquals(IntervalDetector.ewma(x, 3), s.apply(x, x.length), 0);
        assertArrayEquals(x, Smoothing.none().apply(x, 5), 0);
    }
}
