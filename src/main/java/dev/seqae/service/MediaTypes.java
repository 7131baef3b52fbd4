package dev.seqae.service;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Locale;
import java.util.Set;

/**
 * The media types the API reads, checked once for every request with a body, before any
 * controller: {@code application/json} or {@code text/csv}, in UTF-8. Anything else — another
 * type, a malformed header ({@code ;;;}), another charset — is a 415 that names what was sent
 * and what is served. A body-less request (rollback, cancel) may say anything.
 */
@ServerFilter("/api/**")
public class MediaTypes {
    /** What the API reads. */
    static final Set<String> SERVED = Set.of("application/json", "text/csv");

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        if (!request.getMethod().permitsRequestBody() || request.getContentLength() == 0) {
            return null;
        }
        String header = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        if (header == null) {
            return null;    // JSON, the documented default
        }
        String problem = problem(header);
        return problem == null ? null : Problems.response(request, 415, problem, null);
    }

    /** Why {@code header} is not served, or null when it is. */
    static String problem(String header) {
        String shown = header.length() > 60 ? header.substring(0, 60) + "…" : header;
        String[] parts = header.split(";", -1);
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        String served = "send application/json or text/csv (UTF-8)";
        if (!SERVED.contains(type)) {
            return "Content-Type '" + shown + "' is not served: " + served;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                return "Content-Type '" + shown + "' is malformed (parameter '" + p + "' is not name=value): " + served;
            }
            String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim().replace("\"", "").toLowerCase(Locale.ROOT);
            if (name.equals("charset") && !value.equals("utf-8") && !value.equals("utf8")) {
                return "Content-Type '" + shown + "': the charset must be UTF-8, got '" + value + "'";
            }
        }
        return null;
    }

    /** How an Accept header ranks a group of media types: the best quality it gives any, and the position of the first. */
    record Rank(double quality, int position) {
    }

    /** The rank {@code accept} (null: none given) gives any of {@code types} (lower-case, e.g. {@code text/*}). */
    static Rank rank(String accept, Set<String> types) {
        double best = 0;
        int first = Integer.MAX_VALUE;
        if (accept == null) {
            return new Rank(0, first);
        }
        int at = 0;
        for (String part : accept.split(",")) {
            at++;
            String[] p = part.trim().split(";");
            if (!types.contains(p[0].trim().toLowerCase(Locale.ROOT))) {
                continue;
            }
            double q = 1;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2).trim());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            best = Math.max(best, q);
            first = Math.min(first, at);
        }
        return new Rank(best, first);
    }
}
