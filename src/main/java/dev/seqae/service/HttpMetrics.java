package dev.seqae.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * {@code http_server_requests_seconds}: every answer timed (to its headers; a streamed body goes on
 * after) by method, route and status, on the buckets of {@link ServiceMetrics.Latency}. The
 * {@code uri} tag is the route's template ({@code /api/v1/models/{name}/score}) whenever a route
 * matched — also for the 404 of an unknown model — and {@code UNMATCHED} only when no route did,
 * so that a client probing random paths cannot create series. Replaces Micronaut's web binder
 * (which labels every 404 {@code NOT_FOUND} and uses 69 buckets per series).
 */
@ServerFilter("/**")
public class HttpMetrics {
    private static final String START = "seqae.metrics.start";
    private final MeterRegistry meters;

    public HttpMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @RequestFilter
    public void start(HttpRequest<?> request) {
        request.setAttribute(START, System.nanoTime());
    }

    @ResponseFilter
    public void stop(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Long start = request.getAttribute(START, Long.class).orElse(null);
        if (start == null) {
            return;
        }
        String uri = BasicHttpAttributes.getUriTemplate(request).orElse("UNMATCHED");
        int status = response.code();
        Timer.builder("http.server.requests").description("HTTP requests by method, route and status, to the answer's "
                        + "headers").tag("method", request.getMethodName()).tag("uri", uri)
                .tag("status", String.valueOf(status)).tag("outcome", outcome(status))
                .serviceLevelObjectives(ServiceMetrics.Latency.BUCKETS).register(meters)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static String outcome(int status) {
        return status < 200 ? "INFORMATIONAL" : status < 300 ? "SUCCESS" : status < 400 ? "REDIRECTION"
                : status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
    }
}
