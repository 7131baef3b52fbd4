package dev.seqae.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Orion's overlap-segment scoring: spans as [start, end + 1), strict overlap. */
class ContextualMetricsTest {
    private static TimeSpan d(double a, double b) {
        return new TimeSpan(a, b, 1);
    }

    @Test
    void onAnIndexAxisSharingOnePointIsEnoughAndAdjacentIsNot() {
        List<TimeSpan> label = List.of(TimeSpan.label(10, 20));
        assertEquals(new Metrics.SegmentCounts(1, 0, 0), Metrics.contextual(label, List.of(d(20, 30))));
        // [21, 31) against [10, 21): (10 - 31)(21 - 21) = 0, not < 0 -> no overlap
        assertEquals(new Metrics.SegmentCounts(0, 1, 1), Metrics.contextual(label, List.of(d(21, 30))));
        assertEquals(new Metrics.SegmentCounts(0, 1, 1), Metrics.contextual(label, List.of(d(0, 9))));
        assertEquals(new Metrics.SegmentCounts(1, 0, 0), Metrics.contextual(label, List.of(d(0, 10))));
        // a one-point detection inside, and one-point label and detection at the same point
        assertEquals(new Metrics.SegmentCounts(1, 0, 0), Metrics.contextual(label, List.of(d(15, 15))));
        assertEquals(new Metrics.SegmentCounts(1, 0, 0),
                Metrics.contextual(List.of(TimeSpan.label(7, 7)), List.of(d(7, 7))));
    }

    @Test
    void onASecondsAxisTheEndPlusOneReachesLessThanASecondFurther() {
        List<TimeSpan> label = List.of(TimeSpan.label(1000, 2000));
        assertEquals(1, Metrics.contextual(label, List.of(d(2000.5, 3000))).truePositives());
        assertEquals(0, Metrics.contextual(label, List.of(d(2001, 3000))).truePositives());
        assertEquals(1, Metrics.contextual(label, List.of(d(0, 999.5))).truePositives());
        assertEquals(0, Metrics.contextual(label, List.of(d(0, 999))).truePositives());
    }

    @Test
    void countsAsOrionCountsThem() {
        List<TimeSpan> labels = List.of(TimeSpan.label(10, 20), TimeSpan.label(40, 50), TimeSpan.label(80, 90));
        // one detection over the first two labels: 2 TP; two detections in the third: 1 TP, neither an FP;
        // one detection far away: 1 FP
        List<TimeSpan> found = List.of(d(15, 45), d(81, 82), d(85, 86), d(200, 210));
        Metrics.SegmentCounts c = Metrics.contextual(labels, found);
        assertEquals(new Metrics.SegmentCounts(3, 1, 0), c);
        assertEquals(6.0 / 7, c.f1(), 1e-12);
        assertEquals(new Metrics.SegmentCounts(0, 0, 3), Metrics.contextual(labels, List.of()));
        assertEquals(new Metrics.SegmentCounts(0, 2, 0), Metrics.contextual(List.of(), List.of(d(1, 2), d(5, 6))));
    }
}
