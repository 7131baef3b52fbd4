package dev.seqae.anomaly;

/**
 * A run of consecutive points of a time series, by index, both ends inclusive.
 *
 * @param start     first point
 * @param end       last point ({@code >= start})
 * @param peak      the largest score inside (NaN for labelled windows, which have no score)
 * @param peakIndex where the peak is (-1 for labelled windows)
 * @param severity  how far the peak stands above the threshold, in units of the series' typical
 *                  score: {@code (peak - threshold) / (mean + std of all point scores)}, the
 *                  measure NASA's telemanom ranks anomalies by (NaN for labelled windows)
 */
public record Interval(int start, int end, double peak, int peakIndex, double severity) {

    public Interval {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("interval [" + start + ", " + end + "] is empty or negative");
        }
    }

    /** A labelled window (no scores). */
    public static Interval window(int start, int end) {
        return new Interval(start, end, Double.NaN, -1, Double.NaN);
    }

    public int length() {
        return end - start + 1;
    }

    /** True when the two share at least one point. */
    public boolean overlaps(Interval o) {
        return start <= o.end && o.start <= end;
    }

    /**
     * The intervals two detectors agree on: each interval of {@code a} that overlaps one of
     * {@code b}, and each of {@code b} that overlaps one of {@code a}, overlapping ones merged into
     * their span (peak and severity those of the most severe), in time order.
     */
    public static java.util.List<Interval> confirmed(java.util.List<Interval> a, java.util.List<Interval> b) {
        java.util.List<Interval> both = new java.util.ArrayList<>();
        for (Interval x : a) {
            if (b.stream().anyMatch(x::overlaps)) {
                both.add(x);
            }
        }
        for (Interval y : b) {
            if (a.stream().anyMatch(y::overlaps)) {
                both.add(y);
            }
        }
        both.sort(java.util.Comparator.comparingInt(Interval::start));
        java.util.List<Interval> out = new java.util.ArrayList<>();
        for (Interval x : both) {
            Interval last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.overlaps(x)) {
                Interval top = x.severity() > last.severity() ? x : last;
                out.set(out.size() - 1, new Interval(last.start(), Math.max(last.end(), x.end()), top.peak(),
                        top.peakIndex(), top.severity()));
            } else {
                out.add(x);
            }
        }
        return out;
    }

    /** A labelled window in time, both ends inclusive. */
    public record Window(java.time.LocalDateTime start, java.time.LocalDateTime end) {
        /**
         * The points of a series whose times (parsed once by the caller) fall inside, as an index
         * interval, or null when none does.
         */
        public Interval toIndices(java.time.LocalDateTime[] times) {
            int first = -1;
            int last = -1;
            for (int i = 0; i < times.length; i++) {
                if (!times[i].isBefore(start) && !times[i].isAfter(end)) {
                    if (first < 0) {
                        first = i;
                    }
                    last = i;
                }
            }
            return first < 0 ? null : Interval.window(first, last);
        }
    }
}
