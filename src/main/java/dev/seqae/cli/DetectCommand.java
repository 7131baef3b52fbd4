package dev.seqae.cli;

import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.IntervalDetector;
import dev.seqae.anomaly.SequenceScorer;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.Dataset;
import dev.seqae.data.TimeSegments;
import dev.seqae.data.TimeSeries;
import dev.seqae.recipe.RecipeModels;
import dev.seqae.recipe.RecipeRun;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.live.LiveDetection;
import dev.seqae.live.LiveInterval;
import dev.seqae.live.LiveSettings;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Sequences;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seqae detect}: anomalous intervals of one time series. Point scores come from the
 * overlapping windows (as {@code seqae score} computes them); {@link IntervalDetector} smooths
 * them, compares them with the model's point threshold and merges flagged points into intervals.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Find anomalous intervals in a time series: start, end, peak score, severity. CSV (or JSON) to "
                + "--out or stdout; a summary on stderr.")
final class DetectCommand implements Callable<Integer> {
    @Mixin
    ModelInput input;

    @Mixin
    ScoringOptions scoring;

    @Mixin
    DetectionOptions detection;

    @Option(names = "--causal", description = "detect as a live stream would, point by point: each point scored by "
            + "the window ending at it, the scores smoothed and thresholds refitted on the past only, and an "
            + "anomaly open from --open-after points above the threshold until --close-after points below "
            + "(seqae stream, the service's streams); without it a point's score is the mean over every window "
            + "covering it, later ones included")
    boolean causal;

    @Mixin
    LiveOptions live;

    @Option(names = "--padding", description = "points added on each side of an interval (default ${DEFAULT-VALUE})",
            defaultValue = "0")
    int padding;

    @Option(names = "--min-length", description = "drop intervals shorter than this (default ${DEFAULT-VALUE})",
            defaultValue = "1")
    int minLength;

    @Option(names = "--prune", description = "telemanom pruning: minimum relative drop between neighbouring peaks, "
            + "0 = off (default ${DEFAULT-VALUE})", defaultValue = "0")
    double prune;

    @Option(names = "--format", description = "csv or json (default ${DEFAULT-VALUE})", defaultValue = "csv")
    String format;

    @Option(names = "--points", description = "also write the point scores (raw and smoothed; for a recipe model "
            + "the error the detector saw, its segment's, and the lowest threshold of the detector's windows that "
            + "cover it) to this CSV")
    Path points;

    @Option(names = "--recipe", description = "the recipe the model must have been trained with (seqae train "
            + "--recipe); a model trained with a recipe is always detected with it, this only checks which")
    String recipe;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RecipeModels.Saved saved = RecipeModels.saved(input.model);
        if (recipe != null && (saved == null || !saved.name().equals(recipe))) {
            throw new InvalidInputException("--recipe " + recipe + ": " + input.model + " was trained "
                    + (saved == null ? "without a recipe" : "with recipe " + saved.name()));
        }
        if (saved != null) {
            return detectWithRecipe(saved);
        }
        int smoothing = detection.smoothing;
        int localWindow = detection.localWindow;
        Integer localStep = detection.localStep;
        if (causal) {
            return detectCausally();
        }
        for (String option : new String[] {"--open-after", "--close-after"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new InvalidInputException(option + " is an option of causal detection: add --causal");
            }
        }
        IntervalDetector detector = new IntervalDetector(smoothing, padding, minLength, prune);
        boolean json = CsvOutput.isJson(format);
        SeqAutoencoderModel m = input.loadModel();
        ThresholdStrategy strategy = scoring.strategy();
        TimeSeries ts = series(m);
        var scores = m.scorePoints(ts.source(), ts.values(), scoring.stride, strategy);
        List<Interval> intervals = detector.detect(scores.scores(), scores.threshold(), strategy,
                m.config().anomaly(), localWindow, localStep);
        List<double[]> shares = intervals.stream()
                .map(i -> SequenceScorer.featureShares(scores.featureErrors(), i.start(), i.end())).toList();
        if (json) {
            writeJson(ts, intervals, shares, scores.threshold());
        } else {
            writeCsv(ts, intervals, shares);
        }
        if (points != null) {
            double[] smoothed = IntervalDetector.ewma(scores.scores(), smoothing);
            CsvOutput.write(points, List.of("index", "timestamp", "score", "smoothed_score"), p -> {
                for (int i = 0; i < ts.length(); i++) {
                    p.printRecord(i, timestamp(ts, i), CsvOutput.num(scores.scores()[i]), CsvOutput.num(smoothed[i]));
                }
            });
        }
        System.err.printf("%d points (%d windows of %d): %d anomalous intervals (%s)%n", ts.length(),
                scores.windows(), m.config().window(), intervals.size(), localWindow > 0
                        ? "thresholds refitted on local windows of " + localWindow + " points"
                        : String.format(java.util.Locale.ROOT, "point threshold %.6f", scores.threshold()));
        return 0;
    }

    /**
     * A model trained with a recipe: the recipe's own detection (aggregation, combination,
     * smoothing, detector); intervals as the original points they hold and as the recipe reports
     * them on the data's time axis (first and last segment's start).
     */
    private int detectWithRecipe(RecipeModels.Saved saved) throws java.io.IOException {
        for (String option : new String[] {"--smoothing", "--padding", "--min-length", "--prune", "--local-window",
            "--local-step", "--threshold", "--stride", "--causal", "--open-after", "--close-after"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new InvalidInputException(option + ": " + input.model + " was trained with a recipe, whose "
                        + "detection settings are its own (seqae info " + input.model + " shows them)");
            }
        }
        RecipeModels.Loaded loaded = RecipeModels.load(input.model, saved);
        Dataset dataset = input.readData();
        if (!(dataset instanceof TimeSeries ts)) {
            throw new InvalidInputException(input.data + ": detect needs one time series (layout timeseries)");
        }
        RecipeRun.Detection d = loaded.run().detect(loaded.trained(), ts);
        boolean dates = TimeSegments.hasDates(ts.timestamps());
        List<int[]> held = d.points();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k = 0; k < d.intervals().size(); k++) {
            Interval i = d.intervals().get(k);
            Map<String, Object> r = new LinkedHashMap<>();
            int[] p = held.get(k);
            r.put("start", p == null ? null : p[0]);
            r.put("end", p == null ? null : p[1]);
            r.put("start_time", TimeSegments.time(d.spans().get(k).start(), dates));
            r.put("end_time", TimeSegments.time(d.spans().get(k).end(), dates));
            r.put("segments", i.length());
            r.put("peak_error", i.peak());
            r.put("score", i.severity());
            rows.add(r);
        }
        if (CsvOutput.isJson(format)) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("points", ts.length());
            doc.put("segments", d.segments().length());
            doc.put("recipe", loaded.recipe().name());
            doc.put("intervals", rows);
            CsvOutput.writeJson(input.out, doc);
        } else {
            List<String> header = List.of("start", "end", "start_time", "end_time", "segments", "peak_error", "score");
            CsvOutput.write(input.out, header, out -> {
                for (Map<String, Object> r : rows) {
                    out.printRecord(r.get("start") == null ? "" : r.get("start"), r.get("end") == null ? "" : r.get("end"),
                            r.get("start_time"), r.get("end_time"), r.get("segments"),
                            CsvOutput.num((Double) r.get("peak_error")), CsvOutput.num((Double) r.get("score")));
                }
            });
        }
        if (points != null) {
            double[] errors = d.pointErrors();
            double[] thresholds = d.pointThresholds();
            List<String> header = thresholds == null ? List.of("index", "timestamp", "error")
                    : List.of("index", "timestamp", "error", "threshold");
            CsvOutput.write(points, header, out -> {
                for (int i = 0; i < ts.length(); i++) {
                    if (thresholds == null) {
                        out.printRecord(i, timestamp(ts, i), CsvOutput.num(errors[i]));
                    } else {
                        out.printRecord(i, timestamp(ts, i), CsvOutput.num(errors[i]), CsvOutput.num(thresholds[i]));
                    }
                }
            });
        }
        System.err.printf("%d points (%d segments, recipe %s): %d anomalous intervals%n", ts.length(),
                d.segments().length(), loaded.recipe().name(), d.intervals().size());
        return 0;
    }

    /**
     * Causal detection: the series replayed point by point through a live stream
     * ({@link LiveDetection#replay}), its windows scored in batches (which changes nothing but float
     * rounding); the intervals are the stream's closed anomalies and the one still open at the end.
     */
    private int detectCausally() throws java.io.IOException {
        for (String option : new String[] {"--padding", "--min-length", "--prune"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new InvalidInputException(option + " looks at points after an interval; causal detection has "
                        + "--open-after and --close-after instead");
            }
        }
        SeqAutoencoderModel m = input.loadModel();
        TimeSeries ts = series(m);
        LiveSettings settings = live.settings(scoring.stride, scoring.strategy(), detection);
        LiveDetection.Replay replay = LiveDetection.replay(m, ts.source(), ts.timestamps(), ts.values(), settings, 256);
        List<LiveInterval> found = LiveDetection.intervals(replay);
        if (CsvOutput.isJson(format)) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("points", ts.length());
            doc.put("scored", replay.stream().scored());
            doc.put("causal", true);
            doc.put("intervals", found.stream().map(IntervalRows::json).toList());
            CsvOutput.writeJson(input.out, doc);
        } else {
            CsvOutput.write(input.out, IntervalRows.HEADER, p -> {
                for (LiveInterval f : found) {
                    p.printRecord(IntervalRows.row(f));
                }
            });
        }
        if (points != null) {
            IntervalRows.writePoints(points, replay.points());
        }
        System.err.printf("%d points, %d scored causally (window %d, stride %d): %d anomalous intervals, %d still "
                + "open%n", ts.length(), replay.stream().scored(), m.config().window(), settings.stride(), found.size(),
                found.stream().filter(LiveInterval::open).count());
        return 0;
    }

    /** The data file's time series, for a time-series model (exit 2 otherwise). */
    private TimeSeries series(SeqAutoencoderModel m) {
        Dataset dataset = input.readData();
        if (!(dataset instanceof TimeSeries ts)) {
            throw new InvalidInputException(input.data + ": detect needs one time series (layout timeseries); "
                    + "score separate sequences with seqae score");
        }
        Sequences.requireTimeSeriesModel(ts, m);
        return ts;
    }

    private static String timestamp(TimeSeries ts, int i) {
        return ts.timestamps() == null ? "" : ts.timestamps()[i];
    }

    private void writeCsv(TimeSeries ts, List<Interval> intervals, List<double[]> shares) throws java.io.IOException {
        CsvOutput.write(input.out, List.of("start", "end", "start_timestamp", "end_timestamp", "length", "peak_index",
                "peak_score", "severity", "top_features"), p -> {
                    for (int k = 0; k < intervals.size(); k++) {
                        Interval i = intervals.get(k);
                        p.printRecord(i.start(), i.end(), timestamp(ts, i.start()), timestamp(ts, i.end()), i.length(),
                                i.peakIndex(), CsvOutput.num(i.peak()), CsvOutput.num(i.severity()),
                                SequenceScorer.ranked(ts.featureNames(), shares.get(k)));
                    }
                });
    }

    private void writeJson(TimeSeries ts, List<Interval> intervals, List<double[]> shares, double pointThreshold)
            throws java.io.IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k = 0; k < intervals.size(); k++) {
            Interval i = intervals.get(k);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("start", i.start());
            r.put("end", i.end());
            r.put("start_timestamp", ts.timestamps() == null ? null : ts.timestamps()[i.start()]);
            r.put("end_timestamp", ts.timestamps() == null ? null : ts.timestamps()[i.end()]);
            r.put("length", i.length());
            r.put("peak_index", i.peakIndex());
            r.put("peak_score", i.peak());
            r.put("severity", i.severity());
            Map<String, Double> byFeature = new LinkedHashMap<>();
            for (int f : SequenceScorer.rank(shares.get(k))) {
                byFeature.put(ts.featureNames()[f], shares.get(k)[f]);
            }
            r.put("feature_shares", byFeature);
            rows.add(r);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("points", ts.length());
        doc.put("point_threshold", detection.localWindow > 0 ? null : pointThreshold);
        doc.put("local_window", detection.localWindow > 0 ? detection.localWindow : null);
        doc.put("intervals", rows);
        CsvOutput.writeJson(input.out, doc);
    }
}
