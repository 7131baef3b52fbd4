package dev.seqae.cli;

import dev.seqae.live.LiveEvent;
import dev.seqae.live.LiveInterval;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Intervals and events of causal detection as CSV rows and JSON objects ({@code detect --causal}, {@code stream}). */
final class IntervalRows {
    static final List<String> HEADER = List.of("start", "end", "start_timestamp", "end_timestamp", "length",
            "peak_index", "peak_score", "severity", "top_features", "open");

    static final List<String> EVENT_HEADER = List.of("event", "at", "start", "end", "start_timestamp", "end_timestamp",
            "peak_index", "peak_score", "severity", "top_features");

    private IntervalRows() {
    }

    static List<Object> row(LiveInterval i) {
        return List.of(i.start(), i.end(), nullable(i.startTimestamp()), nullable(i.endTimestamp()), i.length(),
                i.peakIndex(), CsvOutput.num(i.peak()), CsvOutput.num(i.severity()), i.topFeatures(), i.open());
    }

    static Map<String, Object> json(LiveInterval i) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("start", i.start());
        r.put("end", i.end());
        r.put("start_timestamp", i.startTimestamp());
        r.put("end_timestamp", i.endTimestamp());
        r.put("length", i.length());
        r.put("peak_index", i.peakIndex());
        r.put("peak_score", i.peak());
        r.put("severity", i.severity());
        r.put("top_features", i.topFeatures());
        r.put("open", i.open());
        return r;
    }

    static List<Object> row(LiveEvent e) {
        return List.of(e.kind().name().toLowerCase(java.util.Locale.ROOT), e.at(), e.start(), e.end(),
                nullable(e.startTimestamp()), nullable(e.endTimestamp()), e.peakIndex(), CsvOutput.num(e.peak()),
                CsvOutput.num(e.severity()), e.topFeatures());
    }

    /** Every scored point of causal detection: {@code index,timestamp,score,smoothed_score,threshold,open}. */
    static void writePoints(java.nio.file.Path file, List<dev.seqae.live.LiveStream.Scored> points)
            throws java.io.IOException {
        CsvOutput.write(file, List.of("index", "timestamp", "score", "smoothed_score", "threshold", "open"), p -> {
            for (dev.seqae.live.LiveStream.Scored s : points) {
                p.printRecord(s.index(), s.timestamp(), CsvOutput.num(s.score()), CsvOutput.num(s.smoothed()),
                        CsvOutput.num(s.threshold()), s.open());
            }
        });
    }

    private static String nullable(String s) {
        return s == null ? "" : s;
    }
}
