package dev.seqae.service;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.retraining.RetrainingPlan;
import dev.seqae.retraining.RetrainingScheduler;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
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
    @Get("/{name}/retraining")
    public Map<String, Object> status(@PathVariable String name, @Nullable @QueryValue Integer limit,
                                      @Nullable @Header(ApiKeys.HEADER) String key) throws IOException {
        keys.requireForScoring(key);
        int n = limit == null ? 10 : limit;
        if (n < 1 || n > 200) {
            throw new InvalidInputException("limit must be in 1..200, got " + n);
        }
        registry.versions(name);                    // 404 for an unknown model
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", name);
        out.put("active_version", registry.activeVersion(name));
        out.put("scheduler_enabled", schedulerEnabled);
        var status = scheduler.status(name);
        out.put("planned", status.isPresent());
        if (status.isPresent()) {
            RetrainingPlan p = status.get().plan();
            Map<String, Object> plan = new LinkedHashMap<>();
            plan.put("schedule", p.schedule().toString());
            plan.put("zone", p.zone().getId());
            plan.put("enabled", p.enabled());
            plan.put("window", p.source().describe());
            plan.put("holdout", p.holdout());
            plan.put("tolerance", p.tolerance());
            plan.put("labelled", p.labelled() == null ? null : p.labelled().description());
            plan.put("f1_tolerance", p.labelled() == null ? null : p.f1Tolerance());
            plan.put("min_records", p.minRecords());
            plan.put("epochs", p.epochs());
            plan.put("threads", p.threads());
            out.put("plan", plan);
            out.put("state", status.get().state().name().toLowerCase(Locale.ROOT));
            out.put("next_run", schedulerEnabled && status.get().nextRun() != null
                    ? status.get().nextRun().toOffsetDateTime().toString() : null);
            var epoch = status.get().epoch();
            out.put("epoch", epoch == null ? null : Map.of("epoch", epoch.epoch(), "max_epochs", epoch.maxEpochs(),
                    "train_loss", epoch.trainLoss()));
        } else {
            out.put("plan", null);
            out.put("state", null);
            out.put("next_run", null);
            out.put("epoch", null);
        }
        out.put("last_runs", registry.runs(name, n));
        return out;
    }

    /** Queues a run of the model's plan now (202); 409 when it has no plan or a run is already queued or running. */
    @Post("/{name}/retraining")
    public HttpResponse<Map<String, Object>> runNow(@PathVariable String name,
                                                    @Nullable @Header(ApiKeys.HEADER) String key) throws IOException {
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
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", name);
        out.put("state", "queued");
        out.put("status", "/api/v1/models/" + name + "/retraining");
        return HttpResponse.accepted().body(out);
    }
}
