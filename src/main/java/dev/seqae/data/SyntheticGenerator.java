package dev.seqae.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic data: sums of sines with noise, and the same with injected anomalies (spikes,
 * level shifts, flat lines, frequency changes). Used by tests and the benchmark; the same seed
 * always gives the same data.
 */
public final class SyntheticGenerator {
    /** The kinds of injected anomaly. */
    public enum Anomaly { SPIKE, LEVEL_SHIFT, FLAT_LINE, FREQUENCY_CHANGE }

    private SyntheticGenerator() {
    }

    /**
     * Normal sequences as in the peer benchmark: per sequence two frequencies in [1, 5) cycles per
     * sequence and two phases; feature j is {@code 0.5 sin(2π f1 t/T + p1 + jπ/F) +
     * 0.5 sin(2π f2 t/T + p2 − jπ/F)} plus Gaussian noise (σ = 0.05).
     */
    public static List<float[][]> normal(int count, int steps, int features, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<float[][]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(sines(rnd, steps, features, 1, 5, 1.0));
        }
        return out;
    }

    /**
     * Regular normal sequences: like {@link #normal} but both frequencies in [2, 3) cycles per
     * sequence, a pattern a small model learns in seconds (tests use it; {@link #anomalous} breaks it).
     */
    public static List<float[][]> regular(int count, int steps, int features, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<float[][]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(sines(rnd, steps, features, REGULAR_LOW, REGULAR_HIGH, 1.0));
        }
        return out;
    }

    private static final double REGULAR_LOW = 2;
    private static final double REGULAR_HIGH = 3;

    private static float[][] sines(SplittableRandom rnd, int steps, int features, double low, double high,
                                   double freqFactor) {
        double f1 = (low + (high - low) * rnd.nextDouble()) * freqFactor;
        double f2 = (low + (high - low) * rnd.nextDouble()) * freqFactor;
        double p1 = 2 * Math.PI * rnd.nextDouble();
        double p2 = 2 * Math.PI * rnd.nextDouble();
        float[][] s = new float[steps][features];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < features; j++) {
                double o = j * Math.PI / features;
                double x = 2 * Math.PI * t / steps;
                s[t][j] = (float) (0.5 * Math.sin(f1 * x + p1 + o) + 0.5 * Math.sin(f2 * x + p2 - o)
                        + 0.05 * gaussian(rnd));
            }
        }
        return s;
    }

    /** A regular sequence with one anomaly of the given kind injected into a random stretch. */
    public static float[][] anomalous(Anomaly kind, int steps, int features, SplittableRandom rnd) {
        if (kind == Anomaly.FREQUENCY_CHANGE) {
            return sines(rnd, steps, features, REGULAR_LOW, REGULAR_HIGH, 2.5);
        }
        float[][] s = sines(rnd, steps, features, REGULAR_LOW, REGULAR_HIGH, 1.0);
        int len = Math.max(2, steps / 6);
        int start = rnd.nextInt(steps - len);
        int feature = rnd.nextInt(features);
        switch (kind) {
            case SPIKE -> s[start][feature] += (rnd.nextBoolean() ? 1 : -1) * (2.0f + (float) rnd.nextDouble());
            case LEVEL_SHIFT -> {
                float shift = (rnd.nextBoolean() ? 1 : -1) * (1.0f + (float) rnd.nextDouble());
                for (int t = start; t < steps; t++) {
                    s[t][feature] += shift;
                }
            }
            case FLAT_LINE -> {
                for (int t = start; t < start + len * 2 && t < steps; t++) {
                    for (int j = 0; j < features; j++) {
                        s[t][j] = s[start][j];
                    }
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return s;
    }

    /** {@code count} anomalous sequences, the kinds in turn. */
    public static List<float[][]> anomalous(int count, int steps, int features, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Anomaly[] kinds = Anomaly.values();
        List<float[][]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(anomalous(kinds[i % kinds.length], steps, features, rnd));
        }
        return out;
    }

    /**
     * One long univariate series (sum of two periodic components plus noise) with anomalies
     * injected at known points; {@code labels[i]} is true inside an anomaly.
     */
    public static LabeledSeries series(int length, int anomalies, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] v = new float[length][1];
        for (int i = 0; i < length; i++) {
            v[i][0] = (float) (Math.sin(2 * Math.PI * i / 50.0) + 0.5 * Math.sin(2 * Math.PI * i / 17.0)
                    + 0.05 * gaussian(rnd));
        }
        boolean[] labels = new boolean[length];
        int segment = length / (anomalies + 1);
        for (int a = 0; a < anomalies; a++) {
            int at = segment * (a + 1) + rnd.nextInt(Math.max(1, segment / 4));
            int len = 10;
            for (int i = at; i < Math.min(length, at + len); i++) {
                switch (a % 3) {
                    case 0 -> v[i][0] += 2.5f;
                    case 1 -> v[i][0] = v[at][0];
                    default -> v[i][0] = (float) Math.sin(2 * Math.PI * i / 5.0);
                }
                labels[i] = true;
            }
        }
        return new LabeledSeries(v, labels);
    }

    /** A series with point labels. */
    public record LabeledSeries(float[][] values, boolean[] labels) {
    }

    private static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
    }
}
