package dev.seqae.anomaly;

/**
 * An interval on a series' own time axis (seconds for date-times, point indices otherwise), both
 * ends as given: a labelled anomaly {@code [start, end]} or a detected interval from the time of
 * its first point to the time of its last.
 *
 * @param start first time
 * @param end   last time ({@code >= start})
 * @param score the detection's score (NaN for labels)
 */
public record TimeSpan(double start, double end, double score) {

    public TimeSpan {
        if (!(end >= start)) {
            throw new IllegalArgumentException("time span [" + start + ", " + end + "] ends before it starts");
        }
    }

    /** A labelled span (no score). */
    public static TimeSpan label(double start, double end) {
        return new TimeSpan(start, end, Double.NaN);
    }

    /**
     * Whether the two overlap as Orion's contextual scoring decides it: both taken as
     * {@code [start, end + 1)} and compared strictly, {@code (a.start - (b.end + 1)) ·
     * ((a.end + 1) - b.start) < 0}. On integer axes this is "share at least one point"; on a
     * seconds axis a span starting less than a second after the other ends still overlaps it.
     */
    public boolean overlapsPadded(TimeSpan o) {
        return (start - (o.end + 1)) * ((end + 1) - o.start) < 0;
    }
}
