package dev.seqae.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.model.ModelFile;
import dev.seqae.model.Options;
import dev.seqae.model.SeqAutoencoderModel;
import io.micronaut.context.annotation.Value;
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
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/models}: the models themselves — list, describe, versions, promote, rollback,
 * delete, and training jobs that add versions. Inference is {@link ModelController}'s.
 */
@Tag(name = "models")
@Controller("/api/v1/models")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ModelsController {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelRegistry registry;
    private final Requests.Limits limits;
    private final ApiKeys keys;
    private final TrainingJobs jobs;
    private final Path dataDir;

    private final TrainingLimits training;
    private final ServiceMetrics metrics;

    public ModelsController(ModelRegistry registry, Requests.Limits limits, ApiKeys keys, TrainingJobs jobs,
                            @Value("${seqae.data-dir:datasets}") String dataDir, TrainingLimits training,
                            ServiceMetrics metrics) {
        this.metrics = metrics;
        this.training = training;
        this.registry = registry;
        this.limits = limits;
        this.keys = keys;
        this.jobs = jobs;
        this.dataDir = Path.of(dataDir);
    }

    /** Every version of a model: number, status (candidate, active, retired, rejected), reason, trigger, metrics. */
    @Operation(operationId = "listVersions", summary = "A model's versions")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Errors.Conflict
    @Errors.Conditional
    @Get("/{name}/versions")
    public Models.VersionList versions(@PathVariable String name)
            throws IOException {
        List<Models.ModelVersion> versions = registry.versions(name).stream().map(v -> new Models.ModelVersion(
                v.version(), v.status().name(), v.reason(), v.trigger(), v.createdAt(), v.metrics())).toList();
        return new Models.VersionList(name, registry.activeVersion(name), versions);
    }

    /** Makes version {@code v} the active one (API key); requests in flight finish on the old one. */
    @Operation(operationId = "promoteVersion", summary = "Make a version the active one")
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Errors.Conflict
    @Errors.NeedsKey
    @Post("/{name}/versions/{v}/promote")
    public Models.ActiveVersion promote(@PathVariable String name, @PathVariable int v,
                                        @Parameter(hidden = true) @Nullable @Header(ApiKeys.HEADER) String key)
        throws IOException {
        keys.requireForChanges(key);
        registry.promote(name, v);
        return new Models.ActiveVersion(name, v);
    }

    /** Makes the previously active version active again (API key). */
    @Operation(operationId = "rollback", summary = "Make the previously active version active again")
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Errors.Conflict
    @Errors.NeedsKey
    @Post("/{name}/rollback")
    public Models.ActiveVersion rollback(@PathVariable String name,
                                         @Parameter(hidden = true) @Nullable @Header(ApiKeys.HEADER) String key)
            throws IOException {
        keys.requireForChanges(key);
        registry.versions(name);                    // 404 for an unknown model
        try {
            return new Models.ActiveVersion(name, registry.rollback(name));
        } catch (dev.seqae.errors.InvalidInputException e) {
            // nothing to roll back to: the model's state, not the request, is in the way
            throw new ApiException(409, e.getMessage());
        }
    }

    /** Deletes a model (its file too); needs the API key. */
    @Operation(operationId = "deleteModel", summary = "Delete a model and its versions")
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Errors.NeedsKey
    @Delete("/{name}")
    public Models.Deleted delete(@PathVariable String name,
                                 @Parameter(hidden = true) @Nullable @Header(ApiKeys.HEADER) String key)
            throws IOException {
        keys.requireForChanges(key);
        registry.remove(name);
        metrics.forget(name);
        return new Models.Deleted(name);
    }

    /**
     * Queues a training job for model {@code name} (a new one, or a replacement: the old model
     * keeps answering until the new one is published): 202 with the job, to follow at
     * {@code /api/v1/jobs/{id}}. Needs the API key. Body: {@link TrainingRequests}.
     */
    @Operation(operationId = "trainModel", summary = "Queue a training job for a model (new or replacing)")
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Errors.WithBody
    @Errors.Heavy
    @Errors.NeedsKey
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.ACCEPTED)
    @ApiResponse(responseCode = "202", description = "queued; follow it at the Location", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrainingJobs.View.class)),
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Location", description = "the job",
                    schema = @Schema(type = "string")))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = dev.seqae.service.api.Training.TrainRequest.class)))
    @Post(value = "/{name}/train", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<TrainingJobs.View> train(@PathVariable String name, @Nullable @Body String body,
                                                 @Parameter(hidden = true) @Nullable @Header(ApiKeys.HEADER) String key) {
        keys.requireForChanges(key);
        ModelRegistry.checkName(name);
        TrainingRequests.Parsed p = TrainingRequests.parse(Requests.json(body), dataDir, limits, training);
        TrainingJobs.View job = jobs.submit(name, p.config(), p.data(), p.description(), p.threads());
        return HttpResponse.accepted().header("Location", "/api/v1/jobs/" + job.id()).body(job);
    }

    /** Every loaded model, a line each; files that failed to load are listed with the reason. */
    @Operation(operationId = "listModels", summary = "The served models, and files that did not load")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.Conditional
    @Get
    public Models.ModelList list() {
        List<Models.ModelRow> models = new ArrayList<>();
        for (String name : registry.names()) {
            var active = registry.active(name).orElse(null);
            if (active == null) {
                continue;   // deleted since names() was read
            }
            SeqAutoencoderModel m = active.model();
            models.add(new Models.ModelRow(name, active.version(), m.features(), List.of(m.featureNames()),
                    m.config().window() > 0 ? "time series (window " + m.config().window() + ")" : "sequences",
                    m.config().decoder().name().toLowerCase(Locale.ROOT), m.latentWidth(), m.bidirectional(),
                    m.config().predictionWeight(), Options.display(m.config().anomaly().strategy()),
                    m.provenance().trainedAt() == null ? null : m.provenance().trainedAt().toString(),
                    m.config().seed(), active.recipe() == null ? null : active.recipe().recipe().name()));
        }
        return new Models.ModelList(models, registry.failures());
    }

    /**
     * The model's manifest: configuration, normaliser, thresholds, provenance, and the detection
     * recipe it was trained with (as {@code seqae info}).
     */
    @Operation(operationId = "describeModel", summary = "A model's manifest and recipe")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Errors.Conditional
    @Get("/{name}")
    public Models.ModelDescription describe(@PathVariable String name)
            throws Exception {
        var active = registry.require(name);
        JsonNode manifest = SnakeCase.of(JSON.readTree(ModelFile.toJson(ModelFile.stateOf(active.model()))));
        // the detection recipe the model was trained with, as seqae info shows it (null: none)
        JsonNode recipe = active.recipe() == null ? null : SnakeCase.of(JSON.valueToTree(active.recipe().saved()));
        return new Models.ModelDescription(name, JSON.convertValue(manifest, MAP),
                recipe == null ? null : JSON.convertValue(recipe, MAP));
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };
}
