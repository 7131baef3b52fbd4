package dev.seqae.cli;

import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.live.LiveSettings;
import picocli.CommandLine.Option;

/** The interval state machine of causal (live) detection: {@code detect --causal} and {@code stream}. */
final class LiveOptions {
    @Option(names = "--open-after", description = "causal: consecutive points above the threshold before an anomaly "
            + "opens (default ${DEFAULT-VALUE})", defaultValue = "1")
    int openAfter;

    @Option(names = "--close-after", description = "causal: consecutive points below the threshold before an open "
            + "anomaly closes (default ${DEFAULT-VALUE})", defaultValue = "1")
    int closeAfter;

    /** The settings of a live stream from these and the scoring and detection options. */
    LiveSettings settings(int stride, ThresholdStrategy strategy, DetectionOptions detection) {
        if (openAfter < 1 || closeAfter < 1) {
            throw new dev.seqae.errors.InvalidInputException((openAfter < 1 ? "--open-after" : "--close-after")
                    + " must be at least 1, got " + Math.min(openAfter, closeAfter));
        }
        return new LiveSettings(stride, detection.smoothing, strategy, detection.localWindow, detection.localStep,
                openAfter, closeAfter);
    }
}
