package dev.seqae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.IntervalDetector;
import dev.seqae.anomaly.SequenceScorer;
import dev.seqae.data.TimeSeries;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Per-feature attribution (seeded, a few seconds): an anomaly injected into one feature of a
 * 4-feature series is ranked first for that feature, in the detected interval and in the scored
 * window.
 */
@Tag("learning")
class AttributionTest {
    private static final int[] PERIODS = {24, 36, 48, 60};

    private static float[][] series(int length, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] v = new float[length][PERIODS.length];
        for (int t = 0; t < length; t++) {
            for (int f = 0; f < PERIODS.length; f++) {
                v[t][f] = (float) (Math.sin(2 * Math.PI * t / PERIODS[f] + f) + 0.05 * rnd.nextGaussian());
            }
        }
        return v;
    }

    @Test
    void anAnomalyInOneFeatureIsAttributedToIt() {
        String[] names = {"a", "b", "c", "d"};
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {24}, 6, new int[] {24})
                .withTraining(5e-3, 32, 30, 0, 0.2, 3).withData(dev.seqae.data.Normalizer.Kind.ZSCORE, 32, 2);
        SeqAutoencoderModel model = new Trainer(cfg, null)
                .fit(new TimeSeries("train", null, series(1500, 1), names), "4-feature sines");
        float[][] test = series(1000, 2);
        for (int t = 600; t < 630; t++) {
            test[t][2] += 2.5f;                       // a level shift in feature c only
        }
        var points = model.scorePoints("test", test, 1, null);
        List<Interval> found = IntervalDetector.plain().detect(points.scores(), points.threshold());
        Interval hit = found.stream().filter(i -> i.overlaps(Interval.window(600, 629))).findFirst()
                .orElseThrow(() -> new AssertionError("no interval over the injected anomaly: " + found));
        double[] shares = SequenceScorer.featureShares(points.featureErrors(), hit.start(), hit.end());
        System.out.printf("interval %d-%d: %s%n", hit.start(), hit.end(), SequenceScorer.ranked(names, shares));
        assertEquals(2, SequenceScorer.rank(shares)[0], "feature c ranked first: " + SequenceScorer.ranked(names, shares));
        assertTrue(shares[2] > 0.5, "feature c carries most of the error");

        float[][] window = java.util.Arrays.copyOfRange(test, 590, 622);
        var scored = model.score(List.<float[][]>of(window), null).get(0);
        assertEquals(2, SequenceScorer.rank(scored.featureShares())[0],
                SequenceScorer.ranked(names, scored.featureShares()));
    }
}
