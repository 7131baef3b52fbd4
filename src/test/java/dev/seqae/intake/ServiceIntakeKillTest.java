package dev.seqae.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.Trainer;
import dev.seqae.service.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged record survives the service being killed: {@code seqae serve} runs as a child
 * process on an H2 file database; a client appends records over HTTP and counts the 201 answers;
 * the service is SIGKILLed at a random moment right after an answer, restarted on the same
 * database, and every acknowledged record is there — five times.
 */
class ServiceIntakeKillTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String KEY = "kill-key";

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesKillingTheService() throws Exception {
        Path models = dir.resolve("models");
        Files.createDirectories(models);
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {4}, 2, new int[] {4})
                .withTraining(5e-3, 16, 1, 0, 0.25, 1);
        ModelFile.save(new Trainer(cfg, null).fit(SyntheticGenerator.normal(16, 8, 1, 1), new String[] {"x"}, "tiny"),
                models.resolve("tiny.seqae"));
        String db = "jdbc:h2:file:" + dir.resolve("intake").resolve("seqae") + dev.seqae.intake.RecordStore.H2_OPTIONS;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(11);
        long acknowledged = 0;
        int value = 0;
        for (int k = 0; k < 5; k++) {
            ServiceProcess p = start(models, db);
            try {
                String base = p.awaitUrl(120);
                long stored = records(http, base);
                assertTrue(stored >= acknowledged, "restart " + k + ": " + stored + " records stored, "
                        + acknowledged + " acknowledged before the kill");
                acknowledged = Math.max(acknowledged, stored);
                long killAt = System.nanoTime() + (100 + random.nextInt(400)) * 1_000_000L;
                while (System.nanoTime() < killAt) {
                    String body = "{\"points\": [[" + value + "], [" + (value + 1) + "]]}";
                    value += 2;
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
                                    + "/api/v1/datasets/k/records")).header("Content-Type", "application/json")
                            .header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(201, r.statusCode(), r.body());
                    acknowledged = JSON.readTree(r.body()).get("records").asLong();
                }
            } finally {
                p.kill();                 // SIGKILL, right after an acknowledgement
                assertTrue(p.waitFor(30) != null);
            }
        }
        try (ServiceProcess p = start(models, db)) {
            assertTrue(records(http, p.awaitUrl(120)) >= acknowledged);
        }
        assertTrue(acknowledged >= 20, "records were acknowledged: " + acknowledged);
    }

    ServiceProcess start(Path models, String db) throws Exception {
        return ServiceProcess.start(List.of("-Xmx512m", "-Dseqae.intake.url=" + db, "-Dseqae.api-key=" + KEY),
                "--models-dir", models.toString());
    }

    static long records(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets/k")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return 0;
        }
        JsonNode n = JSON.readTree(r.body());
        return n.get("records").asLong();
    }
}
