package dev.seqae.service;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.MediaType;
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
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The probes. {@code /health/liveness} answers UP as soon as the port is open (also while the
 * default model trains at first start); {@code /health/readiness} is UP when at least one model
 * serves, otherwise 503 with the reason (training the default model, nothing loaded, shutting
 * down). {@code /health} is both, and its details (models, load failures, jobs, disk) only for a
 * caller with the API key. Any other path under {@code /health} is an ordinary 404.
 */
@Tag(name = "operations")
@Controller("/health")
public class HealthController {
    private final ModelRegistry registry;
    private final TrainingJobs jobs;
    private final Readiness readiness;
    private final ApiKeys keys;

    public HealthController(ModelRegistry registry, TrainingJobs jobs, Readiness readiness, ApiKeys keys) {
        this.registry = registry;
        this.jobs = jobs;
        this.readiness = readiness;
        this.keys = keys;
    }

    /** The answer of a probe: {@code UP} or {@code DOWN}, and why it is down. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "Probe")
    public record Probe(String status, @Nullable String reason) {
    }

    /** {@link Probe} with the details a key holder sees. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "Health")
    public record Health(String status, @Nullable String reason, Details details) {
    }

    /** What a key holder sees of the service's state. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "HealthDetails", nullable = true)
    public record Details(java.util.List<String> models, Map<String, String> failedToLoad, Map<String, Long> jobs,
                          Disk disk) {
    }

    /** The models folder's file system. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "Disk")
    public record Disk(String modelsDir, long freeBytes, long totalBytes) {
    }

    /** UP while the process serves HTTP at all. */
    @Errors.Open
    @Errors.Refusals
    @Operation(operationId = "liveness", summary = "Liveness: UP while the process serves HTTP")
    @Get("/liveness")
    public Probe liveness() {
        return new Probe("UP", null);
    }

    /** UP when a model serves; 503 with the reason otherwise. */
    @Errors.Open
    @Errors.Refusals
    @Operation(operationId = "readiness", summary = "Readiness: UP when a model serves; 503 with the reason")
    @ApiResponse(responseCode = "200", description = "ready", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Probe.class)))
    @ApiResponse(responseCode = "503", description = "not ready, with the reason", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Probe.class)))
    @Get("/readiness")
    public HttpResponse<Probe> readiness() {
        Probe p = probe();
        return HttpResponse.status(status(p)).body(p);
    }

    /** Readiness, with details for a caller that sends the API key. */
    @Errors.KeyWhenRequired
    @Errors.Refusals
    @Operation(operationId = "health", summary = "Readiness, with details for a caller with the key")
    @ApiResponse(responseCode = "200", description = "ready", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Health.class)))
    @ApiResponse(responseCode = "503", description = "not ready, with the reason", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Health.class)))
    @Get
    public HttpResponse<Health> health(@Parameter(hidden = true) @Nullable @Header(ApiKeys.HEADER) String key)
            throws IOException {
        Probe p = probe();
        Details details = keys.accepts(key) ? details() : null;
        return HttpResponse.status(status(p))
                .body(new Health(p.status(), p.reason(), details));
    }

    /** 200 when UP, 503 otherwise. */
    private static HttpStatus status(Probe p) {
        return p.status().equals("UP") ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
    }

    private Probe probe() {
        if (readiness.isStopping()) {
            return new Probe("DOWN", readiness.reason().orElseThrow());
        }
        if (!registry.isEmpty()) {
            return new Probe("UP", null);
        }
        String why = readiness.reason().orElse(registry.failures().isEmpty()
                ? "no model is loaded: add one to the models folder or train one over HTTP"
                : "no model is loaded: " + registry.failures().size() + " failed to load (GET /api/v1/models)");
        return new Probe("DOWN", why);
    }

    private Details details() throws IOException {
        Map<String, Long> byState = new LinkedHashMap<>();
        jobs.counts().forEach((s, n) -> byState.put(s.name().toLowerCase(Locale.ROOT), n));
        FileStore fs = Files.getFileStore(registry.dir());
        return new Details(registry.names(), registry.failures(), byState,
                new Disk(registry.dir().toString(), fs.getUsableSpace(), fs.getTotalSpace()));
    }
}
