package dev.seqae.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdFitterTest {
    @Test
    void percentileInterpolatesOrderStatistics() {
        double[] s = {5, 1, 4, 2, 3};
        assertEquals(3.0, ThresholdFitter.percentile(s, 0.5).value(), 1e-12);
        assertEquals(4.6, ThresholdFitter.percentile(s, 0.9).value(), 1e-12);
    }

    @Test
    void peaksOverThresholdRecoversAnExponentialTail() {
        // Exp(1): P(X > z) = e^-z, so the alpha-risk threshold is -ln(alpha)
        Random r = new Random(2);
        double[] s = new double[200_000];
        for (int i = 0; i < s.length; i++) {
            s[i] = -Math.log(1 - r.nextDouble());
        }
        for (double alpha : new double[] {1e-2, 1e-3, 1e-4}) {
            Threshold t = ThresholdFitter.peaksOverThreshold(s, alpha);
            assertEquals(ThresholdStrategy.POT, t.strategy());
            assertEquals(-Math.log(alpha), t.value(), 0.04 * -Math.log(alpha), "alpha " + alpha);
        }
    }

    @Test
    void peaksOverThresholdFollowsAHeavyParetoTail() {
        // Pareto with P(X > x) = x^-3 (x >= 1): above any threshold a GPD of shape 1/3 (the method of
        // moments needs shape < 1/2); the alpha-risk threshold is alpha^(-1/3) = 10 for alpha = 1e-3
        Random r = new Random(3);
        double[] s = new double[400_000];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.pow(1 - r.nextDouble(), -1.0 / 3);
        }
        double alpha = 1e-3;
        assertEquals(Math.pow(alpha, -1.0 / 3), ThresholdFitter.peaksOverThreshold(s, alpha).value(), 0.6);
        // the Gaussian-on-logs threshold gets a heavy tail wrong by more
        double gaussian = ThresholdFitter.gaussian(s, alpha).value();
        assertTrue(Math.abs(gaussian - 10) > Math.abs(ThresholdFitter.peaksOverThreshold(s, alpha).value() - 10));
    }

    @Test
    void peaksOverThresholdFallsBackToTheQuantileOnSmallSets() {
        double[] s = new double[50];
        for (int i = 0; i < s.length; i++) {
            s[i] = i;
        }
        // level 1 - 10·0.01 = 0.9: 5 excesses < 10, so the empirical 0.99 quantile
        assertEquals(ThresholdFitter.percentile(s, 0.99).value(), ThresholdFitter.peaksOverThreshold(s, 0.01).value(),
                1e-12);
    }

    @Test
    void meanKSigmaUsesPopulationSigma() {
        double[] s = {1, 3};
        assertEquals(2 + 3 * 1, ThresholdFitter.meanKSigma(s, 3).value(), 1e-12);
    }

    @Test
    void gaussianThresholdMatchesLogNormalQuantile() {
        Random r = new Random(1);
        double[] s = new double[200_000];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.exp(0.5 * r.nextGaussian() - 1);
        }
        double expected = Math.exp(-1 + 0.5 * 2.3263478740);   // z(0.99)
        assertEquals(expected, ThresholdFitter.gaussian(s, 0.01).value(), expected * 0.01);
        assertEquals(2.3263478740, ThresholdFitter.normalQuantile(0.99), 1e-8);
        assertEquals(-1.6448536270, ThresholdFitter.normalQuantile(0.05), 1e-8);
    }

    @Test
    void mahalanobisScoreIsStandardisedForIndependentFeatures() {
        // errors with |e| ~ constant mean and variance per feature: the score of the mean vector is 0
        List<float[][]> normal = List.<float[][]>of(new float[][] {{1f, 4f}, {9f, 16f}, {1f, 4f}, {9f, 16f}});
        SequenceScorer sc = SequenceScorer.fit(ScoreKind.MAHALANOBIS, normal, 2);
        assertEquals(0.0, sc.stepScores(new float[][] {{4f, 9f}})[0], 1e-3);   // |e| = (2, 3) = the mean
        assertTrue(sc.stepScores(new float[][] {{100f, 9f}})[0] > 10);
        SequenceScorer max = SequenceScorer.fit(ScoreKind.MAX_STEP, normal, 2);
        assertEquals(12.5, max.score(new float[][] {{1f, 2f}, {9f, 16f}}), 1e-6);
    }

    @Test
    void rocAucCountsTiesAsHalf() {
        assertEquals(1.0, Metrics.rocAuc(new double[] {0.1, 0.2, 0.9}, new boolean[] {false, false, true}), 1e-12);
        assertEquals(0.5, Metrics.rocAuc(new double[] {1, 1}, new boolean[] {false, true}), 1e-12);
        assertEquals(0.75, Metrics.rocAuc(new double[] {0.1, 0.5, 0.4, 0.9}, new boolean[] {false, false, true, true}),
                1e-12);
    }
}
