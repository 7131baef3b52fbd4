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

    /**
     * One row of an ablation.
     *
     * @param recipe  the recipe's name
     * @param step    the step taken from the other recipe ("" for the baseline)
     * @param bySeed  its results, one list per seed (null: not run, see {@code note})
     * @param note    why it was not run (null when it was)
     */
    public record AblationRow(String recipe, String step, List<List<SignalResult>> bySeed, String note) {
    }

    /** The {@link dev.seqae.recipe.Recipe#describe()} entries, other than the name, in which two recipes differ. */
    public static String changed(dev.seqae.recipe.Recipe a, dev.seqae.recipe.Recipe b) {
        Map<String, String> other = b.describe();
        StringBuilder sb = new StringBuilder();
        a.describe().forEach((k, v) -> {
            if (!k.equals("recipe") && !v.equals(other.get(k))) {
                sb.append(sb.length() == 0 ? "" : ", ").append(k);
            }
        });
        return sb.toString();
    }

    /**
     * The ablation table: the baseline (first row), then one row per step, each dataset's segment
     * F1 — with one seed and the summed TP / FP / FN, with several the mean and range — and its
     * difference from the baseline's.
     */
    public static String ablationTable(List<AblationRow> rows, dev.seqae.recipe.Recipe base,
                                       dev.seqae.recipe.Recipe other) {
        AblationRow first = rows.get(0);
        List<String> categories = new java.util.ArrayList<>(byCategory(first.bySeed().get(0)).keySet());
        Map<String, Double> baseF1 = meanF1(first.bySeed());
        StringBuilder sb = new StringBuilder();
        sb.append("Each row is ").append(base.name()).append(" with one step taken from ").append(other.name())
                .append(first.bySeed().size() > 1 ? String.format(Locale.ROOT, "; %d seeds: mean F1 [min–max]",
                        first.bySeed().size()) : "; segment F1 (TP / FP / FN)")
                .append(", and the change from the first row; seconds: the signals' own times summed (training "
                        + "and detection, on one core each; a signal kept from an earlier run counts its time "
                        + "then).\n\n");
        sb.append("| row | differs in |");
        categories.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append(" seconds |\n|---|---|");
        categories.forEach(c -> sb.append("---|"));
        sb.append("---|\n");
        for (AblationRow row : rows) {
            String name = row.step().isEmpty() ? "`" + row.recipe() + "`" : "`+" + other.name() + "-" + row.step() + "`";
            if (row.bySeed() == null) {
                sb.append("| ").append(name).append(" | not run: ").append(row.note()).append(" |");
                categories.forEach(c -> sb.append(" — |"));
                sb.append(" |\n");
                continue;
            }
            sb.append("| ").append(name).append(" | ").append(row.step().isEmpty() ? "(baseline)" : row.step())
                    .append(" |");
            Map<String, Metrics.SegmentCounts> counts = byCategory(row.bySeed().get(0));
            Map<String, Double> f1 = meanF1(row.bySeed());
            for (String c : categories) {
                Metrics.SegmentCounts k = counts.get(c);
                if (k == null) {
                    sb.append(" — |");
                    continue;
                }
                String cell = row.bySeed().size() > 1 ? PublishedResults.seeds(f1PerSeed(row.bySeed(), c))
                        : String.format(Locale.ROOT, "%s (%d / %d / %d)", fmt(k.f1()), k.truePositives(),
                        k.falsePositives(), k.falseNegatives());
                if (!row.step().isEmpty() && baseF1.containsKey(c)) {
                    double change = Math.round((f1.get(c) - baseF1.get(c)) * 1000) / 1000.0;
                    cell += String.format(Locale.ROOT, ", %+.3f", change == 0 ? 0.0 : change);   // never "-0.000"
                }
                sb.append(' ').append(cell).append(" |");
            }
            double seconds = 0;
            for (List<SignalResult> seed : row.bySeed()) {
                for (SignalResult r : seed) {
                    seconds += r.seconds();
                }
            }
            sb.append(String.format(Locale.ROOT, " %.0f |%n", seconds));
        }
        return sb.toString();
    }

    private static double[] f1PerSeed(List<List<SignalResult>> bySeed, String category) {
        double[] out = new double[bySeed.size()];
        for (int s = 0; s < out.length; s++) {
            Metrics.SegmentCounts k = byCategory(bySeed.get(s)).get(category);
            out[s] = k == null ? Double.NaN : k.f1();
        }
        return out;
    }

    private static Map<String, Double> meanF1(List<List<SignalResult>> bySeed) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String c : byCategory(bySeed.get(0)).keySet()) {
            double sum = 0;
            for (double v : f1PerSeed(bySeed, c)) {
                sum += v;
            }
            out.put(c, sum / bySeed.size());
        }
        return out;
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
