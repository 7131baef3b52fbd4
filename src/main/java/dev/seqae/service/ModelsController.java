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
import io.micronaut.http.annotation.Controller;
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
    @Get("/{name}/versions")
    public Map<String, Object> versions(@PathVariable String name, @Nullable @Header(ApiKeys.HEADER) String key)
            throws IOException {
        keys.requireForScoring(key);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", name);
        out.put("active", registry.activeVersion(name));
        out.put("versions", registry.versions(name));
        return out;
    }

    /** Makes version {@code v} the active one (API key); requests in flight finish on the old one. */
    @Post("/{name}/versions/{v}/promote")
    public Map<String, Object> promote(@PathVariable String name, @PathVariable int v,
                                       @Nullable @Header(ApiKeys.HEADER) String key) throws IOException {
        keys.requireForChanges(key);
        registry.promote(name, v);
        return Map.of("model", name, "active", v);
    }

    /** Makes the previously active version active again (API key). */
    @Post("/{name}/rollback")
    public Map<String, Object> rollback(@PathVariable String name, @Nullable @Header(ApiKeys.HEADER) String key)
            throws IOException {
        keys.requireForChanges(key);
        return Map.of("model", name, "active", registry.rollback(name));
    }

    /** Deletes a model (its file too); needs the API key. */
    @Delete("/{name}")
    public HttpResponse<Map<String, Object>> delete(@PathVariable String name,
                                                    @Nullable @Header(ApiKeys.HEADER) String key) throws IOException {
        keys.requireForChanges(key);
        registry.remove(name);
        metrics.forget(name);
        return HttpResponse.ok(Map.of("deleted", name));
    }

    /**
     * Queues a training job for model {@code name} (a new one, or a replacement: the old model
     * keeps answering until the new one is published): 202 with the job, to follow at
     * {@code /api/v1/jobs/{id}}. Needs the API key. Body: {@link TrainingRequests}.
     */
    @Post(value = "/{name}/train", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<TrainingJobs.View> train(@PathVariable String name, @Nullable @Body String body,
                                                 @Nullable @Header(ApiKeys.HEADER) String key) {
        keys.requireForChanges(key);
        ModelRegistry.checkName(name);
        TrainingRequests.Parsed p = TrainingRequests.parse(Requests.json(body), dataDir, limits, training);
        TrainingJobs.View job = jobs.submit(name, p.config(), p.data(), p.description(), p.threads());
        return HttpResponse.accepted().header("Location", "/api/v1/jobs/" + job.id()).body(job);
    }

    /** Every loaded model, a line each; files that failed to load are listed with the reason. */
    @Get
    public Map<String, Object> list(@Nullable @Header(ApiKeys.HEADER) String key) {
        keys.requireForScoring(key);
        List<Map<String, Object>> models = new ArrayList<>();
        for (String name : registry.names()) {
            var active = registry.active(name).orElse(null);
            if (active == null) {
                continue;   // deleted since names() was read
            }
            SeqAutoencoderModel m = active.model();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("version", registry.activeVersion(name));
            row.put("features", m.features());
            row.put("feature_names", m.featureNames());
            row.put("kind", m.config().window() > 0 ? "time series (window " + m.config().window() + ")"
                    : "sequences");
            row.put("decoder", m.config().decoder().name().toLowerCase(Locale.ROOT));
            row.put("latent_size", m.latentWidth());
            row.put("bidirectional", m.bidirectional());
            row.put("prediction_heads", m.config().predictionWeight());
            row.put("default_threshold", Options.display(m.config().anomaly().strategy()));
            row.put("trained_at", m.provenance().trainedAt());
            row.put("seed", m.config().seed());
            row.put("recipe", active.recipe() == null ? null : active.recipe().recipe().name());
            models.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models", models);
        out.put("failed_to_load", registry.failures());
        return out;
    }

    /**
     * The model's manifest: configuration, normaliser, thresholds, provenance, and the detection
     * recipe it was trained with (as {@code seqae info}).
     */
    @Get(value = "/{name}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> describe(@PathVariable String name, @Nullable @Header(ApiKeys.HEADER) String key)
            throws Exception {
        keys.requireForScoring(key);
        var active = registry.require(name);
        JsonNode manifest = SnakeCase.of(JSON.readTree(ModelFile.toJson(ModelFile.stateOf(active.model()))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("manifest", manifest);
        // the detection recipe the model was trained with, as seqae info shows it (null: none)
        out.put("recipe", active.recipe() == null ? null : SnakeCase.of(JSON.valueToTree(active.recipe().saved())));
        return HttpResponse.ok(JSON.writeValueAsString(out));
    }
}
