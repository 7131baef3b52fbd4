package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.Trainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What operators and integrators rely on beyond the endpoints: request ids, CORS, conditional
 * GETs, the favicon, the Prometheus answer (content types, help text, model series), through a
 * plain JDK client so that every header is the server's own.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.seqae.service.ContractCheck.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String KEY = "ops-key";
    static final String ALLOWED = "https://dash.example.com";
    EmbeddedServer server;
    HttpClient http = HttpClient.newHttpClient();
    String base;

    @BeforeAll
    void start() throws Exception {
        Path models = Files.createTempDirectory("seqae-ops");
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {4}, 2, new int[] {4})
                .withTraining(5e-3, 16, 1, 0, 0.25, 1);
        var m = new Trainer(cfg, null).fit(SyntheticGenerator.normal(16, 8, 1, 1), new String[] {"x"}, "tiny");
        ModelFile.save(m, models.resolve("tiny.seqae"));
        ModelFile.save(m, models.resolve("doomed.seqae"));
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("seqae.models-dir", models.toString(),
                "micronaut.server.port", -1, "seqae.api-key", KEY, "seqae.cors.allowed-origins", ALLOWED,
                "seqae.retraining.enabled", false));
        base = server.getURL().toString();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static final String SEQ = "{\"sequences\": [[[0.1],[0.2],[0.3],[0.4],[0.5],[0.6],[0.7],[0.8]]]}";

    @Test
    void everyAnswerCarriesARequestIdTakenFromTheCallerOrMadeUp() throws Exception {
        HttpResponse<String> given = send("GET", "/api/v1/models/none", "X-Request-ID", "my-id.42");
        assertEquals(404, given.statusCode());
        assertEquals("my-id.42", given.headers().firstValue(RequestIds.HEADER).orElse(null));
        assertEquals("my-id.42", JSON.readTree(given.body()).get("request_id").asText(), given.body());
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> traced = send("GET", "/api/v1/models", "traceparent", "00-" + trace
                + "-00f067aa0ba902b7-01");
        assertEquals(trace, traced.headers().firstValue(RequestIds.HEADER).orElse(null));
        HttpResponse<String> fresh1 = send("GET", "/api/v1/models");
        HttpResponse<String> fresh2 = send("GET", "/api/v1/models", "X-Request-ID", "bad id with spaces");
        String id1 = fresh1.headers().firstValue(RequestIds.HEADER).orElseThrow();
        String id2 = fresh2.headers().firstValue(RequestIds.HEADER).orElseThrow();
        assertTrue(id1.matches("[0-9a-f]{16}") && id2.matches("[0-9a-f]{16}"), id1 + " " + id2);
        assertNotEquals(id1, id2);
    }

    @Test
    void theLogLinesOfARequestCarryItsIdInTheMdc() throws Exception {
        ch.qos.logback.classic.Logger problems = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(Problems.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        ch.qos.logback.classic.Level before = problems.getLevel();
        problems.setLevel(ch.qos.logback.classic.Level.INFO);
        problems.addAppender(seen);
        try {
            assertEquals(404, send("GET", "/api/v1/models/nope", "X-Request-ID", "mdc-check-1").statusCode());
            var line = seen.list.stream().filter(e -> e.getFormattedMessage().contains("/api/v1/models/nope"))
                    .findFirst().orElseThrow(() -> new AssertionError("no log line: " + seen.list));
            assertEquals("mdc-check-1", line.getMDCPropertyMap().get(RequestIds.MDC_KEY), line.toString());
        } finally {
            problems.detachAppender(seen);
            problems.setLevel(before);
        }
    }

    @Test
    void corsAllowsExactlyTheListedOriginsAndNeverCredentials() throws Exception {
        HttpResponse<String> pre = send("OPTIONS", "/api/v1/models/tiny/score", "Origin", ALLOWED,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-api-key");
        assertEquals(204, pre.statusCode(), pre.body());
        assertEquals(ALLOWED, pre.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("X-API-Key"));
        assertTrue(pre.headers().firstValue("Access-Control-Allow-Credentials").isEmpty());
        HttpResponse<String> get = send("GET", "/api/v1/models", "Origin", ALLOWED);
        assertEquals(200, get.statusCode());
        assertEquals(ALLOWED, get.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(get.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("X-Request-ID"));
        for (String method : new String[] {"GET", "OPTIONS"}) {
            HttpResponse<String> foreign = send(method, "/api/v1/models", "Origin", "https://evil.example.com",
                    "Access-Control-Request-Method", "GET");
            assertEquals(403, foreign.statusCode(), method);
            assertTrue(foreign.body().contains("origin 'https://evil.example.com' is not allowed"), foreign.body());
            assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
        assertEquals(200, send("GET", "/api/v1/models", "Origin", base.replaceAll("/$", "")).statusCode(),
                "the service's own page");
    }

    @Test
    void theCatalogueAnswersConditionalGets() throws Exception {
        for (String path : new String[] {"/api/v1/models", "/api/v1/models/tiny", "/api/v1/models/tiny/versions"}) {
            HttpResponse<String> first = send("GET", path);
            String etag = first.headers().firstValue("ETag").orElse(null);
            assertTrue(etag != null && etag.matches("\"[0-9a-f]{32}\""), path + ": " + etag);
            HttpResponse<String> again = send("GET", path, "If-None-Match", etag);
            assertEquals(304, again.statusCode(), path);
            assertEquals("", again.body());
            assertEquals(200, send("GET", path, "If-None-Match", "\"other\"").statusCode(), path);
        }
    }

    @Test
    void theOpenApiDocumentIsServedAsYaml() throws Exception {
        HttpResponse<String> doc = send("GET", "/swagger/seqae-1.yml");
        assertEquals(200, doc.statusCode());
        assertEquals("application/yaml", doc.headers().firstValue("Content-Type").orElse(null));
        assertTrue(doc.body().startsWith("openapi: 3."), doc.body().substring(0, 40));
    }

    @Test
    void theFaviconIsServed() throws Exception {
        HttpResponse<byte[]> icon = http.send(HttpRequest.newBuilder(URI.create(base + "/favicon.ico")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, icon.statusCode());
        assertEquals(0, icon.body()[0]);
        assertEquals(1, icon.body()[2], "an ICO file");
    }

    @Test
    void prometheusAnswersTheFormatTheScraperAsksForWithHelpText() throws Exception {
        send("POST", "/api/v1/models/tiny/score");   // 415, counted on its route
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/models/tiny/score"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SEQ)).build(),
                HttpResponse.BodyHandlers.ofString());
        send("GET", "/api/v1/models/unknown-model");
        HttpResponse<String> text = send("GET", "/prometheus", "Accept", "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertEquals(PrometheusController.TEXT, text.headers().firstValue("Content-Type").orElse(null));
        String body = text.body();
        for (String name : new String[] {"seqae_sequences_scored_total", "seqae_models_loaded",
                "seqae_models_load_failures", "seqae_model_active_version", "seqae_batch_sequences",
                "http_server_requests_seconds", "seqae_training_jobs"}) {
            assertTrue(body.contains("# TYPE " + name + " "), name + " is exported");
        }
        // what promtool checks first: every family of ours has help text
        List<String> families = body.lines().filter(l -> l.startsWith("# TYPE seqae_")
                || l.startsWith("# TYPE http_server_requests")).map(l -> l.split(" ")[2]).toList();
        assertTrue(families.size() >= 8, families.toString());
        for (String f : families) {
            assertTrue(body.lines().anyMatch(l -> l.startsWith("# HELP " + f + " ") && l.length() > ("# HELP " + f
                    + " ").length() + 5), f + " has help text");
        }
        assertTrue(body.contains("seqae_model_active_version{model=\"tiny\"} 1"), body);
        assertTrue(body.contains("uri=\"/api/v1/models/{name}\"") && body.contains("status=\"404\""),
                "an unknown model's 404 keeps its route");
        assertFalse(body.contains("NOT_FOUND"));
        long buckets = body.lines().filter(l -> l.startsWith("http_server_requests_seconds_bucket{")
                && l.contains("uri=\"/api/v1/models/{name}/score\"") && l.contains("status=\"200\"")).count();
        assertEquals(ServiceMetrics.Latency.BUCKETS.length + 1, buckets, "the service's buckets and +Inf");
        HttpResponse<String> open = send("GET", "/prometheus", "Accept", "application/openmetrics-text; version=1.0.0");
        assertEquals(200, open.statusCode());
        assertEquals(PrometheusController.OPENMETRICS, open.headers().firstValue("Content-Type").orElse(null));
        assertTrue(open.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
    }

    @Test
    void deletingAModelRemovesItsSeries() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/models/doomed/score"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SEQ)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(send("GET", "/prometheus").body().contains("seqae_sequences_scored_total{model=\"doomed\"}"));
        assertEquals(200, send("DELETE", "/api/v1/models/doomed", "X-API-Key", KEY).statusCode());
        String after = send("GET", "/prometheus").body();
        assertFalse(after.contains("model=\"doomed\""), after.lines().filter(l -> l.contains("doomed")).toList()
                .toString());
    }

    @Test
    void unknownHealthPathsAre404ProblemsAndReadinessSaysWhy() throws Exception {
        HttpResponse<String> x = send("GET", "/health/x");
        assertEquals(404, x.statusCode());
        assertEquals("application/problem+json", x.headers().firstValue("Content-Type").orElse(null));
        JsonNode ready = JSON.readTree(send("GET", "/health/readiness").body());
        assertEquals("UP", ready.get("status").asText());
        assertNull(ready.get("reason").textValue());
    }
}
