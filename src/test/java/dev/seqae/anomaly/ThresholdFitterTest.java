package dev.seqae.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    void dynamicThresholdSeparatesARunOfLargeErrorsFromTheNoise() {
        // 1,000 noisy errors in [0.8, 1.2] and one run of 10 errors at 5: the best-rated cut-off
        // lies between the two, so it flags exactly the run
        Random r = new Random(4);
        double[] s = new double[1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = i >= 500 && i < 510 ? 5.0 : 0.8 + 0.4 * r.nextDouble();
        }
        Threshold t = ThresholdFitter.dynamic(s);
        assertEquals(ThresholdStrategy.DYNAMIC, t.strategy());
        assertTrue(t.value() > 1.2 && t.value() < 5.0, "threshold " + t.value());
        assertEquals(t.value(), mean(s) + t.parameter() * std(s), 1e-9, "epsilon = mean + z·sigma");
        Threshold flat = ThresholdFitter.dynamic(new double[] {1, 1, 1, 1});
        assertEquals(1.0, flat.value(), 0, "no spread: mean + 12 sigma = the mean, nothing strictly above");
    }

    @Test
    void dynamicThresholdPrefersTheCutOffThatFlagsOneRunOverManyPoints() {
        // errors 1 (900 points), 3 (90 points spread over 90 runs), 10 (a run of 10): a cut-off below 3
        // would flag 100 points in 91 runs, so the rating prefers the one between 3 and 10
        double[] s = new double[1000];
        for (int i = 0; i < 1000; i++) {
            s[i] = i >= 990 ? 10 : i % 11 == 5 && i < 990 ? 3 : 1;
        }
        double eps = ThresholdFitter.dynamic(s).value();
        assertTrue(eps >= 3 && eps < 10, "threshold " + eps);
    }

    @Test
    void localThresholdsFollowALevelShift() {
        // first half errors ~1 with a spike of 3 at t = 100; second half ~10 (a noisier regime): one
        // threshold over all misses the spike; windows of 200 points every 200 fit each regime alone
        double[] s = new double[400];
        Random r = new Random(5);
        for (int i = 0; i < s.length; i++) {
            s[i] = (i < 200 ? 1 : 10) * (0.9 + 0.2 * r.nextDouble());
        }
        s[100] = 3;
        AnomalyConfig config = AnomalyConfig.defaults();
        double[] th = ThresholdFitter.local(s, ThresholdStrategy.MEAN_K_SIGMA, config, 200, 200);
        for (int i = 0; i < s.length; i++) {
            assertEquals(i == 100, s[i] > th[i], "point " + i);
        }
        List<Interval> found = IntervalDetector.plain().detectLocal(s, ThresholdStrategy.DYNAMIC, config, 200, 200);
        assertEquals(1, found.size());
        assertEquals(100, found.get(0).peakIndex());
        double global = ThresholdFitter.meanKSigma(s, 3).value();
        assertTrue(global > 3, "the global mean + 3 sigma misses the spike: " + global);
    }

    @Test
    void localWindowsCoverTheTailAndAWholeSeriesWindowIsOneFit() {
        double[] s = {1, 2, 3, 4, 5, 6, 7};
        AnomalyConfig config = AnomalyConfig.defaults();
        double whole = ThresholdFitter.meanKSigma(s, config.k()).value();
        for (double t : ThresholdFitter.local(s, ThresholdStrategy.MEAN_K_SIGMA, config, 50, 5)) {
            assertEquals(whole, t, 1e-12);
        }
        // windows [0,3) [2,5) [4,7): every point covered, each by the lowest of its windows
        double[] th = ThresholdFitter.local(s, ThresholdStrategy.MEAN_K_SIGMA, config, 3, 2);
        double w0 = ThresholdFitter.meanKSigma(new double[] {1, 2, 3}, 3).value();
        double w1 = ThresholdFitter.meanKSigma(new double[] {3, 4, 5}, 3).value();
        double w2 = ThresholdFitter.meanKSigma(new double[] {5, 6, 7}, 3).value();
        assertArrayEquals(new double[] {w0, w0, Math.min(w0, w1), w1, Math.min(w1, w2), w2, w2}, th, 1e-12);
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElseThrow();
    }

    private static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
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
