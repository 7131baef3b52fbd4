package dev.seqae.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.Trainer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    static final Pattern URL = Pattern.compile("on (http://[^/\\s]+)/api/v1/models");
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
        String db = "jdbc:h2:file:" + dir.resolve("intake").resolve("seqae") + ";WRITE_DELAY=0";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(11);
        long acknowledged = 0;
        int value = 0;
        for (int k = 0; k < 5; k++) {
            Process p = start(models, db);
            try {
                String base = awaitUrl(p);
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
                p.destroyForcibly();                 // SIGKILL, right after an acknowledgement
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
        }
        Process p = start(models, db);
        try {
            assertTrue(records(http, awaitUrl(p)) >= acknowledged);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(acknowledged >= 20, "records were acknowledged: " + acknowledged);
    }

    Process start(Path models, String db) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "--add-modules", "jdk.incubator.vector",
                "-Dseqae.intake.url=" + db, "-Dseqae.api-key=" + KEY, "-Dmicronaut.server.port=-1",
                "-Dseqae.retraining.enabled=false", "-cp", System.getProperty("java.class.path"),
                "dev.seqae.cli.SeqaeCommand", "serve", "--models-dir", models.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** The service's address, from its start-up line (its output is drained afterwards). */
    static String awaitUrl(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = URL.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe from filling up
                        }
                    } catch (java.io.IOException e) {
                        // the process was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new AssertionError("the service did not start:\n" + seen);
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
