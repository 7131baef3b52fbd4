package dev.seqae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.Metrics;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A long series: windows for training, one score per point when scoring, point thresholds. */
@Tag("learning")
class TimeSeriesScoringTest {

    @Test
    void pointScoresRankInjectedAnomaliesHigh() {
        var train = SyntheticGenerator.series(3000, 0, 1);
        var test = SyntheticGenerator.series(2000, 6, 2);
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {32}, 8, new int[] {32})
                .withTraining(5e-3, 32, 40, 5, 0.2, 7).withData(dev.seqae.data.Normalizer.Kind.ZSCORE, 32, 4);
        SeqAutoencoderModel model = new Trainer(cfg, null)
                .fit(new TimeSeries("train", null, train.values(), new String[] {"value"}), "synthetic series");
        assertEquals(ThresholdStrategy.values().length, model.pointThresholds().size());
        var points = model.scorePoints("test", test.values(), 1, null);
        assertEquals(2000, points.scores().length);
        assertEquals(2000 - 32 + 1, points.windows());
        double auc = Metrics.rocAuc(points.scores(), test.labels());
        System.out.printf("synthetic series, point scores: ROC-AUC %.4f%n", auc);
        assertTrue(auc >= 0.9, "point ROC-AUC " + auc);
        boolean anyFlagged = false;
        for (boolean b : points.anomalous()) {
            anyFlagged |= b;
        }
        assertTrue(anyFlagged);
        assertFalse(model.config().window() == 0);
        var e = assertThrows(InvalidInputException.class,
                () -> model.scorePoints("short.csv", new float[10][1], 1, null));
        assertTrue(e.getMessage().contains("short.csv: window length 32 is longer than the series (10 points)"));
    }
}
