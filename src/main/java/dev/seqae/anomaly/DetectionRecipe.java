package dev.seqae.anomaly;

import dev.seqae.errors.InvalidInputException;
import java.util.List;

/**
 * Interval detection whose windows scale with the series, as the Orion benchmark sets it up for
 * signals of any length: EWMA smoothing over a fraction of the series, thresholds refitted on
 * local windows that are a fraction of the series (or the threshold fitted at training when that
 * fraction is 0), padding, and telemanom pruning.
 *
 * @param smoothingFraction EWMA span as a fraction of the series length (at least 1 point)
 * @param padding           points added on each side of an interval
 * @param pruneRatio        telemanom's minimum relative decrease between neighbouring peaks
 * @param strategy          the threshold strategy refitted on local windows (null: the model's)
 * @param windowFraction    local window as a fraction of the series length, in (0, 1]; 0 = no
 *                          local refit, use the threshold fitted at training
 * @param stepFraction      step between local windows as a fraction of the local window, in (0, 1]
 */
public record DetectionRecipe(double smoothingFraction, int padding, double pruneRatio, ThresholdStrategy strategy,
                              double windowFraction, double stepFraction) {

    public DetectionRecipe {
        if (!(smoothingFraction >= 0 && smoothingFraction < 1)) {
            throw new InvalidInputException("smoothing fraction must be in [0, 1), got " + smoothingFraction);
        }
        if (!(windowFraction >= 0 && windowFraction <= 1)) {
            throw new InvalidInputException("local window fraction must be in [0, 1], got " + windowFraction);
        }
        if (!(stepFraction > 0 && stepFraction <= 1)) {
            throw new InvalidInputException("local step fraction must be in (0, 1], got " + stepFraction);
        }
        new IntervalDetector(1, padding, 1, pruneRatio);   // validates padding and pruneRatio
    }

    /** The interval detector for a series of {@code length} points. */
    public IntervalDetector detector(int length) {
        return new IntervalDetector(Math.max(1, (int) Math.round(smoothingFraction * length)), padding, 1, pruneRatio);
    }

    /**
     * Intervals of {@code scores}; {@code config} carries the strategies' parameters (k, alpha, ...)
     * and the model's default strategy, {@code fitted} the threshold fitted at training (used when
     * {@link #windowFraction} is 0).
     */
    public List<Interval> detect(double[] scores, AnomalyConfig config, double fitted) {
        IntervalDetector d = detector(scores.length);
        if (windowFraction == 0 || scores.length < 2) {
            return d.detect(scores, fitted);
        }
        int window = Math.max(2, (int) Math.ceil(windowFraction * scores.length));
        int step = Math.max(1, (int) Math.ceil(stepFraction * window));
        return d.detectLocal(scores, strategy != null ? strategy : config.strategy(), config, window, step);
    }
}
