package dev.seqae.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.IntervalDetector;
import dev.seqae.anomaly.Metrics;
import dev.seqae.anomaly.ScoreKind;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.Normalizer;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The NAB suite, the way the Orion benchmark runs it: for every signal of the categories found
 * under {@code data/}, train on the whole signal (windows), score every point, detect intervals,
 * and compare them with the labelled windows of {@code labels/combined_windows.json}. One
 * configuration for every signal ({@link #CONFIG}, {@link #DETECTOR}); nothing is tuned on labels.
 */
public final class NabSuite {
    /** The model configuration for every NAB signal. */
    public static final ModelConfig CONFIG = ModelConfig.defaults()
            .withLayers(new int[] {32}, 8, new int[] {32})
            .withTraining(1e-3, 64, 20, 5, 0.2, 42)
            .withData(Normalizer.Kind.ZSCORE, 64, 4)
            .withAnomaly(new AnomalyConfig(ScoreKind.MSE, ThresholdStrategy.POT, 0.99, 3, 0.005));
    /** Interval detection: light smoothing, telemanom's pruning ratio. */
    public static final IntervalDetector DETECTOR = new IntervalDetector(6, 0, 1, 0.13);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private NabSuite() {
    }

    /** One signal's result. */
    public record SignalResult(String category, String signal, int points, int labelledWindows,
                               int detectedIntervals, Metrics.SegmentCounts segments, double pointPrecision,
                               double pointRecall, double pointF1, double rocAuc, double prAuc, double seconds) {
    }

    /**
     * Runs every signal whose {@code category/name.csv} key starts with one of {@code only}
     * (all when empty), in name order; {@code progress} gets one line per signal.
     */
    public static List<SignalResult> run(Path nabDir, List<String> only, Consumer<String> progress) {
        Map<String, List<Interval.Window>> labels =
                readLabels(nabDir.resolve("labels").resolve("combined_windows.json"));
        List<Path> files = signals(nabDir.resolve("data"));
        List<SignalResult> out = new ArrayList<>();
        for (Path f : files) {
            String key = nabDir.resolve("data").relativize(f).toString().replace('\\', '/');
            if (!only.isEmpty() && only.stream().noneMatch(key::startsWith)) {
                continue;
            }
            List<Interval.Window> windows = labels.get(key);
            if (windows == null) {
                throw new InvalidInputException(f + ": no entry '" + key + "' in combined_windows.json");
            }
            SignalResult r = evaluate(f, key, windows);
            progress.accept(String.format(java.util.Locale.ROOT, "%-55s segments F1 %s, %d intervals, %.1f s", key,
                    fmt(r.segments().f1()), r.detectedIntervals(), r.seconds()));
            out.add(r);
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(nabDir + ": no signals" + (only.isEmpty() ? "" : " matching " + only));
        }
        return out;
    }

    private static SignalResult evaluate(Path file, String key, List<Interval.Window> labelled) {
        long started = System.nanoTime();
        TimeSeries ts = (TimeSeries) CsvDataReader.read(file, CsvOptions.auto());
        SeqAutoencoderModel model = new Trainer(CONFIG, null).fit(ts, key);
        var points = model.scorePoints(ts.source(), ts.values(), 1, null);
        List<Interval> detected = DETECTOR.detect(points.scores(), points.threshold());
        LocalDateTime[] times = times(file, ts);
        List<Interval> truth = new ArrayList<>();
        boolean[] anomalous = new boolean[ts.length()];
        for (Interval.Window w : labelled) {
            Interval i = w.toIndices(times);
            if (i != null) {
                truth.add(i);
                for (int t = i.start(); t <= i.end(); t++) {
                    anomalous[t] = true;
                }
            }
        }
        boolean[] flagged = new boolean[ts.length()];
        for (Interval d : detected) {
            for (int t = d.start(); t <= d.end(); t++) {
                flagged[t] = true;
            }
        }
        double[] prf = Metrics.precisionRecallF1(flagged, anomalous);
        boolean any = false;
        for (boolean a : anomalous) {
            any |= a;
        }
        double auc = any ? Metrics.rocAuc(points.scores(), anomalous) : Double.NaN;
        double ap = Metrics.averagePrecision(points.scores(), anomalous);
        String category = key.substring(0, key.indexOf('/'));
        return new SignalResult(category, key.substring(key.indexOf('/') + 1), ts.length(), truth.size(),
                detected.size(), Metrics.overlapSegments(truth, detected), prf[0], prf[1], prf[2], auc, ap,
                (System.nanoTime() - started) / 1e9);
    }

    /** The series' timestamps as times, to match the labelled windows with. */
    private static LocalDateTime[] times(Path file, TimeSeries ts) {
        if (ts.timestamps() == null) {
            throw new InvalidInputException(file + ": no timestamp column to match the labelled windows with");
        }
        LocalDateTime[] out = new LocalDateTime[ts.length()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = LocalDateTime.parse(ts.timestamps()[i].trim(), TIME);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(file + ": row " + (i + 1) + ": timestamp '" + ts.timestamps()[i]
                        + "' is not yyyy-MM-dd HH:mm:ss", e);
            }
        }
        return out;
    }

    /** Per category: the segment counts summed over its signals. */
    public static Map<String, Metrics.SegmentCounts> byCategory(List<SignalResult> results) {
        Map<String, Metrics.SegmentCounts> out = new LinkedHashMap<>();
        for (SignalResult r : results) {
            out.merge(r.category(), r.segments(), Metrics.SegmentCounts::plus);
        }
        return out;
    }

    /** Three decimals, or "n/a" for NaN (no labels, nothing detected). */
    public static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    private static List<Path> signals(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            throw new InvalidInputException(dataDir + ": not a directory (expected <nab>/data/<category>/<name>.csv)");
        }
        try (Stream<Path> s = Files.walk(dataDir, 2)) {
            return s.filter(p -> p.toString().endsWith(".csv") && dataDir.relativize(p).getNameCount() == 2).sorted()
                    .toList();
        } catch (IOException e) {
            throw new InvalidInputException(dataDir + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static Map<String, List<Interval.Window>> readLabels(Path file) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read the labelled windows: " + e.getMessage(), e);
        }
        Map<String, List<Interval.Window>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<Interval.Window> windows = new ArrayList<>();
            for (JsonNode w : e.getValue()) {
                if (!w.isArray() || w.size() != 2) {
                    throw new InvalidInputException(file + ": " + e.getKey() + ": a window must be [start, end]");
                }
                try {
                    windows.add(new Interval.Window(LocalDateTime.parse(w.get(0).asText(), TIME),
                            LocalDateTime.parse(w.get(1).asText(), TIME)));
                } catch (DateTimeParseException ex) {
                    throw new InvalidInputException(file + ": " + e.getKey() + ": bad timestamp: " + ex.getMessage(),
                            ex);
                }
            }
            out.put(e.getKey(), windows);
        }
        return out;
    }
}
