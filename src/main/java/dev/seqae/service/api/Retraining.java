package dev.seqae.service.api;

import dev.seqae.retraining.RetrainingRun;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The bodies of a model's retraining plan and runs. */
public final class Retraining {
    private Retraining() {
    }

    /** A retraining plan as configured. */
    @Schema(name = "RetrainingPlan", nullable = true)
    public record Plan(String schedule, String zone, boolean enabled,
                       @Schema(description = "where the training data comes from") String window, double holdout,
                       double tolerance, @Nullable String labelled, @Nullable Double f1Tolerance, int minRecords,
                       @Nullable @Schema(description = "null: the model's own setting") Integer epochs,
                       int threads) {
    }

    /** The epoch a running retraining is at. */
    @Schema(name = "RetrainingEpoch", nullable = true)
    public record Epoch(int epoch, int maxEpochs, double trainLoss) {
    }

    /** A model's retraining: plan, state, next run, recent runs. */
    @Schema(name = "RetrainingStatus")
    public record Status(String model, @Nullable Integer activeVersion, boolean schedulerEnabled, boolean planned,
                         @Schema(description = "null: no plan") Plan plan,
                         @Nullable @Schema(description = "idle, queued or running") String state,
                         @Nullable String nextRun,
                         @Schema(description = "null: not running") Epoch epoch,
                         @Schema(description = "the newest runs first") List<RetrainingRun> lastRuns) {
    }

    /** A run queued by POST. */
    @Schema(name = "RetrainingQueued")
    public record Queued(String model, String state, @Schema(description = "where to follow it") String status) {
    }
}
