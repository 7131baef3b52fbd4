package dev.seqae.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load runs' arithmetic: percentiles and the memory drift they report. */
class ServiceLoadTest {
    @Test
    void percentilesAreOrderStatistics() {
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 - i;   // 100 .. 1, unsorted on purpose
        }
        assertEquals(50, ServiceLoad.percentile(v, 0.50));
        assertEquals(99, ServiceLoad.percentile(v, 0.99));
        assertEquals(100, ServiceLoad.percentile(v, 1.0));
        assertEquals(Double.NaN, ServiceLoad.percentile(new double[0], 0.5));
    }

    @Test
    void driftIsFromMinuteTwoToTheLastMinute() {
        Map<String, Double> rss = new LinkedHashMap<>();
        for (int t = 0; t <= 600; t += 10) {
            // warming up for a minute, then 1,000 MB in minute 2 rising to 1,040 MB in the last minute
            rss.put(String.valueOf(t), t < 60 ? 500.0 : t <= 120 ? 1000.0 : t >= 540 ? 1040.0 : 1020.0);
        }
        assertEquals(4.0, ServiceLoad.drift(rss, 10), 1e-9);
    }
}
