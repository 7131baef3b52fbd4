package dev.seqae.service;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import dev.seqae.errors.InvalidInputException;

/** {@code /api/v1/jobs}: training jobs' state and progress; {@code DELETE} cancels (API key). */
@Controller("/api/v1/jobs")
@io.micronaut.scheduling.annotation.ExecuteOn(io.micronaut.scheduling.TaskExecutors.BLOCKING)
public class JobsController {
    private final TrainingJobs jobs;
    private final ApiKeys keys;

    public JobsController(TrainingJobs jobs, ApiKeys keys) {
        this.jobs = jobs;
        this.keys = keys;
    }

    /** Jobs a page holds when the request does not say. */
    static final int DEFAULT_PAGE = 50;

    /**
     * A page of jobs, newest first ({@code limit}: 1 to 200, default 50); {@code next_cursor} is
     * the {@code cursor} of the next page, null on the last. Jobs are kept across restarts.
     */
    @Get
    public TrainingJobs.Page list(@Nullable @QueryValue String limit, @Nullable @QueryValue String cursor) {
        int n = DEFAULT_PAGE;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("limit: '" + limit + "' is not a whole number (1 to "
                        + TrainingJobs.MAX_PAGE + ")");
            }
        }
        return jobs.list(n, cursor);
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
