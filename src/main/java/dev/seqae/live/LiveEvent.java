package dev.seqae.live;

/**
 * An anomaly opening or closing on a stream.
 *
 * @param kind           opened or closed
 * @param start          the interval's first point (its number in the stream, from 0)
 * @param startTimestamp that point's timestamp
 * @param end            the interval's last point above the threshold (closed), or the point it
 *                       opened at (opened)
 * @param endTimestamp   that point's timestamp
 * @param peak           the highest smoothed score so far
 * @param peakIndex      where
 * @param severity       {@code (peak - threshold at the peak) / (mean + std)} of the smoothed scores
 *                       the stream has had up to this event (telemanom's measure, causal)
 * @param topFeatures    the features by their share of the interval's squared error, largest first
 *                       ({@code name:share;...})
 * @param at             the point whose arrival made the event (the closing one lies
 *                       {@code closeAfter} points after {@code end})
 */
public record LiveEvent(Kind kind, long start, String startTimestamp, long end, String endTimestamp, double peak,
                        long peakIndex, double severity, String topFeatures, long at) {

    /** What happened. */
    public enum Kind { OPENED, CLOSED }
}
