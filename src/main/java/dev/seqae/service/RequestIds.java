package dev.seqae.service;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Every request gets an id: the caller's {@value #HEADER} when it is a plain token (letters,
 * digits, {@code . _ : -}, at most 128), else the trace id of a W3C {@code traceparent}, else a new
 * one (16 hex digits). It is echoed in the answer's {@value #HEADER}, carried as {@code request_id}
 * by every problem body, and put in the log MDC ({@code request_id}) while the request is handled,
 * so that a line of the server's log and an answer can be matched.
 */
@ServerFilter("/**")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds {
    /** The request and response header. */
    public static final String HEADER = "X-Request-ID";
    /** The MDC key. */
    public static final String MDC_KEY = "request_id";
    private static final String ATTRIBUTE = "seqae.request-id";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");
    private static final String NO_TRACE = "0".repeat(32);

    /** Assigns the id and puts it in the MDC for the rest of the request. */
    @RequestFilter
    public void assign(HttpRequest<?> request, MutablePropagatedContext context) {
        String id = idOf(request.getHeaders().get(HEADER), request.getHeaders().get("traceparent"));
        request.setAttribute(ATTRIBUTE, id);
        context.add(new MdcPropagationContext(Map.of(MDC_KEY, id)));
    }

    /** Echoes it. */
    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header(HEADER, of(request));
    }

    /** The id of {@code request} (a new one if the filter did not see it). */
    public static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> {
            String id = newId();
            request.setAttribute(ATTRIBUTE, id);
            return id;
        });
    }

    /** The id for a request with these headers (either may be null). */
    static String idOf(String requestId, String traceparent) {
        if (requestId != null && TOKEN.matcher(requestId.trim()).matches()) {
            return requestId.trim();
        }
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches() && !m.group(1).equals(NO_TRACE)) {
                return m.group(1);
            }
        }
        return newId();
    }

    /** A new id: 16 hex digits. */
    static String newId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
