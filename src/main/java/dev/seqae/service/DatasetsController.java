package dev.seqae.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.intake.RecordStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import dev.seqae.service.api.Models;
import io.micronaut.http.annotation.Controller;
import dev.seqae.service.api.CsvQuery;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.seqae.service.api.Errors;
import io.swagger.v3.oas.annotations.Parameter;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/datasets}: durable intake of normal data for retraining. {@code POST
 * /{name}/records} appends {@code {"points": [[...], ...]}} (time-series points) or
 * {@code {"sequences": [...]}} to a named dataset and answers only after the database committed
 * it (API key); {@code GET /{name}} describes it.
 */
@Tag(name = "datasets")
@Controller("/api/v1/datasets")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DatasetsController {
    private final Provider<RecordStore> store;
    private final Requests.Limits limits;
    private final ApiKeys keys;
    private final ServiceMetrics metrics;

    public DatasetsController(Provider<RecordStore> store, Requests.Limits limits, ApiKeys keys,
                              ServiceMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.limits = limits;
        this.keys = keys;
    }

    /**
     * Appends records; 201 with how many were appended and the dataset's total, after the commit.
     * JSON: {@code {"points": ...}} or {@code {"sequences": ...}}; CSV ({@code text/csv}, as the
     * command line reads it): one sequence per row, or a time series whose rows are points —
     * detected, or set with {@code ?layout=rows|timeseries|long}; {@code label_column} (dropped),
     * {@code id_column}, {@code header} and {@code delimiter} as for {@code seqae train}.
     */
    @Operation(operationId = "appendRecords", summary = "Append records to a dataset (committed before the answer)")
    @Errors.Api
    @Errors.BadInput
    @Errors.WithBody
    @Errors.NeedsKey
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Models.RecordsRequest.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    @Post(value = "/{name}/records", consumes = {MediaType.APPLICATION_JSON, ModelController.CSV})
    public HttpResponse<Models.Appended> append(@PathVariable String name, @Nullable @Body String body,
                                                    @Header(value = "Content-Type", defaultValue =
                                                            MediaType.APPLICATION_JSON) String contentType,
                                                    @Nullable @QueryValue String layout,
                                                    @Nullable @QueryValue("label_column") String labelColumn,
                                                    @Nullable @QueryValue("id_column") String idColumn,
                                                    @Nullable @QueryValue String header,
                                                    @Nullable @QueryValue String delimiter,
                                                    @Parameter(hidden = true) @Nullable @Header(ApiKeys.HEADER) String key) {
        keys.requireForChanges(key);
        ModelRegistry.checkDatasetName(name);
        List<float[][]> records;
        RecordStore.Kind kind;
        if (contentType.toLowerCase(java.util.Locale.ROOT).startsWith(ModelController.CSV)) {
            if (body == null || body.isBlank()) {
                throw new InvalidInputException("the request body is empty");
            }
            Map<String, String> given = new LinkedHashMap<>();
            given.put("layout", layout);
            given.put("label_column", labelColumn);
            given.put("id_column", idColumn);
            given.put("header", header);
            given.put("delimiter", delimiter);
            CsvOptions options = Requests.csvOptions(given::get);
            Dataset d = CsvDataReader.read(Requests.requireUtf8(body), "request body", options);
            if (d instanceof TimeSeries ts) {
                kind = RecordStore.Kind.POINTS;
                records = points(Requests.checkSteps(ts.values(), "points", limits));
            } else {
                kind = RecordStore.Kind.SEQUENCES;
                records = Requests.checkSequences(((SequenceSet) d).values(), limits);
            }
        } else {
            JsonNode root = Requests.json(body);
            if (!root.isObject() || root.has("points") == root.has("sequences")) {
                throw new InvalidInputException("the body must be an object with exactly one of 'points' (an array of "
                        + "steps) or 'sequences' (an array of sequences)");
            }
            Requests.requireKnownFields(root, "", List.of("points", "sequences"));
            if (root.has("points")) {
                kind = RecordStore.Kind.POINTS;
                records = points(Requests.steps(root.get("points"), "points", -1, limits));
            } else {
                kind = RecordStore.Kind.SEQUENCES;
                records = Requests.sequences(root, -1, limits);
            }
        }
        long total = store.get().append(name, kind, records);
        metrics.intakeAppended(records.size());
        return HttpResponse.created(new Models.Appended(name, kind.name().toLowerCase(java.util.Locale.ROOT),
                records.size(), total));
    }

    private static List<float[][]> points(float[][] points) {
        List<float[][]> records = new ArrayList<>(points.length);
        for (float[] p : points) {
            records.add(new float[][] {p});
        }
        return records;
    }

    /** Kind, width, record count and creation time of a dataset. */
    @Operation(operationId = "describeDataset", summary = "A dataset's kind, width and record count")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Get("/{name}")
    public Models.DatasetInfo describe(@PathVariable String name) {
        ModelRegistry.checkDatasetName(name);
        RecordStore.Info info = store.get().info(name)
                .orElseThrow(() -> ApiException.notFound("dataset '" + name + "' not found"));
        return new Models.DatasetInfo(info.name(), info.kind().name().toLowerCase(java.util.Locale.ROOT),
                info.features(), info.records(), info.createdAt().toString());
    }
}
