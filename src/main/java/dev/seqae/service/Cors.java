package dev.seqae.service;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin requests from web pages of other origins: off unless {@code
 * seqae.cors.allowed-origins} lists origins ({@code https://grafana.example.com}); then exactly those
 * get {@code Access-Control-Allow-Origin} (their own origin, never {@code *}), preflights are
 * answered here, and no answer ever allows credentials — the API key is a header a page sets
 * itself, not a cookie. A browser request from any other origin (its {@code Origin} is neither
 * allowed nor the service's own) gets a 403 problem, preflight or not, so that a page elsewhere
 * cannot drive the service through a visitor's browser. This replaces Micronaut's CORS filter
 * (whose defaults allow any origin with credentials, and which refuses with an empty 403).
 */
@ServerFilter("/**")
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
@io.micronaut.context.annotation.Replaces(io.micronaut.http.server.cors.CorsFilter.class)
public class Cors {
    static final String ALLOWED_HEADERS = "Content-Type, X-API-Key, X-Request-ID, traceparent, If-None-Match";
    static final String EXPOSED_HEADERS = "X-Request-ID, ETag, Retry-After, Location";
    static final String METHODS = "GET, POST, PUT, DELETE";
    private final Set<String> origins;

    public Cors(@Nullable @Value("${seqae.cors.allowed-origins:}") List<String> origins) {
        this.origins = origins == null ? Set.of() : origins.stream().map(String::trim).filter(o -> !o.isEmpty())
                .map(Cors::check).collect(Collectors.toUnmodifiableSet());
    }

    /** An origin as a browser sends it: scheme, host, optional port; no path, no wildcard. */
    private static String check(String origin) {
        if (!origin.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
            throw new dev.seqae.errors.InvalidInputException("seqae.cors.allowed-origins: '" + origin + "' is not an "
                    + "origin such as https://dashboard.example.com (scheme, host and port only; '*' is not allowed)");
        }
        return origin;
    }

    /** Refuses a request from a foreign origin; answers a preflight from an allowed one. */
    @RequestFilter
    @Nullable
    public HttpResponse<?> preflight(HttpRequest<?> request) {
        String origin = request.getHeaders().getOrigin().orElse(null);
        if (origin == null || sameOrigin(origin, request.getHeaders().get("Host"))) {
            return null;
        }
        if (!origins.contains(origin)) {
            return Problems.response(request, 403, "origin '" + origin + "' is not allowed to call this service "
                    + "from a browser (seqae.cors.allowed-origins lists the origins that are)", null);
        }
        if (request.getMethod() != HttpMethod.OPTIONS || request.getHeaders().get("Access-Control-Request-Method")
                == null) {
            return null;
        }
        return HttpResponse.status(HttpStatus.NO_CONTENT)
                .header("Access-Control-Allow-Origin", origin)
                .header("Access-Control-Allow-Methods", METHODS)
                .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                .header("Access-Control-Max-Age", "600")
                .header("Vary", "Origin");
    }

    /** Whether {@code origin} is the service's own address as the browser reached it ({@code Host}). */
    static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        int scheme = origin.indexOf("://");
        return scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host.trim());
    }

    /** Marks an answer to an allowed origin as readable by its page. */
    @ResponseFilter
    public void allow(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String origin = request.getHeaders().getOrigin().orElse(null);
        if (origin != null && origins.contains(origin) && !response.getHeaders().contains("Access-Control-Allow-Origin")) {
            response.header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Expose-Headers", EXPOSED_HEADERS)
                    .header("Vary", "Origin");
        }
    }
}
