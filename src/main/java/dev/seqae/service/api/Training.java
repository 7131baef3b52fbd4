package dev.seqae.service.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The body of a training request. */
public final class Training {
    private Training() {
    }

    /** Training data inline (sequences, or values of one series) or a dataset file of the data folder, and settings. */
    @Schema(name = "TrainRequest", description = "exactly one of sequences, values or dataset, and the settings")
    public record TrainRequest(
            @Nullable @Schema(description = "the long options of seqae train without dashes: encoder, latent, "
                    + "decoder, epochs, lr, batch, seed, window, threshold, ... (docs/service.md)", type = "object",
                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> config,
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "sequences[i][t][f]",
                    ref = "#/components/schemas/Sequences") List<Object> sequences,
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "one time series: values[t][f] (with config.window)",
                    ref = "#/components/schemas/Steps") List<Object> values,
            @Nullable List<String> featureNames,
            @Nullable @Schema(description = "a CSV file under the service's data folder") String dataset,
            @Nullable @Schema(description = "how to read the dataset: layout, delimiter, header, timestamp_column, "
                    + "value_columns, label_column, id_column, impute, normal_labels", type = "object",
                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> csv) {
    }
}
