package dev.seqae.evaluation;

import dev.seqae.anomaly.Metrics;
import dev.seqae.errors.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Published per-signal counts of other pipelines (the Orion benchmark's CSV: {@code
 * dataset,pipeline,signal,tp,fp,fn}), read from the file the user gives, to put seqae's figures
 * beside them on exactly the signals seqae ran: the published counts are summed over those
 * signals only, then F1 = 2TP / (2TP + FP + FN), as the leaderboard computes it.
 */
public final class PublishedResults {
    /** dataset → pipeline → signal → counts. */
    private final Map<String, Map<String, Map<String, Metrics.SegmentCounts>>> counts;
    private final Set<String> pipelines;

    private PublishedResults(Map<String, Map<String, Map<String, Metrics.SegmentCounts>>> counts,
                             Set<String> pipelines) {
        this.counts = counts;
        this.pipelines = pipelines;
    }

    /** Reads the CSV; a missing column or a count that is not a whole number is an error naming the line. */
    public static PublishedResults read(Path file) {
        Map<String, Map<String, Map<String, Metrics.SegmentCounts>>> out = new LinkedHashMap<>();
        Set<String> pipelines = new LinkedHashSet<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            var records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in);
            for (String c : List.of("dataset", "pipeline", "signal", "tp", "fp", "fn")) {
                if (!records.getHeaderMap().containsKey(c)) {
                    throw new InvalidInputException(file + ": no column '" + c + "' in the header");
                }
            }
            for (CSVRecord r : records) {
                String where = file + ": line " + (r.getRecordNumber() + 1);
                long[] v = new long[3];
                String[] names = {"tp", "fp", "fn"};
                for (int i = 0; i < 3; i++) {
                    try {
                        v[i] = Long.parseLong(r.get(names[i]).trim());
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException(where + ": " + names[i] + " '" + r.get(names[i])
                                + "' is not a whole number");
                    }
                    if (v[i] < 0) {
                        throw new InvalidInputException(where + ": " + names[i] + " is negative");
                    }
                }
                String pipeline = r.get("pipeline").trim();
                pipelines.add(pipeline);
                out.computeIfAbsent(r.get("dataset").trim(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(pipeline, k -> new LinkedHashMap<>())
                        .put(r.get("signal").trim(), new Metrics.SegmentCounts(v[0], v[1], v[2]));
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(file + ": cannot read the published results: " + e.getMessage(), e);
        }
        return new PublishedResults(out, pipelines);
    }

    /**
     * The name a signal has in the published file: NAB and SMAP/MSL as seqae names them, UCR
     * files {@code NNN_UCR_Anomaly_<name>_...} as {@code NNN-<name>}.
     */
    static String publishedName(String dataset, String signal) {
        if (dataset.equals("UCR")) {
            String[] p = signal.split("_");
            return p.length >= 4 ? p[0] + "-" + p[3] : signal;
        }
        return signal;
    }

    /**
     * The comparison table: per dataset (a category seqae reports that the file knows), seqae's F1
     * (one per seed: the mean and the range) beside each published pipeline's F1, both summed over
     * the signals seqae ran that the file has counts for (how many of seqae's signals that is is
     * shown).
     */
    public String markdown(List<List<SignalResult>> bySeed) {
        Map<String, List<SignalResult>> first = new LinkedHashMap<>();
        for (SignalResult r : bySeed.get(0)) {
            first.computeIfAbsent(r.category(), k -> new ArrayList<>()).add(r);
        }
        List<String> shown = new ArrayList<>(pipelines);
        StringBuilder sb = new StringBuilder("| dataset | signals | **seqae** |");
        shown.forEach(p -> sb.append(' ').append(p).append(" |"));
        sb.append("\n|---|---|---|");
        shown.forEach(p -> sb.append("---|"));
        sb.append('\n');
        boolean any = false;
        for (Map.Entry<String, List<SignalResult>> e : first.entrySet()) {
            Map<String, Map<String, Metrics.SegmentCounts>> published = counts.get(e.getKey());
            if (published == null) {
                continue;
            }
            any = true;
            // seqae's counts over the signals the file has counts for, so that both sides sum the same signals
            java.util.function.Predicate<SignalResult> inFile = r -> published.values().stream()
                    .anyMatch(m -> m.containsKey(publishedName(e.getKey(), r.signal())));
            double[] f1 = new double[bySeed.size()];
            for (int s = 0; s < bySeed.size(); s++) {
                Metrics.SegmentCounts c = new Metrics.SegmentCounts(0, 0, 0);
                for (SignalResult r : bySeed.get(s)) {
                    if (r.category().equals(e.getKey()) && inFile.test(r)) {
                        c = c.plus(r.segments());
                    }
                }
                f1[s] = c.f1();
            }
            long known = e.getValue().stream().filter(inFile).count();
            sb.append("| ").append(e.getKey()).append(" | ").append(known).append(" of ").append(e.getValue().size())
                    .append(" | **").append(seeds(f1)).append("** |");
            for (String p : shown) {
                Map<String, Metrics.SegmentCounts> bySignal = published.get(p);
                if (bySignal == null) {
                    sb.append(" |");
                    continue;
                }
                Metrics.SegmentCounts c = new Metrics.SegmentCounts(0, 0, 0);
                int found = 0;
                for (SignalResult r : e.getValue()) {
                    Metrics.SegmentCounts k = bySignal.get(publishedName(e.getKey(), r.signal()));
                    if (k != null) {
                        c = c.plus(k);
                        found++;
                    }
                }
                sb.append(' ').append(found == 0 ? "" : Reports.fmt(c.f1())).append(" |");
            }
            sb.append('\n');
        }
        return any ? sb.toString() : "";
    }

    /** Whether the file has counts of {@code pipeline}. */
    public boolean has(String pipeline) {
        return pipelines.contains(pipeline);
    }

    /**
     * Signal by signal, where one run's detections differ from {@code pipeline}'s published
     * counts: per dataset, the events found by both, by seqae only, by the pipeline only and by
     * neither, and the false alarms on each side; then every signal whose counts differ, the
     * largest difference in events found first, then in false alarms. Signals the file has no
     * counts for are left out (and counted).
     */
    public String differences(List<SignalResult> results, String pipeline) {
        return differences(results, pipeline, null, null);
    }

    /**
     * As {@link #differences(List, String)}, with a further table that sums both sides' counts per
     * group of signals ({@code group} names a signal's group, e.g. its training length's range;
     * groups appear in {@code order}), with how many signals of each side detected nothing.
     */
    public String differences(List<SignalResult> results, String pipeline,
                              java.util.function.Function<SignalResult, String> group, String groupTitle) {
        if (!has(pipeline)) {
            throw new InvalidInputException("the published results have no pipeline '" + pipeline + "' (they have "
                    + String.join(", ", pipelines) + ")");
        }
        record Row(SignalResult r, Metrics.SegmentCounts p) {
            long foundDiff() {
                return r.segments().truePositives() - p.truePositives();
            }

            long alarmDiff() {
                return r.segments().falsePositives() - p.falsePositives();
            }
        }
        Map<String, List<Row>> byDataset = new LinkedHashMap<>();
        Map<String, Integer> missing = new LinkedHashMap<>();
        for (SignalResult r : results) {
            Map<String, Map<String, Metrics.SegmentCounts>> published = counts.get(r.category());
            Metrics.SegmentCounts p = published == null || published.get(pipeline) == null ? null
                    : published.get(pipeline).get(publishedName(r.category(), r.signal()));
            if (p == null) {
                missing.merge(r.category(), 1, Integer::sum);
            } else {
                byDataset.computeIfAbsent(r.category(), k -> new ArrayList<>()).add(new Row(r, p));
            }
        }
        StringBuilder sb = new StringBuilder("| dataset | signals | events | found by both | seqae only | " + pipeline
                + " only | neither | false alarms seqae | false alarms " + pipeline + " | signals that differ |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        List<Row> differ = new ArrayList<>();
        for (Map.Entry<String, List<Row>> e : byDataset.entrySet()) {
            long events = 0;
            long both = 0;
            long ours = 0;
            long theirs = 0;
            long fpOurs = 0;
            long fpTheirs = 0;
            int differing = 0;
            for (Row row : e.getValue()) {
                Metrics.SegmentCounts c = row.r().segments();
                long n = c.truePositives() + c.falseNegatives();
                long common = Math.min(c.truePositives(), row.p().truePositives());
                events += n;
                both += common;
                ours += c.truePositives() - common;
                theirs += row.p().truePositives() - common;
                fpOurs += c.falsePositives();
                fpTheirs += row.p().falsePositives();
                if (row.foundDiff() != 0 || row.alarmDiff() != 0) {
                    differing++;
                    differ.add(row);
                }
            }
            // per signal, an event counts as found by both when both sides found at least that many in it
            long neither = events - both - ours - theirs;
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d |%n", e.getKey(),
                    e.getValue().size(), events, both, ours, theirs, neither, fpOurs, fpTheirs, differing));
        }
        if (!missing.isEmpty()) {
            sb.append("\nNot in the published file (left out): ").append(missing).append('\n');
        }
        if (group != null) {
            Map<String, long[]> byGroup = new java.util.TreeMap<>();   // files, TP, FP, FN, nothing; the same published
            for (List<Row> rows : byDataset.values()) {
                for (Row row : rows) {
                    long[] g = byGroup.computeIfAbsent(group.apply(row.r()), k -> new long[9]);
                    Metrics.SegmentCounts c = row.r().segments();
                    g[0]++;
                    g[1] += c.truePositives();
                    g[2] += c.falsePositives();
                    g[3] += c.falseNegatives();
                    g[4] += c.truePositives() + c.falsePositives() == 0 ? 1 : 0;
                    g[5] += row.p().truePositives();
                    g[6] += row.p().falsePositives();
                    g[7] += row.p().falseNegatives();
                    g[8] += row.p().truePositives() + row.p().falsePositives() == 0 ? 1 : 0;
                }
            }
            sb.append("\n| ").append(groupTitle).append(" | signals | seqae TP / FP / FN | F1 | detected nothing | ")
                    .append(pipeline).append(" TP / FP / FN | F1 | detected nothing |\n|---|---|---|---|---|---|---|---|\n");
            for (Map.Entry<String, long[]> e : byGroup.entrySet()) {
                long[] g = e.getValue();
                sb.append(String.format(Locale.ROOT, "| %s | %d | %d / %d / %d | %s | %d | %d / %d / %d | %s | %d |%n",
                        e.getKey(), g[0], g[1], g[2], g[3], Reports.fmt(new Metrics.SegmentCounts(g[1], g[2], g[3]).f1()),
                        g[4], g[5], g[6], g[7], Reports.fmt(new Metrics.SegmentCounts(g[5], g[6], g[7]).f1()), g[8]));
            }
        }
        differ.sort(java.util.Comparator.comparingLong((Row row) -> -Math.abs(row.foundDiff()))
                .thenComparingLong(row -> -Math.abs(row.alarmDiff())));
        sb.append("\n| dataset | signal | seqae TP / FP / FN | ").append(pipeline)
                .append(" TP / FP / FN | events found (seqae − ").append(pipeline).append(") | false alarms (seqae − ")
                .append(pipeline).append(") |\n|---|---|---|---|---|---|\n");
        for (Row row : differ) {
            Metrics.SegmentCounts c = row.r().segments();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d / %d / %d | %d / %d / %d | %+d | %+d |%n",
                    row.r().category(), row.r().signal(), c.truePositives(), c.falsePositives(), c.falseNegatives(),
                    row.p().truePositives(), row.p().falsePositives(), row.p().falseNegatives(), row.foundDiff(),
                    row.alarmDiff()));
        }
        return sb.toString();
    }

    /** One seed's F1, or the mean and range of several. */
    static String seeds(double[] f1) {
        if (f1.length == 1) {
            return Reports.fmt(f1[0]);
        }
        double sum = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : f1) {
            sum += v;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return String.format(Locale.ROOT, "%s [%s–%s]", Reports.fmt(sum / f1.length), Reports.fmt(lo), Reports.fmt(hi));
    }
}
