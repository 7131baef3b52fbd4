package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.anomaly.ScoreKind;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.Trainer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Retraining through the service: records arrive through the intake, five runs are asked for, each
 * promotes a challenger trained on the newest (drifting) data — and a client scoring all along
 * sees no failed request while the answering version changes under it.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.seqae.service.ContractCheck.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrainingServiceTest implements TestPropertyProvider {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String KEY = "retrain-key";
    static final ModelConfig CONFIG = ModelConfig.defaults().withLayers(new int[] {16}, 4, new int[] {16})
            .withTraining(5e-3, 32, 8, 0, 0.2, 7)
            .withAnomaly(new AnomalyConfig(ScoreKind.MAX_STEP, ThresholdStrategy.PERCENTILE, 0.99, 3, 0.01));

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path dir = Files.createTempDirectory("seqae-retraining");
            var m = new Trainer(CONFIG, null).fit(SyntheticGenerator.regular(200, 24, 2, 1), new String[] {"a", "b"},
                    "regular");
            Files.createDirectories(dir.resolve("models"));
            ModelFile.save(m, dir.resolve("models").resolve("m.seqae"));
            ModelFile.save(m, dir.resolve("models").resolve("plain.seqae"));
            return Map.ofEntries(Map.entry("seqae.models-dir", dir.resolve("models").toString()),
                    Map.entry("seqae.api-key", KEY),
                    Map.entry("seqae.intake.url", "jdbc:h2:file:" + dir.resolve("intake") + dev.seqae.intake.RecordStore.H2_OPTIONS),
                    Map.entry("seqae.registry.keep", "4"),
                    Map.entry("seqae.retraining.models.m.schedule", "0 3 * * *"),
                    Map.entry("seqae.retraining.models.m.dataset", "m-data"),
                    Map.entry("seqae.retraining.models.m.rows", "200"),
                    Map.entry("seqae.retraining.models.m.min-records", "50"),
                    Map.entry("seqae.retraining.models.m.tolerance", "0.5"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode get(String path) throws IOException {
        return JSON.readTree(client.toBlocking().retrieve(path));
    }

    HttpStatus post(String path, String body, String key) {
        var req = HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON_TYPE);
        if (key != null) {
            req.header(ApiKeys.HEADER, key);
        }
        try {
            return client.toBlocking().exchange(req).getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }

    /** Regular sequences drifted by {@code k}: each run's window is further from the last. */
    static List<float[][]> drifted(int k, long seed) {
        List<float[][]> out = new ArrayList<>();
        for (float[][] s : SyntheticGenerator.regular(200, 24, 2, seed)) {
            float[][] d = new float[s.length][];
            for (int t = 0; t < s.length; t++) {
                d[t] = new float[] {(1 + 0.3f * k) * s[t][0] + 0.4f * k, s[t][1] - 0.3f * k};
            }
            out.add(d);
        }
        return out;
    }

    @Test
    void fiveRetrainingRunsSwapModelsWhileScoringNeverFails() throws Exception {
        JsonNode before = get("/api/v1/models/m/retraining");
        assertTrue(before.get("planned").asBoolean());
        assertEquals("idle", before.get("state").asText());
        assertEquals("0 3 * * *", before.at("/plan/schedule").asText());
        assertTrue(before.get("next_run").asText().contains("T03:00Z"), before.toString());
        assertEquals(0, before.get("last_runs").size());

        String probe = ServiceTest.sequences(drifted(0, 99).subList(0, 4));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger scored = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Set<Integer> versions = ConcurrentHashMap.newKeySet();
        Thread scorer = new Thread(() -> {
            while (!stop.get()) {
                try {
                    JsonNode r = JSON.readTree(client.toBlocking().retrieve(HttpRequest.POST("/api/v1/models/m/score",
                            probe).contentType(MediaType.APPLICATION_JSON_TYPE)));
                    versions.add(r.get("version").asInt());
                    if (r.get("results").size() != 4) {
                        failures.add("answer with " + r.get("results").size() + " results");
                    }
                    scored.incrementAndGet();
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        });
        scorer.start();
        try {
            for (int k = 1; k <= 5; k++) {
                assertEquals(HttpStatus.CREATED, post("/api/v1/datasets/m-data/records",
                        ServiceTest.sequences(drifted(k, k)), KEY));
                assertEquals(HttpStatus.ACCEPTED, post("/api/v1/models/m/retraining", "", KEY));
                assertEquals(HttpStatus.CONFLICT, post("/api/v1/models/m/retraining", "", KEY),
                        "one run at a time");
                JsonNode status = waitForRuns(k);
                JsonNode run = status.get("last_runs").get(0);
                assertEquals("PROMOTED", run.get("outcome").asText(), run.toString());
                assertEquals(k + 1, run.get("challenger_version").asInt());
                assertEquals(k + 1, status.get("active_version").asInt());
            }
        } finally {
            stop.set(true);
            scorer.join();
        }
        assertEquals(List.of(), failures, "no request failed during the swaps");
        assertTrue(versions.size() >= 3, "answers came from several versions: " + versions);
        assertTrue(scored.get() >= 20, "scored " + scored.get());
        JsonNode versionsNow = get("/api/v1/models/m/versions");
        assertEquals(4, versionsNow.get("versions").size(), "retention keeps 4: " + versionsNow);
        String prometheus = client.toBlocking().retrieve("/prometheus");
        assertTrue(prometheus.contains("seqae_retraining_runs_total{model=\"m\",outcome=\"promoted\"} 5.0"),
                prometheus.lines().filter(l -> l.contains("retraining")).toList().toString());
        System.out.printf("retraining through the service: 5 swaps, %d score requests, versions answering %s, "
                + "0 failures%n", scored.get(), versions);
    }

    JsonNode waitForRuns(int n) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode s = get("/api/v1/models/m/retraining");
            if (s.get("last_runs").size() >= n && s.get("state").asText().equals("idle")) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + n + " did not finish");
    }

    @Test
    void badRetrainingRequestsAreRefusedWithTheReason() throws Exception {
        assertEquals(HttpStatus.UNAUTHORIZED, post("/api/v1/models/m/retraining", "", null));
        assertEquals(HttpStatus.NOT_FOUND, post("/api/v1/models/nope/retraining", "", KEY));
        try {
            client.toBlocking().exchange(HttpRequest.POST("/api/v1/models/plain/retraining", "")
                    .header(ApiKeys.HEADER, KEY));
        } catch (HttpClientResponseException e) {
            assertEquals(HttpStatus.CONFLICT, e.getStatus());
            assertTrue(e.getResponse().getBody(String.class).orElse("").contains(
                    "model 'plain' has no retraining plan (configure seqae.retraining.models.plain"));
        }
        JsonNode plain = get("/api/v1/models/plain/retraining");
        assertEquals(false, plain.get("planned").asBoolean());
        assertEquals(0, plain.get("last_runs").size());
        assertEquals(HttpStatus.BAD_REQUEST, assertStatus("/api/v1/models/m/retraining?limit=0"));
        assertEquals(HttpStatus.NOT_FOUND, assertStatus("/api/v1/models/nope/retraining"));
    }

    HttpStatus assertStatus(String path) {
        try {
            client.toBlocking().retrieve(path);
            return HttpStatus.OK;
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }
}
