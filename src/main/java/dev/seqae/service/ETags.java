package dev.seqae.service;

import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Conditional GETs of the model catalogue: the model list, a model's description and its versions
 * carry an {@code ETag} (a hash of the answer's JSON), and a request whose {@code If-None-Match}
 * names it gets {@code 304 Not Modified} without a body — a dashboard polling the catalogue moves
 * nothing until a model changes.
 */
@ServerFilter("/api/v1/models/**")
public class ETags {
    static final Set<String> ROUTES = Set.of("/api/v1/models", "/api/v1/models/{name}",
            "/api/v1/models/{name}/versions");
    private final JsonMapper json;

    public ETags(JsonMapper json) {
        this.json = json;
    }

    @ResponseFilter
    public HttpResponse<?> tag(HttpRequest<?> request, MutableHttpResponse<?> response) throws IOException {
        if (request.getMethod() != HttpMethod.GET || response.code() != 200 || response.getBody().isEmpty()
                || !ROUTES.contains(BasicHttpAttributes.getUriTemplate(request).orElse(""))) {
            return response;
        }
        Object body = response.getBody().get();
        byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                : body instanceof byte[] b ? b : json.writeValueAsBytes(body);
        String etag = "\"" + hash(bytes) + "\"";
        if (matches(request.getHeaders().get("If-None-Match"), etag)) {
            return HttpResponse.status(HttpStatus.NOT_MODIFIED).header("ETag", etag);
        }
        return response.header("ETag", etag);
    }

    /** Whether an {@code If-None-Match} value names {@code etag} (or is {@code *}); weak tags compare equal. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String t : ifNoneMatch.split(",")) {
            String v = t.trim();
            if (v.equals("*") || v.equals(etag) || v.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
