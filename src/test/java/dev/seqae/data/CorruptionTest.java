package dev.seqae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.errors.InvalidInputException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each corruption does, statistically, what it is configured to do — relative to each feature's spread. */
class CorruptionTest {
    /** 400 sequences of 50 steps: feature 0 around 10 (sd 2), feature 1 around -3 (sd 0.5). */
    static final List<float[][]> CLEAN = clean();

    static List<float[][]> clean() {
        SplittableRandom rnd = new SplittableRandom(1);
        List<float[][]> out = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            float[][] s = new float[50][2];
            for (int t = 0; t < 50; t++) {
                s[t][0] = (float) (10 + 2 * Corruption.gaussian(rnd));
                s[t][1] = (float) (-3 + 0.5 * Corruption.gaussian(rnd));
            }
            out.add(s);
        }
        return out;
    }

    static final Normalizer STATS = Normalizer.fit(Normalizer.Kind.ZSCORE, CLEAN, 2);

    @Test
    void gaussianNoiseHasTheConfiguredSpreadPerFeature() {
        List<float[][]> noisy = Corruption.gaussian(0.3).apply(CLEAN, STATS, new SplittableRandom(7));
        for (int f = 0; f < 2; f++) {
            double sum = 0;
            double sq = 0;
            long n = 0;
            for (int i = 0; i < CLEAN.size(); i++) {
                for (int t = 0; t < 50; t++) {
                    double d = noisy.get(i)[t][f] - CLEAN.get(i)[t][f];
                    sum += d;
                    sq += d * d;
                    n++;
                }
            }
            double sd = Math.sqrt(sq / n - (sum / n) * (sum / n));
            double expected = 0.3 * STATS.scale()[f];
            assertEquals(expected, sd, 0.02 * expected, "feature " + f);
            assertEquals(0, sum / n, 0.02 * expected, "zero mean, feature " + f);
        }
    }

    @Test
    void spikesComeAtTheConfiguredRateWithTheConfiguredHeight() {
        List<float[][]> spiked = Corruption.spikes(0.02, 4).apply(CLEAN, STATS, new SplittableRandom(8));
        long spikes = 0;
        long cells = 0;
        for (int i = 0; i < CLEAN.size(); i++) {
            for (int t = 0; t < 50; t++) {
                for (int f = 0; f < 2; f++) {
                    double d = spiked.get(i)[t][f] - CLEAN.get(i)[t][f];
                    if (d != 0) {
                        spikes++;
                        assertEquals(4 * STATS.scale()[f], Math.abs(d), 1e-3 * STATS.scale()[f] * 4 + 1e-5);
                    }
                    cells++;
                }
            }
        }
        double rate = (double) spikes / cells;
        double sigma = Math.sqrt(0.02 * 0.98 / cells);
        assertEquals(0.02, rate, 4 * sigma, "rate " + rate);
    }

    @Test
    void maskingReplacesWholeStepsByTheMeanAtTheConfiguredRate() {
        List<float[][]> masked = Corruption.masking(0.1).apply(CLEAN, STATS, new SplittableRandom(9));
        long hits = 0;
        long steps = 0;
        for (int i = 0; i < CLEAN.size(); i++) {
            for (int t = 0; t < 50; t++) {
                float[] m = masked.get(i)[t];
                boolean changed = m[0] != CLEAN.get(i)[t][0];
                if (changed) {
                    hits++;
                    assertEquals((float) STATS.offset()[0], m[0]);
                    assertEquals((float) STATS.offset()[1], m[1], "the whole step");
                } else {
                    assertEquals(CLEAN.get(i)[t][1], m[1]);
                }
                steps++;
            }
        }
        assertEquals(0.1, (double) hits / steps, 4 * Math.sqrt(0.1 * 0.9 / steps));
    }

    @Test
    void seededCombinableAndChecked() {
        Corruption all = new Corruption(0.2, 0.05, 0.01, 3);
        assertArrayEquals(all.apply(CLEAN.get(0), STATS, new SplittableRandom(3)),
                all.apply(CLEAN.get(0), STATS, new SplittableRandom(3)), "same seed, same corruption");
        assertTrue(all.active());
        assertEquals("noise 0.200 sd, spikes 0.0100 of values at 3.00 sd, mask 0.0500 of steps", all.toString());
        assertEquals("none", Corruption.NONE.toString());
        assertArrayEquals(CLEAN.get(0), Corruption.NONE.apply(CLEAN.get(0), STATS, new SplittableRandom(3)));
        assertEquals("mask must be in [0, 1), got 1.0",
                assertThrows(InvalidInputException.class, () -> Corruption.masking(1)).getMessage());
        assertEquals("spikes need a magnitude > 0 (spike rate 0.1)",
                assertThrows(InvalidInputException.class, () -> new Corruption(0, 0, 0.1, 0)).getMessage());
        assertEquals("noise must be >= 0, got -0.1",
                assertThrows(InvalidInputException.class, () -> Corruption.gaussian(-0.1)).getMessage());
    }
}
