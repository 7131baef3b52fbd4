package dev.seqae.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.errors.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Point scores to intervals, and the overlap-segment metric, on hand-worked examples. */
class IntervalDetectorTest {

    @Test
    void ewmaMatchesTheRecurrence() {
        // span 3: alpha = 0.5
        assertArrayEquals(new double[] {0, 2, 1, 0.5, 2.25}, IntervalDetector.ewma(new double[] {0, 4, 0, 0, 4}, 3), 1e-12);
        assertArrayEquals(new double[] {1, 5}, IntervalDetector.ewma(new double[] {1, 5}, 1), 0);
    }

    @Test
    void runsAboveTheThresholdBecomeIntervalsWithPeakAndSeverity() {
        double[] s = {0, 0, 3, 5, 0, 0, 0, 2, 0, 0};
        List<Interval> found = IntervalDetector.plain().detect(s, 1.0);
        assertEquals(2, found.size());
        Interval a = found.get(0);
        assertEquals(2, a.start());
        assertEquals(3, a.end());
        assertEquals(5, a.peak());
        assertEquals(3, a.peakIndex());
        // mean 1, population std 1.6733: severity = (5 - 1) / 2.6733
        assertEquals(4 / (1 + Math.sqrt(2.8)), a.severity(), 1e-9);
        assertEquals(7, found.get(1).start());
        assertEquals(7, found.get(1).end());
        assertEquals(List.of(), IntervalDetector.plain().detect(s, 5.0), "strictly above the threshold");
        assertEquals(List.of(), IntervalDetector.plain().detect(new double[0], 1.0));
    }

    @Test
    void paddingMergesNeighboursAndMinLengthDropsShortOnes() {
        double[] s = {0, 0, 3, 0, 0, 4, 0, 0, 0, 0, 0, 2};
        List<Interval> padded = new IntervalDetector(1, 1, 1, 0).detect(s, 1.0);
        // [1,3] and [4,6] touch -> [1,6]; the last point pads to [10,11] (clipped at the end)
        assertEquals(List.of(1, 10), padded.stream().map(Interval::start).toList());
        assertEquals(List.of(6, 11), padded.stream().map(Interval::end).toList());
        assertEquals(5, padded.get(0).peakIndex());
        List<Interval> longOnly = new IntervalDetector(1, 0, 2, 0).detect(new double[] {3, 3, 0, 3}, 1.0);
        assertEquals(1, longOnly.size());
        assertEquals(0, longOnly.get(0).start());
        assertEquals(1, longOnly.get(0).end());
    }

    @Test
    void pruningDropsPeaksCloseToTheNextOnesAsTelemanomDoes() {
        // peaks 10, 9.5, 3; largest score outside the intervals 1
        double[] s = {1, 10, 1, 9.5, 1, 3, 1};
        // decreases: 10 -> 9.5: 5%; 9.5 -> 3: 68%; 3 -> 1: 67%; with p = 0.13 all three stay
        assertEquals(3, new IntervalDetector(1, 0, 1, 0.13).detect(s, 2.0).size());
        // with p = 0.7 no decrease is large enough: everything is pruned
        assertEquals(0, new IntervalDetector(1, 0, 1, 0.7).detect(s, 2.0).size());
        // peaks 10, 2.2 above threshold 2 with an outside maximum of 1.9: 2.2 -> 1.9 is 14%
        double[] t = {1.9, 10, 1, 2.2, 1};
        assertEquals(2, new IntervalDetector(1, 0, 1, 0.13).detect(t, 2.0).size());
        List<Interval> strict = new IntervalDetector(1, 0, 1, 0.2).detect(t, 2.0);
        assertEquals(1, strict.size(), "2.2 is within 20% of the largest normal score: pruned");
        assertEquals(1, strict.get(0).start());
    }

    @Test
    void smoothingBridgesASingleDip() {
        double[] s = {0, 0, 4, 4, 0, 4, 4, 0, 0, 0};
        assertEquals(2, IntervalDetector.plain().detect(s, 1.4).size());
        // span 3: 0, 0, 2, 3, 1.5, 2.75, 3.375, 1.69, 0.84, 0.42 -> one interval [2, 7]
        List<Interval> smooth = new IntervalDetector(3, 0, 1, 0).detect(s, 1.4);
        assertEquals(1, smooth.size());
        assertEquals(2, smooth.get(0).start());
        assertEquals(7, smooth.get(0).end());
        assertEquals(3.375, smooth.get(0).peak(), 1e-12);
    }

    @Test
    void badSettingsAndScoresAreRefused() {
        assertEquals("smoothing must be >= 1, got 0",
                assertThrows(InvalidInputException.class, () -> new IntervalDetector(0, 0, 1, 0)).getMessage());
        assertEquals("padding must be >= 0, got -1",
                assertThrows(InvalidInputException.class, () -> new IntervalDetector(1, -1, 1, 0)).getMessage());
        assertEquals("min-length must be >= 1, got 0",
                assertThrows(InvalidInputException.class, () -> new IntervalDetector(1, 0, 0, 0)).getMessage());
        assertEquals("prune must be in [0, 1), got 1.0",
                assertThrows(InvalidInputException.class, () -> new IntervalDetector(1, 0, 1, 1.0)).getMessage());
        var e = assertThrows(IllegalArgumentException.class,
                () -> IntervalDetector.plain().detect(new double[] {0, Double.NaN}, 1));
        assertEquals("score 1 is NaN", e.getMessage());
    }

    @Test
    void averagePrecisionByHand() {
        // ranked: a(0.9) n(0.8) a(0.7) n(0.1): precisions at the anomalies 1/1 and 2/3
        double ap = Metrics.averagePrecision(new double[] {0.8, 0.9, 0.1, 0.7}, new boolean[] {false, true, false, true});
        assertEquals((1 + 2.0 / 3) / 2, ap, 1e-12);
        // ties are broken pessimistically (the normal first)
        assertEquals(0.5, Metrics.averagePrecision(new double[] {1, 1}, new boolean[] {true, false}), 1e-12);
        assertTrue(Double.isNaN(Metrics.averagePrecision(new double[] {1}, new boolean[] {false})));
    }

    @Test
    void overlapSegmentCountsFollowOrion() {
        List<Interval> truth = List.of(Interval.window(10, 20), Interval.window(40, 50), Interval.window(80, 90));
        List<Interval> detected = List.of(Interval.window(20, 25),   // touches the first at its last point
                Interval.window(30, 35),                              // overlaps nothing: FP
                Interval.window(45, 46), Interval.window(48, 60));    // two detections, one window: 1 TP
        Metrics.SegmentCounts c = Metrics.overlapSegments(truth, detected);
        assertEquals(new Metrics.SegmentCounts(2, 1, 1), c);
        assertEquals(2.0 / 3, c.precision(), 1e-12);
        assertEquals(2.0 / 3, c.recall(), 1e-12);
        assertEquals(4.0 / 6, c.f1(), 1e-12);
        // no detections: all windows missed; no labels: every detection is a false positive
        assertEquals(new Metrics.SegmentCounts(0, 0, 3), Metrics.overlapSegments(truth, List.of()));
        assertEquals(0.0, Metrics.overlapSegments(truth, List.of()).f1());
        assertEquals(new Metrics.SegmentCounts(0, 4, 0), Metrics.overlapSegments(List.of(), detected));
        assertTrue(Double.isNaN(Metrics.overlapSegments(List.of(), List.of()).f1()), "nothing to find, nothing found");
        // counts add up over signals before the ratios
        Metrics.SegmentCounts sum = c.plus(new Metrics.SegmentCounts(1, 0, 0));
        assertEquals(6.0 / 8, sum.f1(), 1e-12);
    }
}
