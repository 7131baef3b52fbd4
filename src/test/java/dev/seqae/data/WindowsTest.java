package dev.seqae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.seqae.errors.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsTest {
    private static float[][] series(int n) {
        float[][] s = new float[n][1];
        for (int i = 0; i < n; i++) {
            s[i][0] = i;
        }
        return s;
    }

    @Test
    void windowsStartAtStrideAndTheLastOneReachesTheEnd() {
        Windows w = Windows.plan("s", 10, 4, 4);   // 0..3, 4..7, then 6..9 to reach the end
        assertEquals(3, w.count());
        assertArrayEquals(new int[] {0, 4, 6}, new int[] {w.start(0), w.start(1), w.start(2)});
        List<float[][]> cut = w.cut(series(10));
        assertEquals(9f, cut.get(2)[3][0]);
        assertEquals(4f, cut.get(1)[0][0]);
    }

    @Test
    void aStrideNearTheIntegerLimitDoesNotWrap() {
        Windows w = Windows.plan("s", 10, 4, Integer.MAX_VALUE);   // 0..3, then 6..9 to reach the end
        assertEquals(2, w.count());
        assertEquals(6, w.start(1));
    }

    @Test
    void scoringEveryPointRefusesAStrideLongerThanTheWindow() {
        assertEquals(3, Windows.covering("s", 10, 4, 4).count());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Windows.covering("values", 10, 4, 5));
        assertEquals("values: stride 5 is longer than the window (4): the points between windows would be left out; "
                + "use a stride of 1 to 4", e.getMessage());
    }

    @Test
    void exactFitAddsNoExtraWindow() {
        Windows w = Windows.plan("s", 10, 4, 2);
        assertEquals(4, w.count());   // 0, 2, 4, 6
        assertEquals(6, w.start(3));
    }

    @Test
    void pointValuesAreTheMeanOverCoveringWindows() {
        Windows w = Windows.plan("s", 5, 3, 1);   // windows at 0, 1, 2
        double[][] perStep = {{1, 2, 3}, {10, 20, 30}, {100, 200, 300}};
        double[] points = w.toPoints(perStep);
        assertArrayEquals(new double[] {1, (2 + 10) / 2.0, (3 + 20 + 100) / 3.0, (30 + 200) / 2.0, 300}, points, 1e-12);
    }

    @Test
    void normalizerRoundTripsAndHandlesConstantFeatures() {
        List<float[][]> data = List.of(new float[][] {{1, 5}, {3, 5}}, new float[][] {{5, 5}});
        Normalizer z = Normalizer.fit(Normalizer.Kind.ZSCORE, data, 2);
        assertEquals(3.0, z.offset()[0], 1e-12);
        assertEquals(Math.sqrt(8.0 / 3), z.scale()[0], 1e-12);
        assertEquals(1.0, z.scale()[1], 1e-12);
        float[][] n = z.apply(data.get(0));
        assertEquals(0f, n[0][1]);
        assertArrayEquals(data.get(0)[0], z.invert(n)[0], 1e-6f);
        Normalizer m = Normalizer.fit(Normalizer.Kind.MINMAX, data, 2);
        assertArrayEquals(new float[] {0.5f, 0f}, m.apply(new float[][] {{3, 5}})[0], 1e-6f);
    }

    @Test
    void pointValuesCanBeTheMedianOverCoveringWindows() {
        Windows w = Windows.plan("s", 5, 3, 1);   // windows at 0, 1, 2
        double[][] perStep = {{1, 2, 3}, {10, 20, 30}, {100, 200, 300}};
        // point 0: {1}; 1: {2, 10} -> 6; 2: {3, 20, 100} -> 20; 3: {30, 200} -> 115; 4: {300}
        assertArrayEquals(new double[] {1, 6, 20, 115, 300}, w.toPointsMedian(perStep), 1e-12);
    }

    @Test
    void theMedianIgnoresOneWildWindowWhereTheMeanDoesNot() {
        Windows w = Windows.plan("s", 6, 4, 1);   // windows at 0, 1, 2
        double[][] perStep = {{0, 0, 0, 0}, {0, 0, 99, 0}, {0, 0, 0, 0}};
        // point 3 is covered by all three windows; the second one reconstructs it as 99
        assertEquals(0.0, w.toPointsMedian(perStep)[3], 0.0);
        assertEquals(33.0, w.toPoints(perStep)[3], 1e-12);
    }

    @Test
    void medianWithAStrideAndATailWindow() {
        Windows w = Windows.plan("s", 7, 3, 3);   // windows at 0, 3, then 4 to reach the end
        double[][] perStep = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        // point 4: window 3 (step 1 -> 5) and window 4 (step 0 -> 7): 6; point 5: 6 and 8: 7
        assertArrayEquals(new double[] {1, 2, 3, 4, 6, 7, 9}, w.toPointsMedian(perStep), 1e-12);
    }
}
