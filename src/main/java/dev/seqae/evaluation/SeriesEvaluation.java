package dev.seqae.evaluation;

import dev.seqae.anomaly.DetectionRecipe;
import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.Metrics;
import dev.seqae.data.TimeSeries;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import java.util.List;

/** Train on one series, detect on another (or the same), and compare with labelled ranges. */
final class SeriesEvaluation {
    private SeriesEvaluation() {
    }

    /**
     * Trains {@code config} on {@code train}, scores every point of {@code test} (stride 1),
     * detects intervals with {@code recipe} and measures them against {@code truth} (index ranges
     * of {@code test}); {@code started} is when the signal's work began (its reading included).
     */
    static SignalResult run(String category, String signal, TimeSeries train, TimeSeries test, List<Interval> truth,
                            ModelConfig config, DetectionRecipe recipe, long started) {
        SeqAutoencoderModel model = new Trainer(config, null).fit(train, category + "/" + signal);
        var points = model.scorePoints(test.source(), test.values(), 1, null);
        List<Interval> detected = recipe.detect(points.scores(), config.anomaly(), points.threshold());
        boolean[] anomalous = cover(truth, test.length());
        boolean[] flagged = cover(detected, test.length());
        double[] prf = Metrics.precisionRecallF1(flagged, anomalous);
        boolean any = false;
        for (boolean a : anomalous) {
            any |= a;
        }
        double auc = any ? Metrics.rocAuc(points.scores(), anomalous) : Double.NaN;
        double ap = any ? Metrics.averagePrecision(points.scores(), anomalous) : Double.NaN;
        return new SignalResult(category, signal, test.length(), truth.size(), detected.size(),
                Metrics.overlapSegments(truth, detected), prf[0], prf[1], prf[2], auc, ap,
                (System.nanoTime() - started) / 1e9);
    }

    /** The points inside any of {@code intervals}. */
    static boolean[] cover(List<Interval> intervals, int length) {
        boolean[] out = new boolean[length];
        for (Interval i : intervals) {
            for (int t = i.start(); t <= Math.min(i.end(), length - 1); t++) {
                out[t] = true;
            }
        }
        return out;
    }
}
