package dev.seqae.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import dev.seqae.service.api.CsvQuery;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.seqae.service.api.Errors;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import java.util.Set;

/**
 * {@code GET /prometheus}: the meters in Prometheus' text format 0.0.4, or in OpenMetrics 1.0.0
 * when the scraper's {@code Accept} prefers {@code application/openmetrics-text} (Prometheus itself
 * asks so). The answer's {@code Content-Type} is one of these two exactly, whatever the
 * {@code Accept} parameters were; any other {@code Accept} gets the text format, never a 406.
 */
@Tag(name = "operations")
@Controller("/prometheus")
public class PrometheusController {
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry prometheus;
    private final ServiceMetrics metrics;

    public PrometheusController(PrometheusMeterRegistry prometheus, ServiceMetrics metrics) {
        this.prometheus = prometheus;
        this.metrics = metrics;
    }

    /** One scrape. */
    @dev.seqae.service.api.Errors.Open
    @dev.seqae.service.api.Errors.Refusals
    @Operation(operationId = "scrapeMetrics", summary = "The meters, in Prometheus text or OpenMetrics by Accept")
    @ApiResponse(responseCode = "200", description = "one scrape", content = {@Content(mediaType = "text/plain",
            schema = @Schema(type = "string")), @Content(mediaType = "application/openmetrics-text",
            schema = @Schema(type = "string"))})
    @Get(produces = {"text/plain", "application/openmetrics-text"})
    public HttpResponse<String> scrape(@Nullable @Header("Accept") String accept) {
        metrics.refresh();
        String type = prefersOpenMetrics(accept) ? OPENMETRICS : TEXT;
        return HttpResponse.ok(prometheus.scrape(type)).header("Content-Type", type);
    }

    /** Whether {@code accept} ranks OpenMetrics above the text format (a tie goes to the text format). */
    static boolean prefersOpenMetrics(String accept) {
        MediaTypes.Rank open = MediaTypes.rank(accept, Set.of("application/openmetrics-text"));
        MediaTypes.Rank text = MediaTypes.rank(accept, Set.of("text/plain", "text/*", "*/*"));
        return open.quality() > text.quality();
    }
}
