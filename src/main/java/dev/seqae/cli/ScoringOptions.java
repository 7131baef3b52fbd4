package dev.seqae.cli;

import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.model.Options;
import picocli.CommandLine.Option;

/** The scoring options shared by {@code score} and {@code detect}: which threshold, and the window stride. */
final class ScoringOptions {
    @Option(names = "--threshold", description = "percentile, mean-k-sigma, gaussian, pot or dynamic (default: the model's)")
    String threshold;

    @Option(names = "--stride", description = "time series: window stride for scoring (default ${DEFAULT-VALUE})",
            defaultValue = "1")
    int stride;

    /** The chosen strategy, or null for the model's default. */
    ThresholdStrategy strategy() {
        return threshold == null ? null : Options.parseEnum(ThresholdStrategy.class, "--threshold", threshold);
    }
}
