package dev.seqae.evaluation;

import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.Metrics;
import dev.seqae.anomaly.TimeSpan;
import dev.seqae.data.TimeSeries;
import dev.seqae.recipe.Recipe;
import dev.seqae.recipe.RecipeRun;
import java.util.List;
import java.util.function.Supplier;

/** Train on one series, detect on another (or the same), and compare with labelled ranges. */
final class SeriesEvaluation {
    private SeriesEvaluation() {
    }

    /** What a suite hands over for one signal. */
    record Signal(String category, String name, TimeSeries train, TimeSeries test, List<Interval> truthPoints,
                  List<TimeSpan> truthSpans, double interval, String timeAxis) {
    }

    /**
     * Trains {@code recipe} on the signal's training part, detects on its test part and measures
     * the detections: Orion's overlap-segment counts on the data's time axis against
     * {@code truthSpans}, point metrics on the original points against {@code truthPoints};
     * {@code started} is when the signal's work began (its reading included). The model is trained
     * on one thread.
     */
    static SignalResult run(Signal s, Recipe recipe, long seed, long started) {
        return run(s, recipe, seed, started, (run, train) -> train.get());
    }

    /** How a run gets its trained model: {@code train} trains it; a store may give a kept one instead. */
    @FunctionalInterface
    interface Training {
        RecipeRun.Trained get(RecipeRun run, Supplier<RecipeRun.Trained> train);
    }

    /** As {@link #run(Signal, Recipe, long, long)}, the trained model obtained through {@code training}. */
    static SignalResult run(Signal s, Recipe recipe, long seed, long started, Training training) {
        Recipe seeded = recipe.withSeed(seed);
        RecipeRun run = new RecipeRun(seeded, s.interval());
        RecipeRun.Trained trained = training.get(run, () -> run.train(s.train(), s.category() + "/" + s.name(), 1));
        RecipeRun.Detection d = run.detect(trained, s.test());
        int n = s.test().length();
        boolean[] anomalous = cover(s.truthPoints(), n);
        boolean[] flagged = new boolean[n];
        for (int[] p : d.points()) {
            if (p != null) {
                java.util.Arrays.fill(flagged, p[0], p[1] + 1, true);
            }
        }
        double[] prf = Metrics.precisionRecallF1(flagged, anomalous);
        boolean any = false;
        for (boolean a : anomalous) {
            any |= a;
        }
        double[] scores = d.pointErrors();
        double auc = any ? Metrics.rocAuc(scores, anomalous) : Double.NaN;
        double ap = any ? Metrics.averagePrecision(scores, anomalous) : Double.NaN;
        return new SignalResult(s.category(), s.name(), n, s.truthSpans().size(), d.spans().size(),
                Metrics.contextual(s.truthSpans(), d.spans()), prf[0], prf[1], prf[2], auc, ap,
                (System.nanoTime() - started) / 1e9, d.spans(), s.timeAxis());
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
