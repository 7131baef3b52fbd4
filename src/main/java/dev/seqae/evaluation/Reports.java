package dev.seqae.evaluation;

import dev.seqae.anomaly.Metrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tables and JSON documents of the time-series suites. */
public final class Reports {
    private Reports() {
    }

    /** Per category: the segment counts summed over its signals, in first-seen order. */
    public static Map<String, Metrics.SegmentCounts> byCategory(List<SignalResult> results) {
        Map<String, Metrics.SegmentCounts> out = new LinkedHashMap<>();
        for (SignalResult r : results) {
            out.merge(r.category(), r.segments(), Metrics.SegmentCounts::plus);
        }
        return out;
    }

    /** Three decimals, or "n/a" for NaN (no labels, nothing detected). */
    public static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The per-category table, then the per-signal table, then the wall time. */
    public static String markdown(List<SignalResult> results, double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append("| category | TP | FP | FN | segment precision | recall | **F1** |\n|---|---|---|---|---|---|---|\n");
        byCategory(results).forEach((c, k) -> sb.append(String.format(Locale.ROOT,
                "| %s | %d | %d | %d | %s | %s | **%s** |%n", c, k.truePositives(), k.falsePositives(),
                k.falseNegatives(), fmt(k.precision()), fmt(k.recall()), fmt(k.f1()))));
        sb.append("\n| signal | points | windows | intervals | segment F1 | point P | point R | point F1 | ROC-AUC "
                + "| PR-AUC | seconds |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SignalResult r : results) {
            sb.append(String.format(Locale.ROOT, "| %s/%s | %d | %d | %d | %s | %s | %s | %s | %s | %s | %.1f |%n",
                    r.category(), r.signal(), r.points(), r.labelledWindows(), r.detectedIntervals(),
                    fmt(r.segments().f1()), fmt(r.pointPrecision()), fmt(r.pointRecall()), fmt(r.pointF1()),
                    fmt(r.rocAuc()), fmt(r.prAuc()), r.seconds()));
        }
        sb.append(String.format(Locale.ROOT, "%nTotal wall time: %.1f s.%n", seconds));
        return sb.toString();
    }

    /** The JSON document of a suite: its settings, the per-category counts and every signal. */
    public static Map<String, Object> json(String suite, Object config, Object detector, List<SignalResult> results,
                                           double seconds) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", suite);
        json.put("config", String.valueOf(config));
        json.put("detector", String.valueOf(detector));
        json.put("seconds", seconds);
        Map<String, Object> categories = new LinkedHashMap<>();
        byCategory(results).forEach((c, counts) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tp", counts.truePositives());
            m.put("fp", counts.falsePositives());
            m.put("fn", counts.falseNegatives());
            m.put("precision", counts.precision());
            m.put("recall", counts.recall());
            m.put("f1", counts.f1());
            categories.put(c, m);
        });
        json.put("categories", categories);
        json.put("signals", results);
        return json;
    }

    /**
     * Every signal's detected intervals as {@code <dir>/<category>/<signal>.csv}, {@code start,end,score}
     * in the data's own time stamps ({@code yyyy-MM-dd HH:mm:ss}) or row indices (0-based, both ends
     * inclusive) — the spans that were scored, so that anyone can rescore them. Each file is
     * written atomically.
     */
    public static void writeIntervals(java.nio.file.Path dir, List<SignalResult> results) throws java.io.IOException {
        for (SignalResult r : results) {
            StringBuilder sb = new StringBuilder("start,end,score\n");
            for (dev.seqae.anomaly.TimeSpan t : r.detected()) {
                sb.append(time(t.start(), r.timeAxis())).append(',').append(time(t.end(), r.timeAxis())).append(',')
                        .append(String.format(Locale.ROOT, "%.6g", t.score())).append('\n');
            }
            byte[] bytes = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            dev.seqae.io.AtomicFiles.write(dir.resolve(r.category()).resolve(r.signal() + ".csv"), os -> os.write(bytes));
        }
    }

    private static String time(double t, String axis) {
        return axis.equals("datetime") ? dev.seqae.data.TimeSegments.dateTime(t) : String.format(Locale.ROOT, "%.0f", t);
    }

    /** Per category, each seed's segment F1 and their mean and range. */
    public static String seedTable(List<List<SignalResult>> bySeed) {
        Map<String, double[]> f1 = new LinkedHashMap<>();
        for (int s = 0; s < bySeed.size(); s++) {
            int seed = s;
            byCategory(bySeed.get(s)).forEach((c, k) -> f1.computeIfAbsent(c, x -> new double[bySeed.size()])[seed]
                    = k.f1());
        }
        StringBuilder sb = new StringBuilder("| category | F1 per seed | **mean [min–max]** |\n|---|---|---|\n");
        f1.forEach((c, v) -> {
            StringBuilder each = new StringBuilder();
            for (double x : v) {
                each.append(each.length() == 0 ? "" : ", ").append(fmt(x));
            }
            sb.append("| ").append(c).append(" | ").append(each).append(" | **")
                    .append(PublishedResults.seeds(v)).append("** |\n");
        });
        return sb.toString();
    }
}
