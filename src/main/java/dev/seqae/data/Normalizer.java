package dev.seqae.data;

import java.util.List;

/**
 * Per-feature normalisation fitted on training data and saved with the model: z-score
 * ({@code (x - mean) / std}), min-max to [0, 1] ({@code (x - min) / (max - min)}) or min-max to
 * [-1, 1] ({@code SYMMETRIC_MINMAX}, scikit-learn's {@code MinMaxScaler(feature_range=(-1, 1))}:
 * {@code (x - mid) / (range / 2)}). A constant feature gets a range of 1 (z-score: std 1) instead
 * of dividing by zero, as scikit-learn does.
 *
 * @param kind   the method
 * @param offset per feature: mean (z-score) or min (min-max)
 * @param scale  per feature: std (z-score) or max - min (min-max); never 0
 */
public record Normalizer(Kind kind, double[] offset, double[] scale) implements java.io.Serializable {

    /** Normalisation method. */
    public enum Kind { ZSCORE, MINMAX, SYMMETRIC_MINMAX, NONE }

    public Normalizer {
        offset = offset.clone();
        scale = scale.clone();
    }

    /** Fits per-feature statistics over every step of every sequence. */
    public static Normalizer fit(Kind kind, List<float[][]> sequences, int features) {
        if (kind == Kind.NONE) {
            return new Statistics(features).normalizer(kind);
        }
        Statistics stats = new Statistics(features);
        for (float[][] s : sequences) {
            stats.add(s);
        }
        return stats.normalizer(kind);
    }

    /**
     * What a normaliser is fitted from, gathered a sequence at a time and mergeable: per feature
     * the sum, the sum of squares, the minimum and the maximum, and the number of steps. Sequences
     * added in one order give exactly {@link #fit}'s normaliser for that order; merged partial
     * statistics (data spread over machines) differ from it only by the rounding of the sums.
     */
    public static final class Statistics implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final double[] sum;
        private final double[] sumSq;
        private final double[] min;
        private final double[] max;
        private long n;

        public Statistics(int features) {
            sum = new double[features];
            sumSq = new double[features];
            min = new double[features];
            max = new double[features];
            java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }

        /** Adds every step of a sequence. */
        public Statistics add(float[][] sequence) {
            for (float[] step : sequence) {
                for (int f = 0; f < sum.length; f++) {
                    double v = step[f];
                    sum[f] += v;
                    sumSq[f] += v * v;
                    min[f] = Math.min(min[f], v);
                    max[f] = Math.max(max[f], v);
                }
                n++;
            }
            return this;
        }

        /** Adds another part's statistics (this one changes; {@code other} does not). */
        public Statistics merge(Statistics other) {
            for (int f = 0; f < sum.length; f++) {
                sum[f] += other.sum[f];
                sumSq[f] += other.sumSq[f];
                min[f] = Math.min(min[f], other.min[f]);
                max[f] = Math.max(max[f], other.max[f]);
            }
            n += other.n;
            return this;
        }

        public long steps() {
            return n;
        }

        /** The normaliser of this kind these statistics give. */
        public Normalizer normalizer(Kind kind) {
            int features = sum.length;
            double[] offset = new double[features];
            double[] scale = new double[features];
            java.util.Arrays.fill(scale, 1.0);
            if (kind == Kind.NONE) {
                return new Normalizer(kind, offset, scale);
            }
            if (n == 0) {
                throw new IllegalArgumentException("cannot fit a normaliser on no data");
            }
            for (int f = 0; f < features; f++) {
                if (kind == Kind.ZSCORE) {
                    double mean = sum[f] / n;
                    double var = Math.max(0, sumSq[f] / n - mean * mean);
                    offset[f] = mean;
                    scale[f] = var > 1e-24 ? Math.sqrt(var) : 1.0;
                } else if (kind == Kind.MINMAX) {
                    offset[f] = min[f];
                    scale[f] = max[f] - min[f] > 1e-12 ? max[f] - min[f] : 1.0;
                } else {
                    double range = max[f] - min[f] > 1e-12 ? max[f] - min[f] : 1.0;
                    offset[f] = min[f] + range / 2;
                    scale[f] = range / 2;
                }
            }
            return new Normalizer(kind, offset, scale);
        }
    }

    public int features() {
        return offset.length;
    }

    /** A normalised copy of a sequence. */
    public float[][] apply(float[][] s) {
        float[][] out = new float[s.length][];
        for (int t = 0; t < s.length; t++) {
            if (s[t].length != offset.length) {
                throw new IllegalArgumentException("step " + t + " has " + s[t].length + " features, expected "
                        + offset.length);
            }
            out[t] = new float[s[t].length];
            for (int f = 0; f < s[t].length; f++) {
                out[t][f] = (float) ((s[t][f] - offset[f]) / scale[f]);
            }
        }
        return out;
    }

    /** Back to the original units, written over {@code s} (which is returned). */
    public float[][] invertInPlace(float[][] s) {
        for (float[] step : s) {
            for (int f = 0; f < step.length; f++) {
                step[f] = (float) (step[f] * scale[f] + offset[f]);
            }
        }
        return s;
    }

    /** Back to the original units. */
    public float[][] invert(float[][] s) {
        float[][] out = new float[s.length][];
        for (int t = 0; t < s.length; t++) {
            out[t] = new float[s[t].length];
            for (int f = 0; f < s[t].length; f++) {
                out[t][f] = (float) (s[t][f] * scale[f] + offset[f]);
            }
        }
        return out;
    }
}
