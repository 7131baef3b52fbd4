package dev.seqae.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Orion's find_anomalies (fixed threshold) on hand-worked cases. */
class WindowedAnomaliesTest {
    @Test
    void aPeakTooCloseToTheLargestNormalErrorIsPrunedPerWindow() {
        double[] e = new double[20];
        e[3] = 10;
        e[12] = 5;
        e[16] = 4.8;
        // one window: mean 0.99, std 2.53407; k = 1.55 -> threshold 4.91781: 10 and 5 above, 4.8 below
        // peaks 10, 5, then the largest unmarked 4.8: (5 - 4.8) / 5 = 0.04 < 0.13 -> only the 10 stays
        List<Interval> found = new WindowedAnomalies(1, 1, 1.55, 0, 0.13).detect(e);
        assertEquals(1, found.size());
        Interval i = found.get(0);
        assertEquals(3, i.start());
        assertEquals(3, i.end());
        double mean = 0.99;
        double std = Math.sqrt(148.04 / 20 - mean * mean);
        assertEquals((10 - (mean + 1.55 * std)) / (mean + std), i.severity(), 1e-9);
        // with a smaller pruning ratio the 5 is kept too
        List<Interval> both = new WindowedAnomalies(1, 1, 1.55, 0, 0.03).detect(e);
        assertEquals(2, both.size());
        assertEquals(12, both.get(1).start());
    }

    @Test
    void aDipIsFoundOnlyWithTheLowerThreshold() {
        double[] e = new double[20];
        java.util.Arrays.fill(e, 10);
        e[7] = 0;
        // one window: mean 9.5, std sqrt(4.75) = 2.17945; upper threshold 9.5 + 1.5 sd = 12.769: nothing above.
        // Mirrored about 9.5: 9 everywhere, 19 at 7 > 12.769 -> [7, 7]; pruning: (19 - 9) / 19 >= 0.13, kept;
        // score (19 - 12.769) / (9.5 + 2.17945)
        WindowedAnomalies upper = new WindowedAnomalies(1, 1, 1.5, 0, 0.13);
        assertTrue(upper.detect(e).isEmpty());
        List<Interval> found = upper.withLower(true).detect(e);
        assertEquals(1, found.size());
        assertEquals(7, found.get(0).start());
        assertEquals(7, found.get(0).end());
        double std = Math.sqrt(4.75);
        assertEquals((19 - (9.5 + 1.5 * std)) / (9.5 + std), found.get(0).severity(), 1e-12);
        // a spike is found the same with or without it
        double[] spike = new double[20];
        spike[12] = 10;
        assertEquals(upper.detect(spike), upper.withLower(true).detect(spike).stream()
                .filter(i -> i.start() <= 12 && i.end() >= 12).toList());
        assertTrue(upper.withLower(true).toString().contains("below mean - 1.50 sd"));
    }

    @Test
    void paddingStaysInsideEachWindowAndOverlappingWindowsMerge() {
        double[] e = new double[40];
        e[20] = 10;
        // windows of 20 every 10: [0, 20) (flat: nothing), [10, 30) and [20, 40) both see the spike,
        // mean 0.5, std sqrt(4.75), threshold 0.5 + 4 sd; padded by 2: [18, 22] and [20, 22] (clipped
        // at the third window's start) -> merged into [18, 22] with the same score
        List<Interval> found = new WindowedAnomalies(0.5, 0.5, 4, 2, 0.13).detect(e);
        assertEquals(1, found.size());
        assertEquals(18, found.get(0).start());
        assertEquals(22, found.get(0).end());
        assertEquals(20, found.get(0).peakIndex());
        double std = Math.sqrt(4.75);
        assertEquals((10 - (0.5 + 4 * std)) / (0.5 + std), found.get(0).severity(), 1e-9);
    }

    @Test
    void aLocalBurstIsFoundWhereAGlobalThresholdMissesIt() {
        double[] e = new double[300];
        for (int i = 0; i < 150; i++) {
            e[i] = 5 + (i % 2);              // a loud first half
        }
        for (int i = 150; i < 300; i++) {
            e[i] = 0.1 * (i % 2);           // a quiet second half
        }
        e[250] = 3;                          // small against the whole, large in its neighbourhood
        List<Interval> found = WindowedAnomalies.orion().detect(e);
        assertTrue(found.stream().anyMatch(i -> i.start() <= 250 && i.end() >= 250), found.toString());
        assertTrue(new WindowedAnomalies(1, 1, 4, 50, 0.13).detect(e).isEmpty());
    }

    @Test
    void aFlatSeriesHasNoAnomalies() {
        assertTrue(WindowedAnomalies.orion().detect(new double[500]).isEmpty());
        assertTrue(WindowedAnomalies.orion().detect(new double[0]).isEmpty());
    }

    @Test
    void eachPointsThresholdIsTheLowestOfTheWindowsThatCoverIt() {
        // 10 errors, windows of 5 every 2: [0,5), [2,7), [4,9), [6,10); only the last sees the 10
        double[] e = {0, 0, 0, 0, 0, 0, 0, 0, 0, 10};
        WindowedAnomalies w = new WindowedAnomalies(0.5, 0.4, 1, 0, 0);
        double[] t = w.thresholds(e);
        for (int i = 0; i < 9; i++) {
            assertEquals(0, t[i], 0, "point " + i);
        }
        // [6,10) holds 0, 0, 0, 10: mean 2.5, population sd sqrt(75 / 4)
        assertEquals(2.5 + Math.sqrt(75 / 4.0), t[9], 1e-12);
        List<Interval> found = w.detect(e);
        assertEquals(1, found.size());
        assertEquals(9, found.get(0).start());
    }
}
