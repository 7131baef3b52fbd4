package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two key settings the shared test server does not use: no key at all, and keyed scoring. */
@org.junit.jupiter.api.extension.ExtendWith(dev.seqae.service.ContractCheck.class)
class ApiKeyTest {
    @TempDir
    Path models;

    private static int status(HttpClient client, HttpRequest<?> request) {
        try {
            client.toBlocking().exchange(request, String.class);
            return 200;
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void withoutAKeyChangesAreDisabledNotOpen() {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("seqae.models-dir", models.toString(), "micronaut.server.port", -1));
             HttpClient client = HttpClient.create(server.getURL())) {
            var train = HttpRequest.POST("/api/v1/models/m/train", "{\"sequences\": [[[1]]]}")
                    .contentType(MediaType.APPLICATION_JSON_TYPE).header(ApiKeys.HEADER, "anything");
            var e = assertThrows(HttpClientResponseException.class, () -> client.toBlocking().retrieve(train));
            assertEquals(403, e.getStatus().getCode());
            assertTrue(e.getResponse().getBody(String.class).orElse("").contains("started without an API key"));
            assertEquals(403, status(client, HttpRequest.DELETE("/api/v1/jobs/x")));
            assertEquals(200, status(client, HttpRequest.GET("/api/v1/models")), "reading stays open");
        }
    }

    @Test
    void scoringCanRequireTheKey() {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("seqae.models-dir", models.toString(), "micronaut.server.port", -1, "seqae.api-key", "k1",
                        "seqae.scoring-requires-key", true));
             HttpClient client = HttpClient.create(server.getURL())) {
            assertEquals(401, status(client, HttpRequest.GET("/api/v1/models")));
            // every /api/v1 route, reading ones too (checked before any controller, so unknown ones as well)
            for (String path : java.util.List.of("/api/v1/jobs", "/api/v1/jobs/j1", "/api/v1/datasets/d",
                    "/api/v1/models/x", "/api/v1/models/x/versions", "/api/v1/models/x/latent",
                    "/api/v1/models/x/plots/loss", "/api/v1/models/x/retraining", "/api/v1/nothing")) {
                assertEquals(401, status(client, HttpRequest.GET(path)), path);
            }
            var refused = assertThrows(HttpClientResponseException.class,
                    () -> client.toBlocking().retrieve(HttpRequest.GET("/api/v1/jobs")));
            assertTrue(refused.getResponse().getBody(String.class).orElse("").contains("missing X-API-Key header"));
            assertEquals(200, status(client, HttpRequest.GET("/api/v1/jobs").header(ApiKeys.HEADER, "k1")));
            assertEquals(200, status(client, HttpRequest.GET("/health/liveness")), "the probes stay open");
            assertEquals(401, status(client, HttpRequest.POST("/api/v1/models/x/score", "[[[1]]]")
                    .contentType(MediaType.APPLICATION_JSON_TYPE)));
            assertEquals(200, status(client, HttpRequest.GET("/api/v1/models").header(ApiKeys.HEADER, "k1")));
            assertEquals(404, status(client, HttpRequest.POST("/api/v1/models/x/score", "[[[1]]]")
                    .contentType(MediaType.APPLICATION_JSON_TYPE).header(ApiKeys.HEADER, "k1")), "past the key");
        }
    }
}
