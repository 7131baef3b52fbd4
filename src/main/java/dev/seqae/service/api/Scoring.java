package dev.seqae.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The bodies of scoring, encoding, reconstruction and denoising. */
public final class Scoring {
    private Scoring() {
    }

    /** The sequences of a score, encode, reconstruct or project request (JSON; the same as CSV with {@code text/csv}). */
    @Schema(name = "SequencesRequest", description = "sequences, each an array of steps, each step an array of the "
            + "model's features (a univariate step may be a bare number)")
    public record SequencesRequest(
            @Schema(description = "sequences[i][t][f]", ref = "#/components/schemas/Sequences") List<Object> sequences) {
    }

    /** The threshold an answer used. */
    @Schema(name = "ThresholdUsed")
    public record ThresholdUsed(@Schema(description = "percentile, gaussian, mean-k-sigma, pot or dynamic")
                                String strategy, double value) {
    }

    /** One scored sequence. */
    @Schema(name = "SequenceScore")
    public record SequenceScore(
            double score,
            boolean isAnomaly,
            @Schema(description = "each feature's share of the error, largest first") Map<String, Double> featureShares,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "with ?detail=steps: the score of each step", ref = "#/components/schemas/Vector")
            double[] stepScores,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "with ?detail=steps: squared error per step and feature",
                    ref = "#/components/schemas/Matrix") float[][] squaredErrors) {
    }

    /** The answer of score. */
    @Schema(name = "ScoreAnswer")
    public record ScoreAnswer(String model, int version, ThresholdUsed threshold,
                              @Schema(description = "how many sequences are above the threshold") int anomalies,
                              List<SequenceScore> results) {
    }

    /** The answer of encode. */
    @Schema(name = "EncodeAnswer")
    public record EncodeAnswer(String model, int version, int latentSize,
                               @Schema(description = "one latent vector per sequence", ref = "#/components/schemas/Matrix")
                               List<float[]> latents) {
    }

    /** The answer of reconstruct. */
    @Schema(name = "ReconstructAnswer")
    public record ReconstructAnswer(String model, int version, boolean freeRunning,
                                    @Schema(description = "reconstructions[i][t][f], in the input's units",
                                            ref = "#/components/schemas/Matrices") List<float[][]> reconstructions) {
    }

    /** A denoise request: sequences, or one series denoised window by window. */
    @Schema(name = "DenoiseRequest", description = "either sequences, or values (one series) with an optional stride")
    public record DenoiseRequest(@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                                         ref = "#/components/schemas/Sequences")
                                 List<Object> sequences,
                                 @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                                         description = "one series: values[t][f]", ref = "#/components/schemas/Steps")
                                 List<Object> values,
                                 @Nullable @Schema(description = "window stride for a series (default the model's)")
                                 Integer stride) {
    }

    /** The answer of denoise. */
    @Schema(name = "DenoiseAnswer")
    public record DenoiseAnswer(String model, int version,
                                @Schema(description = "whether the model was trained to denoise") boolean denoising,
                                @JsonInclude(JsonInclude.Include.NON_NULL)
                                @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                                        description = "the denoised series, when values were sent",
                                        ref = "#/components/schemas/Matrix") float[][] values,
                                @JsonInclude(JsonInclude.Include.NON_NULL)
                                @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                                        description = "the denoised sequences, when sequences were sent",
                                        ref = "#/components/schemas/Matrices") List<float[][]> sequences) {
    }
}
