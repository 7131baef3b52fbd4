package dev.seqae.cli;

import picocli.CommandLine.Option;

/** How point scores become decisions, shared by {@code detect} and {@code stream}: smoothing and local thresholds. */
final class DetectionOptions {
    @Option(names = "--smoothing", description = "EWMA span of the point scores in points, 1 = none "
            + "(default ${DEFAULT-VALUE})", defaultValue = "1")
    int smoothing;

    @Option(names = "--local-window", description = "refit the threshold (--threshold, default the model's) on "
            + "local windows of this many points of the smoothed scores of this series, as telemanom does (causal "
            + "detection: on the last this many); 0 = use the threshold fitted at training (default ${DEFAULT-VALUE})",
            defaultValue = "0")
    int localWindow;

    @Option(names = "--local-step", description = "points between local windows (default: a tenth of "
            + "--local-window)")
    Integer localStep;
}
