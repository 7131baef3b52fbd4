package dev.seqae.service;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/jobs}: training jobs' state and progress; {@code DELETE} cancels (API key). */
@Controller("/api/v1/jobs")
public class JobsController {
    private final TrainingJobs jobs;
    private final ApiKeys keys;

    public JobsController(TrainingJobs jobs, ApiKeys keys) {
        this.jobs = jobs;
        this.keys = keys;
    }

    /** Every job, newest first. */
    @Get
    public Map<String, List<TrainingJobs.View>> list() {
        return Map.of("jobs", jobs.list());
    }

    /** State, epoch, losses, sequences/s and ETA of one job. */
    @Get("/{id}")
    public TrainingJobs.View get(@PathVariable String id) {
        return jobs.get(id);
    }

    /** Cancels a queued or running job (a running one stops between minibatches and publishes nothing). */
    @Delete("/{id}")
    public TrainingJobs.View cancel(@PathVariable String id, @Nullable @Header(ApiKeys.HEADER) String key) {
        keys.requireForChanges(key);
        return jobs.cancel(id);
    }
}
