package dev.seqae.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The bodies of detect. */
public final class Detection {
    private Detection() {
    }

    /** A detect request: one time series and the options of {@code seqae detect}. */
    @Schema(name = "DetectRequest", description = "one time series and the options of seqae detect (a model trained "
            + "with a recipe takes only values, timestamps and points)")
    public record DetectRequest(
            @Schema(description = "values[t][f] (a univariate point may be a bare number)",
                    ref = "#/components/schemas/Steps") List<Object> values,
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "one time stamp per value (numbers or "
                    + "ISO-8601 date-times)", ref = "#/components/schemas/TimeStamps")
            List<Object> timestamps,
            @Nullable @Schema(description = "EWMA span of the point scores", defaultValue = "1") Integer smoothing,
            @Nullable @Schema(defaultValue = "0") Integer padding,
            @Nullable @Schema(defaultValue = "1") Integer minLength,
            @Nullable @Schema(defaultValue = "0") Double prune,
            @Nullable @Schema(description = "0: the threshold fitted at training; >= 2: refitted on local windows",
                    defaultValue = "0") Integer localWindow,
            @Nullable Integer localStep,
            @Nullable @Schema(description = "a threshold strategy fitted at training") String threshold,
            @Nullable @Schema(defaultValue = "1") Integer stride,
            @Schema(description = "true: add the point scores to the answer (false by default)",
                    oneOf = {Boolean.class, String.class}, requiredMode = Schema.RequiredMode.NOT_REQUIRED)
            Object points) {
    }

    /** One anomalous interval: original points, both ends inclusive. */
    @Schema(name = "DetectedInterval")
    public record DetectedInterval(int start, int end, @Nullable String startTimestamp, @Nullable String endTimestamp,
                                   int length, @Nullable Integer peakIndex, double peakScore, double severity,
                                   @JsonInclude(JsonInclude.Include.NON_NULL)
                                   @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                                           description = "each feature's share of the error in the interval")
                                   Map<String, Double> featureShares) {
    }

    /** The answer of detect. */
    @Schema(name = "DetectAnswer")
    public record DetectAnswer(
            String model, int version, int points,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "the recipe the model detects with (models trained with one)") String recipe,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "segments the recipe averaged the series into") Integer segments,
            @Nullable @Schema(description = "the point threshold (null with local_window, or with a recipe)")
            Double pointThreshold,
            @Nullable @Schema(description = "the local window asked for (null: none)") Integer localWindow,
            List<DetectedInterval> intervals,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    ref = "#/components/schemas/Vector")
            double[] pointScores,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    ref = "#/components/schemas/Vector")
            double[] smoothedScores,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    ref = "#/components/schemas/Vector")
            double[] pointThresholds) {
    }
}
