package dev.seqae.evaluation;

import dev.seqae.anomaly.Metrics;

/**
 * One signal's result in a time-series suite.
 *
 * @param category          the group its counts are summed in (NAB category, spacecraft, ...)
 * @param signal            its name
 * @param points            points scored
 * @param labelledWindows   labelled anomalous ranges that fall inside the scored points
 * @param detectedIntervals intervals detected
 * @param segments          overlap-segment counts
 * @param pointPrecision    of the points inside detected intervals against the labelled points
 * @param pointRecall       idem
 * @param pointF1           idem
 * @param rocAuc            of the point scores (NaN without labelled points)
 * @param prAuc             average precision of the point scores (NaN without labelled points)
 * @param seconds           wall time, training included
 * @param detected          the detected intervals on the data's time axis, with their scores (what
 *                          {@code segments} counted)
 * @param timeAxis          how to write the time axis: {@code "datetime"} (seconds since the epoch,
 *                          written as {@code yyyy-MM-dd HH:mm:ss}) or {@code "index"} (points)
 */
public record SignalResult(String category, String signal, int points, int labelledWindows, int detectedIntervals,
                           Metrics.SegmentCounts segments, double pointPrecision, double pointRecall, double pointF1,
                           double rocAuc, double prAuc, double seconds, java.util.List<dev.seqae.anomaly.TimeSpan> detected,
                           String timeAxis) {
}
