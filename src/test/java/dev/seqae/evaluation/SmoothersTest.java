package dev.seqae.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmoothersTest {
    static float[][] series(java.util.function.IntToDoubleFunction f, int n) {
        float[][] x = new float[n][1];
        for (int t = 0; t < n; t++) {
            x[t][0] = (float) f.applyAsDouble(t);
        }
        return x;
    }

    @Test
    void savitzkyGolayKeepsPolynomialsOfItsOrderExactlyEvenAtTheEnds() {
        float[][] cubic = series(t -> 0.01 * t * t * t - 0.3 * t * t + 2 * t - 1, 40);
        float[][] smoothed = Smoothers.savitzkyGolay(cubic, 9, 3);
        for (int t = 0; t < 40; t++) {
            assertEquals(cubic[t][0], smoothed[t][0], 1e-3 * Math.max(1, Math.abs(cubic[t][0])), "t=" + t);
        }
    }

    @Test
    void savitzkyGolayCentreWeightsAreTheTextbookOnes() {
        double[][] c = Smoothers.coefficients(5, 2);
        double[] expected = {-3 / 35.0, 12 / 35.0, 17 / 35.0, 12 / 35.0, -3 / 35.0};
        for (int j = 0; j < 5; j++) {
            assertEquals(expected[j], c[2][j], 1e-12);
        }
    }

    @Test
    void movingAverageAveragesACentredWindowAndShrinksAtTheEnds() {
        float[][] x = series(t -> t * t, 10);
        float[][] m = Smoothers.movingAverage(x, 3);
        assertEquals((16 + 25 + 36) / 3f, m[5][0], 1e-5);
        assertEquals((0 + 1) / 2f, m[0][0], 1e-6);
        assertEquals((64 + 81) / 2f, m[9][0], 1e-4);
    }

    @Test
    void aShortSequenceGetsTheLargestWindowThatFits() {
        float[][] line = series(t -> 3 * t + 1, 4);
        float[][] s = Smoothers.savitzkyGolay(line, 11, 2);
        for (int t = 0; t < 4; t++) {
            assertEquals(line[t][0], s[t][0], 1e-4);
        }
    }
}
