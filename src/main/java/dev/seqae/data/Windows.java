package dev.seqae.data;

import dev.seqae.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sliding windows over a long series, and the way back: per-window, per-step values mapped to one
 * value per point (the mean over the windows that cover it).
 *
 * <p>Windows start at {@code 0, stride, 2·stride, …}; when the last one does not reach the end of
 * the series, one more window ending at the last point is added, so every point is covered.
 */
public final class Windows {
    private final int length;
    private final int window;
    private final int[] starts;

    private Windows(int length, int window, int[] starts) {
        this.length = length;
        this.window = window;
        this.starts = starts;
    }

    /** Plans the windows of a series of {@code length} points. */
    public static Windows plan(String source, int length, int window, int stride) {
        if (window < 1) {
            throw new InvalidInputException("window must be >= 1, got " + window);
        }
        if (stride < 1) {
            throw new InvalidInputException("stride must be >= 1, got " + stride);
        }
        if (window > length) {
            throw new InvalidInputException(source + ": window length " + window + " is longer than the series ("
                    + length + " points)");
        }
        List<Integer> s = new ArrayList<>();
        for (long start = 0; start + window <= length; start += stride) {   // long: a stride near 2^31 must not wrap
            s.add((int) start);
        }
        if (s.get(s.size() - 1) + window < length) {
            s.add(length - window);
        }
        return new Windows(length, window, s.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * As {@link #plan}, for scoring or denoising every point: the stride may not be longer than
     * the window, or the points between two windows would be left out (an error that names the stride).
     */
    public static Windows covering(String source, int length, int window, int stride) {
        if (stride > window && window >= 1) {
            throw new InvalidInputException(source + ": stride " + stride + " is longer than the window (" + window
                    + "): the points between windows would be left out; use a stride of 1 to " + window);
        }
        return plan(source, length, window, stride);
    }

    public int count() {
        return starts.length;
    }

    public int start(int i) {
        return starts[i];
    }

    public int window() {
        return window;
    }

    /** The windows' values (copies) of a series {@code [points][features]}. */
    public List<float[][]> cut(float[][] series) {
        if (series.length != length) {
            throw new IllegalArgumentException("series has " + series.length + " points, planned for " + length);
        }
        List<float[][]> out = new ArrayList<>(starts.length);
        for (int start : starts) {
            float[][] w = new float[window][];
            for (int t = 0; t < window; t++) {
                w[t] = series[start + t].clone();
            }
            out.add(w);
        }
        return out;
    }

    /** Per-window, per-step values {@code [windows][window]} to per-point means {@code [length]}. */
    public double[] toPoints(double[][] perWindowStep) {
        if (perWindowStep.length != starts.length) {
            throw new IllegalArgumentException(perWindowStep.length + " windows given, " + starts.length + " planned");
        }
        double[] sum = new double[length];
        int[] n = new int[length];
        for (int w = 0; w < starts.length; w++) {
            for (int t = 0; t < window; t++) {
                sum[starts[w] + t] += perWindowStep[w][t];
                n[starts[w] + t]++;
            }
        }
        for (int i = 0; i < length; i++) {
            sum[i] /= n[i];
        }
        return sum;
    }

    /**
     * Per-window, per-step values {@code [windows][window]} to per-point <b>medians</b>
     * {@code [length]}: each point's value is the median of the values the windows that cover it
     * give it (the mean of the two middle ones for an even count), as Orion's
     * {@code reconstruction_errors} combines overlapping reconstructions.
     */
    public double[] toPointsMedian(double[][] perWindowStep) {
        if (perWindowStep.length != starts.length) {
            throw new IllegalArgumentException(perWindowStep.length + " windows given, " + starts.length + " planned");
        }
        double[] out = new double[length];
        double[] buf = new double[starts.length];
        int lo = 0;     // first window that may still cover the point
        for (int i = 0; i < length; i++) {
            while (lo < starts.length && starts[lo] + window <= i) {
                lo++;
            }
            int n = 0;
            for (int w = lo; w < starts.length && starts[w] <= i; w++) {
                if (starts[w] + window > i) {
                    buf[n++] = perWindowStep[w][i - starts[w]];
                }
            }
            java.util.Arrays.sort(buf, 0, n);
            out[i] = n % 2 == 1 ? buf[n / 2] : (buf[n / 2 - 1] + buf[n / 2]) / 2;
        }
        return out;
    }
}
