package dev.seqae.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The bodies of the latent-space projection. */
public final class Latent {
    private Latent() {
    }

    /** One projected sequence. */
    @Schema(name = "ProjectedRow")
    public record ProjectedRow(@Schema(description = "its index in the request") int index, String id,
                               @Nullable String label, double score, boolean isAnomaly,
                               @JsonInclude(JsonInclude.Include.NON_NULL)
                               @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                                       description = "with ?latent=true: its latent vector",
                                       ref = "#/components/schemas/Vector") float[] latent,
                               double[] coordinates) {
    }

    /** The answer of project. */
    @Schema(name = "ProjectionAnswer")
    public record ProjectionAnswer(@Schema(description = "pca or tsne") String method,
                                   @Schema(description = "sequences sent") int points,
                                   @Schema(description = "sequences projected (t-SNE samples down to max_points)")
                                   int projected, @Nullable String note,
                                   @Nullable @Schema(description = "PCA: each axis' share of the variance")
                                   double[] explainedVariance,
                                   @Nullable @Schema(description = "t-SNE: the final KL cost") Double cost,
                                   List<ProjectedRow> rows, String model) {
    }

    /** One row of a latent export with ?format=json (the CSV has the same columns, the latent as z0..zK). */
    @Schema(name = "LatentRow")
    public record LatentRow(String id, @Nullable String label, double score, boolean isAnomaly,
                            @Schema(ref = "#/components/schemas/Vector") float[] latent) {
    }
}
