package dev.seqae.data;

import dev.seqae.errors.InvalidInputException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Time-segment aggregation, as the Orion pipelines prepare a signal ({@code time_segments_aggregate}
 * of sintel-dev's ml-stars): the time axis is cut into segments of {@code interval} (in the axis'
 * own unit: seconds for date-times, points for a series without time stamps) starting at the first
 * time stamp, and each segment's points are averaged per feature. A segment without points gets
 * NaN values, to be filled by {@link #imputeMean}. Every segment remembers which original points
 * it holds, so that results on segments map back to the original points ({@link #pointsOf}).
 *
 * @param times      the segments' start times, in the time axis' unit
 * @param values     {@code [segments][features]}: the mean of each segment's points (NaN when empty)
 * @param firstPoint per segment: the first original point in it, or -1 when empty
 * @param lastPoint  per segment: the last original point in it, or -1 when empty
 * @param points     the number of original points
 */
public record TimeSegments(double[] times, float[][] values, int[] firstPoint, int[] lastPoint, int points) {

    private static final DateTimeFormatter SPACE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");
    /** Segments allowed per series: a bound on the work (and memory) an interval too small can cause. */
    public static final int MAX_SEGMENTS = 50_000_000;

    /** The segments of a series on an index axis: one per point, unchanged (the identity aggregation). */
    public static TimeSegments identity(float[][] values) {
        double[] times = new double[values.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = i;
        }
        return identity(times, values);
    }

    /** One segment per point, at the points' own times. */
    public static TimeSegments identity(double[] times, float[][] values) {
        int n = values.length;
        if (times.length != n) {
            throw new IllegalArgumentException(times.length + " times for " + n + " points");
        }
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = i;
        }
        float[][] copy = new float[n][];
        for (int i = 0; i < n; i++) {
            copy[i] = values[i].clone();
        }
        return new TimeSegments(times.clone(), copy, first, first.clone(), n);
    }

    /**
     * Aggregates {@code values} (one row per point, time order) whose times are {@code times}
     * (non-decreasing, finite) into segments of {@code interval}: segment {@code k} holds the
     * points with {@code t0 + k·interval <= t < t0 + (k+1)·interval}.
     */
    public static TimeSegments aggregate(String source, double[] times, float[][] values, double interval) {
        if (!(interval > 0) || !Double.isFinite(interval)) {
            throw new InvalidInputException("aggregation interval must be > 0, got " + interval);
        }
        if (times.length != values.length) {
            throw new IllegalArgumentException(times.length + " times for " + values.length + " points");
        }
        if (values.length == 0) {
            throw new InvalidInputException(source + ": no points to aggregate");
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                throw new InvalidInputException(source + ": point " + i + ": time " + times[i] + " is not finite");
            }
            if (i > 0 && times[i] < times[i - 1]) {
                throw new InvalidInputException(source + ": point " + i + ": time " + fmt(times[i])
                        + " is before the previous one (" + fmt(times[i - 1]) + "); times must not decrease");
            }
        }
        double t0 = times[0];
        double span = (times[times.length - 1] - t0) / interval;
        if (span + 1 > MAX_SEGMENTS) {
            throw new InvalidInputException(source + ": an interval of " + fmt(interval) + " cuts the series into "
                    + String.format(Locale.ROOT, "%.0f", span + 1) + " segments (at most " + MAX_SEGMENTS + ")");
        }
        int segments = (int) Math.floor(span) + 1;
        int features = values[0].length;
        double[][] sum = new double[segments][features];
        int[] count = new int[segments];
        int[] first = new int[segments];
        int[] last = new int[segments];
        Arrays.fill(first, -1);
        Arrays.fill(last, -1);
        for (int i = 0; i < times.length; i++) {
            int k = Math.min(segments - 1, (int) Math.floor((times[i] - t0) / interval));
            if (first[k] < 0) {
                first[k] = i;
            }
            last[k] = i;
            count[k]++;
            for (int f = 0; f < features; f++) {
                sum[k][f] += values[i][f];
            }
        }
        double[] starts = new double[segments];
        float[][] means = new float[segments][features];
        for (int k = 0; k < segments; k++) {
            starts[k] = t0 + k * interval;
            for (int f = 0; f < features; f++) {
                means[k][f] = count[k] == 0 ? Float.NaN : (float) (sum[k][f] / count[k]);
            }
        }
        return new TimeSegments(starts, means, first, last, times.length);
    }

    /** The number of segments. */
    public int length() {
        return times.length;
    }

    /** How many segments hold no point (their values are NaN until imputed). */
    public int empty() {
        int n = 0;
        for (int f : firstPoint) {
            n += f < 0 ? 1 : 0;
        }
        return n;
    }

    /** Per feature, the mean over the segments that hold points (what {@link #imputeMean} fills with). */
    public double[] featureMeans() {
        int features = values.length == 0 ? 0 : values[0].length;
        double[] sum = new double[features];
        int n = 0;
        for (float[] v : values) {
            if (Float.isNaN(v[0])) {
                continue;
            }
            for (int f = 0; f < features; f++) {
                sum[f] += v[f];
            }
            n++;
        }
        for (int f = 0; f < features; f++) {
            sum[f] = n == 0 ? 0 : sum[f] / n;
        }
        return sum;
    }

    /**
     * A copy whose empty segments hold {@code means} (per feature; scikit-learn's mean
     * {@code SimpleImputer}, fitted on the training part by the caller).
     */
    public TimeSegments imputeMean(double[] means) {
        float[][] out = new float[values.length][];
        for (int k = 0; k < values.length; k++) {
            out[k] = values[k].clone();
            for (int f = 0; f < out[k].length; f++) {
                if (Float.isNaN(out[k][f])) {
                    out[k][f] = (float) means[f];
                }
            }
        }
        return new TimeSegments(times, out, firstPoint, lastPoint, points);
    }

    /**
     * The original points of segments {@code from..to} (inclusive) as {@code {first, last}}
     * (inclusive), or null when none of them holds a point.
     */
    public int[] pointsOf(int from, int to) {
        int a = -1;
        for (int k = from; k <= to && a < 0; k++) {
            a = firstPoint[k];
        }
        int b = -1;
        for (int k = to; k >= from && b < 0; k--) {
            b = lastPoint[k];
        }
        return a < 0 ? null : new int[] {a, b};
    }

    /**
     * The time axis of a series: its time stamps as seconds since the epoch (UTC for date-times
     * without an offset) when it has them — numbers are taken as they are —, else the point
     * indices {@code 0, 1, 2, …}.
     */
    public static double[] axis(TimeSeries ts) {
        double[] out = new double[ts.length()];
        if (ts.timestamps() == null) {
            for (int i = 0; i < out.length; i++) {
                out[i] = i;
            }
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = seconds(ts.source(), i, ts.timestamps()[i]);
        }
        return out;
    }

    /**
     * The median of the positive steps between consecutive values of a time axis ({@link #axis}):
     * an aggregation interval that keeps one point per segment on regularly sampled data; 1 when
     * no step is positive.
     */
    public static double medianStep(double[] axis) {
        double[] steps = new double[Math.max(0, axis.length - 1)];
        int n = 0;
        for (int i = 1; i < axis.length; i++) {
            double d = axis[i] - axis[i - 1];
            if (d > 0) {
                steps[n++] = d;
            }
        }
        if (n == 0) {
            return 1;
        }
        java.util.Arrays.sort(steps, 0, n);
        return steps[(n - 1) / 2];
    }

    /**
     * A time stamp as seconds: a number as it is, or an ISO-8601 / {@code yyyy-MM-dd HH:mm:ss}
     * date-time, or a date (its midnight, UTC).
     */
    public static double seconds(String source, int point, String stamp) {
        String s = stamp.trim();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException notNumber) {
            // a date-time
        }
        try {
            return LocalDateTime.parse(s, SPACE).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // try ISO forms
        }
        try {
            return LocalDateTime.parse(s).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // with an offset?
        }
        try {
            return OffsetDateTime.parse(s).toEpochSecond();
        } catch (DateTimeParseException e) {
            // a date alone?
        }
        try {
            return java.time.LocalDate.parse(s).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(source + ": point " + point + ": time stamp '" + stamp
                    + "' is neither a number nor a date-time (yyyy-MM-dd HH:mm:ss or ISO-8601)");
        }
    }

    /** Seconds since the epoch as {@code yyyy-MM-dd HH:mm:ss} (UTC). */
    public static String dateTime(double seconds) {
        return LocalDateTime.ofEpochSecond((long) Math.floor(seconds), 0, ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }

    /** Whether a series' timestamps are dates (its first one does not read as a number). */
    public static boolean hasDates(String[] timestamps) {
        if (timestamps == null || timestamps.length == 0) {
            return false;
        }
        try {
            Double.parseDouble(timestamps[0].trim());
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** A time on the data's axis as it is reported: a date with {@code dates}, else the number. */
    public static String time(double t, boolean dates) {
        return dates ? dateTime(t) : t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : Double.toString(v);
    }
}
