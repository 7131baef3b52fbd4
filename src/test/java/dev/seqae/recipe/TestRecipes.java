package dev.seqae.recipe;

import dev.seqae.anomaly.ErrorMeasure;
import dev.seqae.anomaly.PredictionScores;
import dev.seqae.anomaly.Smoothing;
import dev.seqae.anomaly.WindowedAnomalies;
import dev.seqae.data.Normalizer;
import dev.seqae.data.TimeSeries;
import dev.seqae.model.ModelConfig;

/** Small recipes and series for tests that need a trained recipe model in seconds. */
public final class TestRecipes {
    private TestRecipes() {
    }

    /**
     * An AER-shaped recipe at test size: bidirectional LSTMs of 8, prediction heads, windows of
     * 16, DTW reconstruction errors, {@code mix}; no aggregation, find_anomalies.
     */
    public static Recipe aerLike(PredictionScores.Mix mix) {
        ModelConfig model = ModelConfig.defaults().withLayers(new int[] {8}, 0, new int[] {8})
                .withBidirectional(true).withPredictionHeads(0.5)
                .withTraining(1e-2, 32, 12, 0, 0.0, 3).withData(Normalizer.Kind.SYMMETRIC_MINMAX, 16, 1);
        return new Recipe("aer-like", model, false, Recipe.Combine.MEDIAN_RECONSTRUCTION, Recipe.ErrorKind.ABSOLUTE,
                new Smoothing(Smoothing.Kind.CENTRED, 0.01, 200), WindowedAnomalies.orion(), null, 0,
                new Recipe.Scoring(ErrorMeasure.DTW, 10, ErrorMeasure.NO_BAND, mix, 0.01));
    }

    /** A sine of {@code n} points; from {@code from} on for {@code flat} points a flat line at its peak when {@code from >= 0}. */
    public static TimeSeries sine(int n, int from, int flat) {
        float[][] v = new float[n][];
        for (int i = 0; i < n; i++) {
            boolean f = from >= 0 && i >= from && i < from + flat;
            v[i] = new float[] {f ? 1f : (float) Math.sin(i / 3.0)};
        }
        return new TimeSeries("sine", null, v, new String[] {"value"});
    }
}
