package dev.seqae.service;

import io.micronaut.core.annotation.Nullable;
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
import io.micronaut.http.annotation.QueryValue;
import dev.seqae.errors.InvalidInputException;

/** {@code /api/v1/jobs}: training jobs' state and progress; {@code DELETE} cancels (API key). */
@Tag(name = "jobs")
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
    @Operation(operationId = "listJobs", summary = "Training jobs, newest first, a page at a time")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
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
    @Operation(operationId = "getJob", summary = "One training job")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.NotFound
    @Get("/{id}")
    public TrainingJobs.View get(@PathVariable String id) {
        return jobs.get(id);
    }

    /** Cancels a queued or running job (a running one stops between minibatches and publishes nothing). */
    @Operation(operationId = "cancelJob", summary = "Cancel a queued or running training job")
    @Errors.Api
    @Errors.NotFound
    @Errors.Conflict
    @Errors.NeedsKey
    @Delete("/{id}")
    public TrainingJobs.View cancel(@PathVariable String id,
                                    @Parameter(hidden = true) @Nullable @Header(ApiKeys.HEADER) String key) {
        keys.requireForChanges(key);
        return jobs.cancel(id);
    }
}
