package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.Trainer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's life as an orchestrator sees it, with {@code seqae serve} as a child process: the
 * first start reads its models folder from a YAML file, answers liveness at once and readiness
 * with the reason while it trains the default model; SIGTERM lets a long score, a long projection
 * and a streamed export finish, and a training job that cannot finish within the grace period is
 * recorded as interrupted and still listed after a restart.
 */
class ServiceLifecycleTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String KEY = "life-key";
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFirstStartTrainsTheDefaultModelWhereTheYamlSaysWhileLivenessAnswers() throws Exception {
        Path settings = dir.resolve("tiny.properties");
        Files.writeString(settings, "encoder=8\ndecoder=8\nlatent=4\nepochs=60\npatience=1000\nbatch=32\nseed=3\n");
        Path yaml = dir.resolve("application.yml");
        Files.writeString(yaml, String.join("\n", "seqae:",
                "  models-dir: " + dir.resolve("configured-models"),
                "  intake:",
                "    url: \"jdbc:h2:file:" + dir.resolve("intake/seqae") + dev.seqae.intake.RecordStore.H2_OPTIONS + "\"",
                "  default-model:",
                "    data-dir: " + Path.of("datasets/ecg5000").toAbsolutePath(),
                "    config: " + settings, ""));
        Path work = Files.createDirectories(dir.resolve("work"));
        try (ServiceProcess p = ServiceProcess.start(work, List.of("-Dmicronaut.config.files=" + yaml))) {
            String base = p.awaitUrl(90);
            assertEquals(200, get(base + "/health/liveness").statusCode(), "liveness from the first moment");
            HttpResponse<String> notReady = get(base + "/health/readiness");
            assertEquals(503, notReady.statusCode(), notReady.body());
            assertTrue(JSON.readTree(notReady.body()).get("reason").asText()
                    .startsWith("training the default model 'ecg5000'"), notReady.body());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (get(base + "/health/readiness").statusCode() != 200 && System.nanoTime() < end) {
                assertEquals(200, get(base + "/health/liveness").statusCode());
                Thread.sleep(200);
            }
            assertEquals(200, get(base + "/health/readiness").statusCode(), p.output());
            JsonNode models = JSON.readTree(get(base + "/api/v1/models").body());
            assertEquals("ecg5000", models.at("/models/0/name").asText(), models.toString());
            assertEquals(3, models.at("/models/0/seed").asInt());
            assertTrue(Files.isRegularFile(dir.resolve("configured-models/ecg5000/ACTIVE")));
            assertFalse(Files.exists(work.resolve("models")), "nothing in the default ./models");
            p.terminate();
            assertNotNull(p.waitFor(60));
            assertTrue(p.output().contains("ShutdownDrain - shutting down"), p.output());
        }
    }

    @Test
    void sigtermLetsRequestsAndStreamsFinishAndRecordsTheTrainingJobItCannotWaitFor() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {4}, 2, new int[] {4})
                .withTraining(5e-3, 16, 1, 0, 0.25, 1);
        List<float[][]> data = SyntheticGenerator.normal(900, 8, 1, 4);
        ModelFile.save(new Trainer(cfg, null).fit(data.subList(0, 32), new String[] {"x"}, "tiny"),
                models.resolve("tiny.seqae"));
        // a wider model over longer sequences, so that one score request takes seconds
        List<float[][]> longer = SyntheticGenerator.normal(2000, 100, 1, 5);
        ModelFile.save(new Trainer(ModelConfig.defaults().withLayers(new int[] {64}, 16, new int[] {64})
                .withTraining(5e-3, 16, 1, 0, 0.25, 1), null).fit(longer.subList(0, 16), new String[] {"x"}, "wide"),
                models.resolve("wide.seqae"));
        Path datasets = Files.createDirectories(dir.resolve("datasets"));
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            float[][] s = data.get(i % data.size());
            for (int t = 0; t < s.length; t++) {
                csv.append(t == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", s[t][0] + i * 1e-5));
            }
            csv.append('\n');
        }
        Files.writeString(datasets.resolve("many.csv"), csv);
        List<String> options = List.of("-Dseqae.api-key=" + KEY, "-Dseqae.data-dir=" + datasets,
                "-Dseqae.intake.url=jdbc:h2:file:" + dir.resolve("intake/seqae") + dev.seqae.intake.RecordStore.H2_OPTIONS,
                "-Dmicronaut.lifecycle.graceful-shutdown.grace-period=10s", "-Dseqae.limits.training.max-epochs=100000");
        String job;
        try (ServiceProcess p = ServiceProcess.start(options, "--models-dir", models.toString())) {
            String base = p.awaitUrl(90);
            // a training job that runs far longer than the grace period
            StringBuilder body = new StringBuilder("{\"config\": {\"encoder\": 4, \"decoder\": 4, \"latent\": 2, "
                    + "\"epochs\": 100000, \"patience\": 0, \"batch\": 1}, \"sequences\": [");
            for (int i = 0; i < 64; i++) {
                body.append(i == 0 ? "" : ",").append(sequence(data.get(i)));
            }
            HttpResponse<String> queued = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/models/long/train"))
                    .header("Content-Type", "application/json").header(ApiKeys.HEADER, KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body + "]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, queued.statusCode(), queued.body());
            job = JSON.readTree(queued.body()).get("id").asText();
            awaitState(base, job, "RUNNING");
            // a long request: t-SNE of 800 sequences
            StringBuilder tsne = new StringBuilder("{\"sequences\": [");
            for (int i = 0; i < 800; i++) {
                tsne.append(i == 0 ? "" : ",").append(sequence(data.get(i)));
            }
            CompletableFuture<HttpResponse<String>> projection = http.sendAsync(HttpRequest.newBuilder(
                            URI.create(base + "/api/v1/models/tiny/project?method=tsne")).header("Content-Type",
                            "application/json").POST(HttpRequest.BodyPublishers.ofString(tsne + "]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // a streamed export of 10,000 rows, not read yet (so it is still being written)
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/models/tiny/latent?dataset=many.csv&header=false&layout=rows")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (stream.statusCode() != 200) {
                throw new AssertionError(stream.statusCode() + ": " + new String(stream.body().readAllBytes(),
                        StandardCharsets.UTF_8));
            }
            // a long score: 2,000 sequences of 100 steps through the wide model
            StringBuilder many = new StringBuilder("{\"sequences\": [");
            for (int i = 0; i < longer.size(); i++) {
                many.append(i == 0 ? "" : ",").append(sequence(longer.get(i)));
            }
            CompletableFuture<HttpResponse<String>> score = http.sendAsync(HttpRequest.newBuilder(
                            URI.create(base + "/api/v1/models/wide/score")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(many + "]}")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(500);
            assertFalse(projection.isDone(), "the projection is still running at SIGTERM");
            assertFalse(score.isDone(), "the score is still running at SIGTERM");
            long terminated = System.nanoTime();
            p.terminate();
            Thread.sleep(1000);
            assertThrows(java.io.IOException.class, () -> get(base + "/health/liveness"),
                    "no new connections once stopping");
            long rows;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                rows = r.lines().count();
            }
            assertEquals(10_001, rows, "the whole export (header and every row)");
            HttpResponse<String> projected = projection.get(60, TimeUnit.SECONDS);
            assertEquals(200, projected.statusCode(), projected.body());
            assertEquals(800, JSON.readTree(projected.body()).get("rows").size());
            HttpResponse<String> scored = score.get(60, TimeUnit.SECONDS);
            assertEquals(200, scored.statusCode(), scored.body());
            assertEquals(2000, JSON.readTree(scored.body()).get("results").size());
            assertNotNull(p.waitFor(60), "the service ended after the grace period:\n" + p.output());
            double took = (System.nanoTime() - terminated) / 1e9;
            assertTrue(took >= 9, "the service waited for the training job for the grace period: " + took + " s\n"
                    + p.output());
            assertTrue(p.output().contains("training job " + job + " of model long interrupted: stopped at epoch "),
                    p.output());
        }
        try (ServiceProcess again = ServiceProcess.start(options, "--models-dir", models.toString())) {
            String base = again.awaitUrl(90);
            JsonNode v = JSON.readTree(get(base + "/api/v1/jobs/" + job).body());
            assertEquals("INTERRUPTED", v.get("state").asText(), v.toString());
            assertTrue(v.get("error").asText().contains("the service shut down before it finished"), v.toString());
            JsonNode list = JSON.readTree(get(base + "/api/v1/jobs?limit=5").body());
            assertEquals(job, list.at("/jobs/0/id").asText(), list.toString());
        }
    }

    void awaitState(String base, String job, String state) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (JSON.readTree(get(base + "/api/v1/jobs/" + job).body()).get("state").asText().equals(state)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + job + " never " + state);
    }

    static String sequence(float[][] s) {
        StringBuilder b = new StringBuilder("[");
        for (int t = 0; t < s.length; t++) {
            b.append(t == 0 ? "" : ",").append('[').append(String.format(Locale.ROOT, "%.5f", s[t][0])).append(']');
        }
        return b.append(']').toString();
    }
}
