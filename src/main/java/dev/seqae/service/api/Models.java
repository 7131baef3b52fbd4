package dev.seqae.service.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The bodies of the model catalogue: list, description, versions, promotion, deletion. */
public final class Models {
    private Models() {
    }

    /** One served model. */
    @Schema(name = "ModelRow")
    public record ModelRow(String name, int version, int features, List<String> featureNames,
                           @Schema(description = "sequences, or time series (window N)") String kind,
                           @Schema(description = "repeat or conditional") String decoder, int latentSize,
                           boolean bidirectional, double predictionHeads, String defaultThreshold,
                           @Nullable String trainedAt, long seed,
                           @Nullable @Schema(description = "the detection recipe it was trained with") String recipe) {
    }

    /** The model list. */
    @Schema(name = "ModelList")
    public record ModelList(List<ModelRow> models,
                            @Schema(description = "model files or folders that did not load, with the reason")
                            Map<String, String> failedToLoad) {
    }

    /** A model's description: its file's manifest (field names in snake_case) and its recipe. */
    @Schema(name = "ModelDescription")
    public record ModelDescription(
            String name,
            @Schema(description = "the model file's manifest: config, normalizer, scorer, thresholds, provenance",
                    type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
            Map<String, Object> manifest,
            @Nullable @Schema(description = "the detection recipe it was trained with (null: none)", type = "object",
                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> recipe) {
    }

    /** One version of a model. */
    @Schema(name = "ModelVersion")
    public record ModelVersion(int version,
                               @Schema(description = "CANDIDATE, ACTIVE, RETIRED or REJECTED") String status,
                               @Nullable String reason, @Nullable String trigger, @Nullable String createdAt,
                               @Nullable @Schema(type = "object",
                                       additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
                               Map<String, Object> metrics) {
    }

    /** A model's versions. */
    @Schema(name = "ModelVersions")
    public record VersionList(String model, @Nullable Integer active, List<ModelVersion> versions) {
    }

    /** The version a model answers with after a promotion or rollback. */
    @Schema(name = "ActiveVersion")
    public record ActiveVersion(String model, int active) {
    }

    /** The answer of a deletion. */
    @Schema(name = "Deleted")
    public record Deleted(String deleted) {
    }

    /** A dataset of the intake. */
    @Schema(name = "DatasetInfo")
    public record DatasetInfo(String dataset, @Schema(description = "sequences or points") String kind,
                              int features, long records, String createdAt) {
    }

    /** The answer of an append. */
    @Schema(name = "Appended")
    public record Appended(String dataset, String kind, int appended,
                           @Schema(description = "the dataset's records after the commit") long records) {
    }

    /** Records appended to a dataset (JSON; CSV with text/csv). */
    @Schema(name = "RecordsRequest", description = "exactly one of points (time-series points) or sequences")
    public record RecordsRequest(@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "points[t][f]",
                                         ref = "#/components/schemas/Steps") List<Object> points,
                                 @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                                         description = "sequences[i][t][f]", ref = "#/components/schemas/Sequences")
                                 List<Object> sequences) {
    }
}
