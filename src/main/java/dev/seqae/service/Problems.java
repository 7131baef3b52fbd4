package dev.seqae.service;

import dev.seqae.errors.InvalidInputException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error as {@code application/problem+json} (RFC 9457): {@code type}, {@code title},
 * {@code status}, {@code detail} (what is wrong and where) and {@code instance} (the path). Bad
 * input is a 4xx; anything else a 500 whose detail says only that — the stack trace goes to the
 * log, never to the caller.
 */
public final class Problems {
    /** The problem media type. */
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /** A problem document; {@code id} is the request id the server's log line carries too. */
    public static Map<String, Object> body(int status, String detail, String path, String id) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        HttpStatus s = HttpStatus.valueOf(status);
        p.put("title", s.getReason());
        p.put("status", status);
        p.put("detail", scrub(detail));
        p.put("instance", path);
        p.put("request_id", id);
        return p;
    }

    /** Folders of this server whose paths never go into an answer (longest first). */
    private static final java.util.List<String> SERVER_ROOTS = java.util.stream.Stream.of(
                    System.getProperty("java.io.tmpdir"), System.getProperty("user.dir"),
                    System.getProperty("user.home"))
            .filter(r -> r != null && r.length() > 1)
            .map(r -> java.nio.file.Path.of(r).toAbsolutePath().normalize().toString())
            .sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList();
    private static final java.util.regex.Pattern QUALIFIED_CLASS =
            java.util.regex.Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z][\\w$]*(?:\\[\"[^\"]*\"\\])*");
    private static final java.util.regex.Pattern SETTING = java.util.regex.Pattern.compile("'?\\bmicronaut\\.[\\w.-]+'?");

    /**
     * The last guard on every answer's detail: the server's own folders (working directory,
     * temporary folder, home) are left out of paths, package-qualified class names and framework
     * setting names are removed. Messages are written in the API's words in the first place; this
     * keeps one that was not from leaking.
     */
    static String scrub(String detail) {
        if (detail == null) {
            return null;
        }
        String d = detail;
        for (String root : SERVER_ROOTS) {
            d = d.replace(root + java.io.File.separator, "").replace(root, ".");
        }
        d = QUALIFIED_CLASS.matcher(d).replaceAll("");
        d = SETTING.matcher(d).replaceAll("");
        return d.replaceAll("\\(\\s*\\)|`\\s*`", "").replaceAll(" {2,}", " ").replaceAll(" ([.,;:])", "$1").trim();
    }

    /** A reference for a failure outside a request (a training job's): 16 hex digits, like a request id. */
    static String newId() {
        return RequestIds.newId();
    }

    /**
     * The problem answer to {@code request}, logged under the request's id that the answer
     * carries: a refusal at INFO, a deliberate 503 at WARN, a server error at ERROR with
     * {@code cause}'s stack trace.
     */
    static MutableHttpResponse<Map<String, Object>> response(HttpRequest<?> request, int status, String detail,
                                                             Throwable cause) {
        String id = RequestIds.of(request);
        if (status >= 500 && cause != null) {
            LOG.error("[{}] {} {}: {}", id, request.getMethod(), request.getPath(), detail, cause);
        } else if (status >= 500) {
            // a deliberate 503 (over the time limit, out of memory for one request, shutting down)
            LOG.warn("[{}] {} {} -> {}: {}", id, request.getMethod(), request.getPath(), status, detail);
        } else {
            LOG.info("[{}] {} {} -> {}: {}", id, request.getMethod(), request.getPath(), status, detail);
        }
        return HttpResponse.<Map<String, Object>>status(HttpStatus.valueOf(status))
                .contentType(PROBLEM_JSON).body(body(status, detail, request.getPath(), id));
    }

    /** Our bad-input exceptions (and anything under them, like CSV format errors): 400. */
    @Produces
    @Singleton
    @Requires(classes = {InvalidInputException.class, ExceptionHandler.class})
    public static class InvalidInputHandler
            implements ExceptionHandler<InvalidInputException, HttpResponse<Map<String, Object>>> {
        @Override
        public HttpResponse<Map<String, Object>> handle(HttpRequest request, InvalidInputException e) {
            return response(request, 400, e.getMessage(), null);
        }
    }

    /** Refusals with their own status (404, 413, 409, ...). */
    @Produces
    @Singleton
    @Requires(classes = {ApiException.class, ExceptionHandler.class})
    public static class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<Map<String, Object>>> {
        @Override
        public HttpResponse<Map<String, Object>> handle(HttpRequest request, ApiException e) {
            var r = response(request, e.status(), e.getMessage(), null);
            if (e.retryAfterSeconds() != null) {
                r.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            }
            return r;
        }
    }

    /**
     * Anything unexpected, checked or not: 500, logged with its stack trace under the request id
     * the answer carries; nothing of the exception reaches the caller.
     */
    @Produces
    @Singleton
    @Requires(classes = {ExceptionHandler.class})
    public static class UnexpectedHandler implements ExceptionHandler<Exception, HttpResponse<Map<String, Object>>> {
        @Override
        public HttpResponse<Map<String, Object>> handle(HttpRequest request, Exception e) {
            return response(request, 500, "internal error (the server's log has it under this answer's "
                    + "request_id)", e);
        }
    }

    /**
     * A computation that needed more memory than the server allows (the JVM heap, or the native
     * bound {@code seqae serve --native-memory} sets): 503, the server goes on.
     */
    @Produces
    @Singleton
    @Requires(classes = {ExceptionHandler.class})
    public static class OutOfMemoryHandler implements ExceptionHandler<OutOfMemoryError,
            HttpResponse<Map<String, Object>>> {
        @Override
        public HttpResponse<Map<String, Object>> handle(HttpRequest request, OutOfMemoryError e) {
            return response(request, 503, "the request needs more memory than the server allows one computation: "
                    + "send less data", e).header("Retry-After", "5");
        }
    }

    /** The framework's own errors (unknown route, wrong method, body too large, unreadable JSON...) as problems too. */
    @Singleton
    @Replaces(ErrorResponseProcessor.class)
    public static class ProblemResponseProcessor implements ErrorResponseProcessor<Map<String, Object>> {
        @Override
        public MutableHttpResponse<Map<String, Object>> processResponse(ErrorContext context,
                                                                         MutableHttpResponse<?> base) {
            int status = base.getStatus().getCode();
            String detail = context.getErrors().stream().map(Error::getMessage)
                    .collect(Collectors.joining("; "));
            if (detail.isEmpty()) {
                detail = base.getStatus().getReason();
            }
            // a request line or headers too long for the server's decoder: Micronaut says 413 for both
            if (status == 413 && context.getRequest() instanceof io.micronaut.http.server.netty.NettyHttpRequest<?> n) {
                Throwable cause = n.getNativeRequest().decoderResult().cause();
                if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
                    status = 414;
                    detail = "the request line (method and URL) is longer than the server reads: shorten the URL "
                            + "(a model or dataset name is at most 64 characters)";
                } else if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
                    status = 431;
                    detail = "the request's headers are larger than the server reads: send fewer or shorter headers";
                }
                base.status(HttpStatus.valueOf(status));
            }
            String id = RequestIds.of(context.getRequest());
            LOG.info("[{}] {} {} -> {}: {}", id, context.getRequest().getMethod(), context.getRequest().getPath(),
                    status, detail);
            return base.contentType(MediaType.of(PROBLEM_JSON))
                    .body(body(status, detail, context.getRequest().getPath(), id));
        }
    }
}
