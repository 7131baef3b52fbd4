package dev.seqae.live;

import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.errors.InvalidInputException;

/**
 * How a stream is detected.
 *
 * @param stride      points between scored windows: a window of the model's length ends at every
 *                    {@code stride}-th point, and its last {@code stride} steps score the points
 *                    that have none yet (1: every point is scored as it arrives)
 * @param smoothing   span of the exponentially weighted moving average of the point scores, in
 *                    points (1: none); causal, as {@code seqae detect --smoothing}
 * @param strategy    the threshold strategy (null: the model's default)
 * @param localWindow 0: the model's point threshold; otherwise the threshold is refitted with
 *                    {@code strategy} on the last {@code localWindow} smoothed scores of the stream
 *                    (the model's is used until half of them are there)
 * @param localStep   points between refits (null: a tenth of {@code localWindow})
 * @param openAfter   consecutive points above the threshold before an anomaly opens
 * @param closeAfter  consecutive points below the threshold before an open anomaly closes
 */
public record LiveSettings(int stride, int smoothing, ThresholdStrategy strategy, int localWindow, Integer localStep,
                           int openAfter, int closeAfter) {

    public LiveSettings {
        check(stride >= 1, "stride must be >= 1, got " + stride);
        check(smoothing >= 1, "smoothing must be >= 1, got " + smoothing);
        check(localWindow == 0 || localWindow >= 2, "local_window must be 0 or >= 2, got " + localWindow);
        check(localStep == null || localStep >= 1, "local_step must be >= 1, got " + localStep);
        check(localStep == null || localWindow > 0, "local_step needs local_window");
        check(openAfter >= 1, "open_after must be >= 1, got " + openAfter);
        check(closeAfter >= 1, "close_after must be >= 1, got " + closeAfter);
    }

    /** Every point scored, no smoothing, the model's threshold, open and close on one point. */
    public static LiveSettings defaults() {
        return new LiveSettings(1, 1, null, 0, null, 1, 1);
    }

    /** Points between threshold refits. */
    public int refitEvery() {
        return localStep != null ? localStep : Math.max(1, localWindow / 10);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }
}
