package dev.seqae.service;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The published OpenAPI document is the contract: after all tests of a class that runs the
 * service, every exchange {@link ContractRecorder} saw is validated against {@code
 * /swagger/seqae-1.yml} with Atlassian's swagger-request-validator — the operation exists, the
 * status is one it declares, the media type and the body match the declared schema, and for a
 * request that was accepted (2xx/3xx), the request's parameters, headers and body match too. A
 * request the service refused (4xx) is bad input by design: its answer must still be a declared
 * status with the problem schema. Static files (the web page, Swagger UI, the document itself)
 * are not part of the API. Any violation fails the class, with every violation listed.
 */
public final class ContractCheck implements BeforeAllCallback, AfterAllCallback {
    static final String DOCUMENT = "META-INF/swagger/seqae-1.yml";
    private static final Pattern STATIC = Pattern.compile("/(|app\\.js|style\\.css|favicon\\.ico|index\\.html)"
            + "|/webjars/.*|/swagger/.*|/swagger-ui/.*");
    private static final Pattern TEXT = Pattern.compile("(?i)application/(.*json|problem\\+json)|text/.*"
            + "|application/openmetrics-text.*");
    private static OpenApiInteractionValidator validator;

    static synchronized OpenApiInteractionValidator validator() throws IOException {
        if (validator == null) {
            try (InputStream in = ContractCheck.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
                if (in == null) {
                    throw new IllegalStateException(DOCUMENT + " is not on the classpath (it is generated at compile time)");
                }
                validator = OpenApiInteractionValidator.createForInlineApiSpecification(
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)).build();
            }
        }
        return validator;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ContractRecorder.drain();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<ContractRecorder.Exchange> exchanges = ContractRecorder.drain();
        List<String> violations = violations(exchanges);
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " of " + exchanges.size() + " exchanges break the OpenAPI "
                    + "document:\n" + String.join("\n", violations));
        }
        System.out.printf("ContractCheck: %s: %d exchanges, 0 violations of the OpenAPI document%n",
                context.getDisplayName(), exchanges.size());
    }

    /** Every violation of the document among {@code exchanges}, one line each. */
    static List<String> violations(List<ContractRecorder.Exchange> exchanges) throws IOException {
        List<String> out = new ArrayList<>();
        for (ContractRecorder.Exchange recorded : exchanges) {
            ContractRecorder.Exchange e = recorded;
            URI uri = URI.create(e.uri().replace(" ", "%20").replace("|", "%7C").replace("[", "%5B")
                    .replace("]", "%5D").replace("{", "%7B").replace("}", "%7D"));
            String path = uri.getRawPath();
            if (STATIC.matcher(path).matches() || e.method().equals("OPTIONS")) {
                continue;
            }
            SimpleResponse.Builder response = SimpleResponse.Builder.status(e.status());
            e.responseHeaders().forEach(response::withHeader);
            String responseType = e.header(e.responseHeaders(), "Content-Type");
            e = decoded(e);
            if (responseType != null && TEXT.matcher(responseType).lookingAt()
                    && e.responseBody().length < ContractRecorder.MAX_BODY) {
                response.withBody(new String(e.responseBody(), StandardCharsets.UTF_8));
            } else if (e.responseBody().length > 0) {
                response.withBody("(" + e.responseBody().length + " bytes of " + responseType + ")");
            }
            ValidationReport report;
            Request.Method method = Request.Method.valueOf(e.method().toUpperCase(Locale.ROOT));
            if (e.status() >= 400) {
                report = validator().validateResponse(path, method, response.build());
            } else {
                SimpleRequest.Builder request = new SimpleRequest.Builder(e.method(), path);
                e.requestHeaders().forEach(request::withHeader);
                if (uri.getRawQuery() != null) {
                    for (String pair : uri.getRawQuery().split("&")) {
                        int eq = pair.indexOf('=');
                        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                        request.withQueryParam(name, value);
                    }
                }
                String requestType = e.header(e.requestHeaders(), "Content-Type");
                if (e.requestBody().length > 0 && requestType != null && TEXT.matcher(requestType).lookingAt()
                        && e.requestBody().length < ContractRecorder.MAX_BODY) {
                    request.withBody(new String(e.requestBody(), StandardCharsets.UTF_8));
                }
                report = validator().validate(request.build(), response.build());
            }
            for (ValidationReport.Message m : report.getMessages()) {
                if (m.getLevel() == ValidationReport.Level.ERROR && NO_OPERATION.contains(m.getKey())
                        && e.status() >= 400) {
                    // a path or method the API does not have: the framework's refusal, which must still be a problem
                    problem(e).ifPresent(out::add);
                } else if (m.getLevel() == ValidationReport.Level.ERROR) {
                    out.add(e.method() + " " + abbreviate(e.uri()) + " -> " + e.status() + ": [" + m.getKey() + "] "
                            + abbreviate(m.getMessage()));
                }
            }
        }
        return out;
    }

    /** The exchange with a gzip- or deflate-encoded answer body decoded (a browser asks for it). */
    static ContractRecorder.Exchange decoded(ContractRecorder.Exchange e) throws IOException {
        String encoding = e.header(e.responseHeaders(), "Content-Encoding");
        if (encoding == null || e.responseBody().length == 0) {
            return e;
        }
        java.io.InputStream raw = new java.io.ByteArrayInputStream(e.responseBody());
        try (java.io.InputStream in = switch (encoding.trim().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> new java.util.zip.GZIPInputStream(raw);
            case "deflate" -> new java.util.zip.InflaterInputStream(raw);
            default -> raw;
        }) {
            return new ContractRecorder.Exchange(e.method(), e.uri(), e.requestHeaders(), e.requestBody(), e.status(),
                    e.responseHeaders(), in.readAllBytes());
        }
    }

    /** The keys of an exchange no operation of the document covers. */
    private static final java.util.Set<String> NO_OPERATION = java.util.Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");
    private static final com.fasterxml.jackson.databind.json.JsonMapper JSON =
            com.fasterxml.jackson.databind.json.JsonMapper.builder().build();

    /** What is wrong with a refusal outside the document's operations, if anything: it must be a whole problem. */
    static java.util.Optional<String> problem(ContractRecorder.Exchange e) {
        String where = e.method() + " " + abbreviate(e.uri()) + " -> " + e.status() + ": ";
        if (!Problems.PROBLEM_JSON.equals(e.header(e.responseHeaders(), "Content-Type"))) {
            return java.util.Optional.of(where + "not application/problem+json");
        }
        try {
            var p = JSON.readTree(e.responseBody());
            for (String field : List.of("type", "title", "status", "detail", "instance", "request_id")) {
                if (!p.has(field)) {
                    return java.util.Optional.of(where + "the problem has no " + field);
                }
            }
            return p.get("status").asInt() == e.status() ? java.util.Optional.empty()
                    : java.util.Optional.of(where + "the problem's status is " + p.get("status"));
        } catch (IOException ex) {
            return java.util.Optional.of(where + "the problem is not JSON");
        }
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 300 ? one : one.substring(0, 300) + "...";
    }
}
