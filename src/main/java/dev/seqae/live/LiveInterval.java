package dev.seqae.live;

/**
 * An anomalous interval of a stream: closed, or still open (then its end is the last point above
 * the threshold so far).
 *
 * @param start          its first point (the number of the point in the stream)
 * @param startTimestamp that point's timestamp
 * @param end            its last point above the threshold
 * @param endTimestamp   that point's timestamp
 * @param peak           the highest smoothed score
 * @param peakIndex      where
 * @param severity       {@code (peak - threshold at the peak) / (mean + std)} of the stream's
 *                       smoothed scores up to the close (or up to now)
 * @param topFeatures    the features by their share of the squared error, largest first
 * @param open           whether it is still open
 */
public record LiveInterval(long start, String startTimestamp, long end, String endTimestamp, double peak,
                           long peakIndex, double severity, String topFeatures, boolean open) {

    /** The interval an event describes (a closing one is closed; an opening one, open). */
    public static LiveInterval of(LiveEvent e) {
        return new LiveInterval(e.start(), e.startTimestamp(), e.end(), e.endTimestamp(), e.peak(), e.peakIndex(),
                e.severity(), e.topFeatures(), e.kind() == LiveEvent.Kind.OPENED);
    }

    /** Points from start to end. */
    public long length() {
        return end - start + 1;
    }
}
