package dev.seqae.service;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.retraining.RetrainingPlan;
import dev.seqae.retraining.RetrainingScheduler;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import dev.seqae.service.api.Retraining;
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
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/models/{name}/retraining}: a model's retraining plan, whether a run is queued or
 * running (with its epoch), the next scheduled time and the last runs with their outcome and
 * figures; {@code POST} queues a run now (API key).
 */
@Tag(name = "retraining")
@Controller("/api/v1/models")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RetrainingController {
    private final ModelRegistry registry;
    private final RetrainingScheduler scheduler;
    private final ApiKeys keys;
    private final boolean schedulerEnabled;

    public RetrainingController(ModelRegistry registry, RetrainingScheduler scheduler, ApiKeys keys,
                                @Value("${seqae.retraining.enabled:true}") boolean schedulerEnabled) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.keys = keys;
        this.schedulerEnabled = schedulerEnabled;
    }

    /** The plan, state, next run and the last {@code limit} (default 10, at most 200) runs, newest first. */
    @Operation(operationId = "getRetraining", summary = "A model's retraining plan, state and recent runs")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Errors.Conflict
    @Get("/{name}/retraining")
    public Retraining.Status status(@PathVariable String name, @Nullable @QueryValue Integer limit) throws IOException {
        int n = limit == null ? 10 : limit;
        if (n < 1 || n > 200) {
            throw new InvalidInputException("limit must be in 1..200, got " + n);
        }
        registry.versions(name);                    // 404 for an unknown model
        var status = scheduler.status(name);
        Retraining.Plan plan = null;
        String state = null;
        String nextRun = null;
        Retraining.Epoch epoch = null;
        if (status.isPresent()) {
            RetrainingPlan p = status.get().plan();
            plan = new Retraining.Plan(p.schedule().toString(), p.zone().getId(), p.enabled(), p.source().describe(),
                    p.holdout(), p.tolerance(), p.labelled() == null ? null : p.labelled().description(),
                    p.labelled() == null ? null : p.f1Tolerance(), p.minRecords(), p.epochs(), p.threads());
            state = status.get().state().name().toLowerCase(Locale.ROOT);
            nextRun = schedulerEnabled && status.get().nextRun() != null
                    ? status.get().nextRun().toOffsetDateTime().toString() : null;
            var e = status.get().epoch();
            epoch = e == null ? null : new Retraining.Epoch(e.epoch(), e.maxEpochs(), e.trainLoss());
        }
        return new Retraining.Status(name, registry.activeVersion(name), schedulerEnabled, status.isPresent(), plan,
                state, nextRun, epoch, registry.runs(name, n));
    }

    /** Queues a run of the model's plan now (202); 409 when it has no plan or a run is already queued or running. */
    @Operation(operationId = "runRetraining", summary = "Queue a retraining run of the model's plan now")
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Errors.Conflict
    @Errors.NeedsKey
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.ACCEPTED)
    @Post("/{name}/retraining")
    public HttpResponse<Retraining.Queued> runNow(@PathVariable String name,
                                                    @Parameter(hidden = true) @Nullable @Header(ApiKeys.HEADER) String key)
        throws IOException {
        keys.requireForChanges(key);
        registry.versions(name);
        if (scheduler.plan(name).isEmpty()) {
            throw new ApiException(409, "model '" + name + "' has no retraining plan (configure "
                    + RetrainingConfig.PREFIX + "." + name + ", see docs/retraining.md)");
        }
        try {
            scheduler.runNow(name, "api");
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        }
        return HttpResponse.accepted().body(new Retraining.Queued(name, "queued",
                "/api/v1/models/" + name + "/retraining"));
    }
}
