package dev.seqae.service.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Parameter;

/**
 * The query parameters that say how a CSV body (or a dataset file) is read, named as the command
 * line's options (docs/data.md); bound with {@code @RequestBean}, so each is documented as a string
 * query parameter. A bad one is a 400 that names it.
 */
@Introspected
public record CsvQuery(
        @Nullable @QueryValue @Parameter(description = "rows, long or timeseries (default: detected)") String layout,
        @Nullable @QueryValue("label_column") @Parameter(description = "a column of labels (dropped from the values)")
        String labelColumn,
        @Nullable @QueryValue("id_column") @Parameter(description = "the sequence id column (long layout)")
        String idColumn,
        @Nullable @QueryValue @Parameter(description = "true, false or auto") String header,
        @Nullable @QueryValue @Parameter(description = "one character (default: detected)") String delimiter,
        @Nullable @QueryValue("timestamp_column") @Parameter(description = "a time-stamp column")
        String timestampColumn,
        @Nullable @QueryValue("value_columns") @Parameter(description = "comma-separated columns to read as values")
        String valueColumns,
        @Nullable @QueryValue @Parameter(description = "how empty cells are filled: none, previous or linear")
        String impute) {

    /** The parameter called {@code name} as the query spells it ({@code label_column}), or null. */
    public String get(String name) {
        return switch (name) {
            case "layout" -> layout;
            case "label_column" -> labelColumn;
            case "id_column" -> idColumn;
            case "header" -> header;
            case "delimiter" -> delimiter;
            case "timestamp_column" -> timestampColumn;
            case "value_columns" -> valueColumns;
            case "impute" -> impute;
            default -> throw new IllegalArgumentException("not a CSV reading parameter: " + name);
        };
    }
}
