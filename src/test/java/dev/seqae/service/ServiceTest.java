package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.data.TimeSeries;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The HTTP service through a real client: every endpoint's success path on small models trained here. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.extension.ExtendWith(ContractCheck.class)
class ServiceTest implements TestPropertyProvider {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<float[][]> NORMAL = SyntheticGenerator.normal(96, 24, 2, 5);
    static SyntheticGenerator.LabeledSeries SERIES;
    static final String KEY = "test-key-123";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    io.micronaut.runtime.server.EmbeddedServer server;

    /** The service's models folder. */
    Path modelsDir;

    /** The sequence model the service loads, to compare its answers with the core's. */
    SeqAutoencoderModel tiny;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path dir = Files.createTempDirectory("seqae-models");
            modelsDir = dir;
            ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {12}, 4, new int[] {12})
                    .withTraining(5e-3, 16, 3, 0, 0.25, 11);
            tiny = new Trainer(cfg, null).fit(NORMAL, new String[] {"a", "b"}, "tiny synthetic");
            ModelFile.save(tiny, dir.resolve("tiny.seqae"));
            SERIES = SyntheticGenerator.series(300, 2, 5);
            SeqAutoencoderModel ts = new Trainer(cfg.withData(cfg.normalization(), 20, 5), null)
                    .fit(new TimeSeries("series", null, SERIES.values(), new String[] {"x"}), "series");
            ModelFile.save(ts, dir.resolve("series.seqae"));
            RECIPE = dev.seqae.recipe.TestRecipes.aerLike(dev.seqae.anomaly.PredictionScores.Mix.GUARDED);
            dev.seqae.recipe.RecipeRun run = new dev.seqae.recipe.RecipeRun(RECIPE, 1);
            AER = run.train(sine(300, -1), "sine", 1);
            dev.seqae.recipe.RecipeModels.save(run, AER, dir.resolve("aer.seqae"));
            Files.writeString(dir.resolve("broken.seqae"), "not a zip");
            Files.writeString(dir.resolve("unloadable.seqae"), "not a zip either");
            Files.createDirectories(dir.resolve("damaged/v0001"));
            Files.writeString(dir.resolve("damaged/ACTIVE"), "v-seven");
            Path data = Files.createTempDirectory("seqae-data");
            StringBuilder csv = new StringBuilder("id,label,t0,t1,t2,t3,t4,t5,t6,t7\n");
            for (int i = 0; i < 40; i++) {
                csv.append(i).append(',').append(i % 4 == 0 ? "bad" : "ok");
                for (int t = 0; t < 8; t++) {
                    csv.append(',').append(String.format(Locale.ROOT, "%.4f", Math.sin(t + i * 0.1)));
                }
                csv.append('\n');
            }
            Files.writeString(data.resolve("beats.csv"), csv);
            StringBuilder tinyLong = new StringBuilder("id,a,b\n");
            for (int i = 0; i < 12; i++) {
                for (float[] step : NORMAL.get(i)) {
                    tinyLong.append("s").append(i).append(',').append(step[0]).append(',').append(step[1]).append('\n');
                }
            }
            Files.writeString(data.resolve("tiny-long.csv"), tinyLong);
            StringBuilder series = new StringBuilder("value\n");
            for (float[] v : SERIES.values()) {
                series.append(v[0]).append('\n');
            }
            Files.writeString(data.resolve("series.csv"), series);
            return Map.of("seqae.models-dir", dir.toString(), "seqae.limits.max-sequences", "100",
                    "seqae.limits.max-steps", "400", "micronaut.server.max-request-size", "200KB",
                    "seqae.api-key", KEY, "seqae.data-dir", data.toString(), "seqae.training.max-queued", "1",
                    "seqae.limits.training.max-epochs", "100000",
                    "seqae.intake.url", "jdbc:h2:file:" + data.resolve("intake") + dev.seqae.intake.RecordStore.H2_OPTIONS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small AER-shaped recipe (prediction heads, DTW, the guarded mix), not aggregating. */
    static dev.seqae.recipe.Recipe RECIPE;
    /** Its model, trained on a sine, imported by the service from {@code aer.seqae}. */
    static dev.seqae.recipe.RecipeRun.Trained AER;

    static TimeSeries sine(int n, int from) {
        return dev.seqae.recipe.TestRecipes.sine(n, from, 20);
    }

    JsonNode get(String path) throws IOException {
        return JSON.readTree(client.toBlocking().retrieve(path));
    }

    JsonNode post(String path, String body) throws IOException {
        return JSON.readTree(client.toBlocking().retrieve(HttpRequest.POST(path, body)
                .contentType(MediaType.APPLICATION_JSON_TYPE)));
    }

    static String sequences(List<float[][]> seqs) {
        StringBuilder sb = new StringBuilder("{\"sequences\": [");
        for (int i = 0; i < seqs.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('[');
            float[][] s = seqs.get(i);
            for (int t = 0; t < s.length; t++) {
                sb.append(t == 0 ? "" : ",").append('[');
                for (int f = 0; f < s[t].length; f++) {
                    sb.append(f == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", s[t][f]));
                }
                sb.append(']');
            }
            sb.append(']');
        }
        return sb.append("]}").toString();
    }

    @Test
    void aTooLongUrlIs414AndTooLargeHeadersAre431WithAProblem() throws Exception {
        java.net.http.HttpClient raw = java.net.http.HttpClient.newHttpClient();
        java.net.URI base = server.getURI();
        var longUrl = raw.send(java.net.http.HttpRequest.newBuilder(base.resolve("/api/v1/models/" + "m".repeat(10_000)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(414, longUrl.statusCode(), longUrl.body());
        assertTrue(longUrl.body().contains("the request line (method and URL) is longer than the server reads"),
                longUrl.body());
        assertEquals("application/problem+json", longUrl.headers().firstValue("Content-Type").orElse(""));
        var bigHeader = raw.send(java.net.http.HttpRequest.newBuilder(base.resolve("/api/v1/models"))
                .header("X-Padding", "p".repeat(100_000)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(431, bigHeader.statusCode(), bigHeader.body());
        assertTrue(bigHeader.body().contains("the request's headers are larger than the server reads"),
                bigHeader.body());
        assertNoInternals("long URL", longUrl.body());
        assertNoInternals("big header", bigHeader.body());
    }

    /** One raw HTTP/1.1 exchange on a new connection: the whole answer, until the server closes it. */
    String rawExchange(byte[] request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBrokenChunkedBodyIsNamedAsSuchNotAsEmptyOrMalformedJson() throws IOException {
        String head = "POST " + SCORE + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n";
        String good = sequences(NORMAL.subList(0, 1));
        for (String chunks : List.of("zz\r\n" + good + "\r\n0\r\n\r\n",                      // the first size
                "5\r\n" + good.substring(0, 5) + "\r\nzz\r\n" + good.substring(5) + "\r\n0\r\n\r\n")) {  // a later one
            String answer = rawExchange((head + "\r\n" + chunks).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
            assertTrue(answer.contains("the chunked request body is malformed: a chunk size is not a hexadecimal "
                    + "number"), answer);
            assertNoInternals("broken chunks", answer.substring(answer.indexOf("\r\n\r\n")));
        }
        // the same body, chunked correctly, is scored (and closing the connection ends the exchange)
        String hex = Integer.toHexString(good.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        String answer = rawExchange((head + "Connection: close\r\n\r\n" + hex + "\r\n" + good + "\r\n0\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedWithWhere() {
        byte[] json = "{\"sequences\": [[[1,2]]]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        json[3] = (byte) 0xC3;   // a lead byte without its continuation, inside the key
        byte[] csv = "1,2\n3,\u00e94\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (Object[] c : new Object[][] {{SCORE, "application/json", json, "line 1, character 4"},
            {SCORE, "text/csv", csv, "line 2, character 3"}}) {
            var e = assertThrows(HttpClientResponseException.class, () -> client.toBlocking().exchange(
                    HttpRequest.POST((String) c[0], (byte[]) c[2]).contentType((String) c[1]), String.class));
            assertEquals(400, e.getStatus().getCode());
            String body = e.getResponse().getBody(String.class).orElse("");
            assertTrue(body.contains("the request body is not valid UTF-8 (" + c[3] + ")"), body);
        }
    }

    @Test
    void aModelThatDidNotLoadIsExplainedWithoutServerPathsAndCanBeDeleted() throws IOException {
        JsonNode failed = get("/api/v1/models").get("failed_to_load");
        assertTrue(failed.has("damaged") && failed.has("unloadable"), failed.toString());
        assertTrue(failed.get("damaged").asText().contains("damaged/ACTIVE: 'v-seven' is not a version number"),
                failed.toString());
        assertFalse(failed.toString().contains(modelsDir.toString()), "no server path: " + failed);
        var versions = assertThrows(HttpClientResponseException.class,
                () -> get("/api/v1/models/damaged/versions"));
        assertEquals(409, versions.getStatus().getCode());
        String problem = versions.getResponse().getBody(String.class).orElse("");
        assertTrue(problem.contains("its version registry is damaged") && !problem.contains(modelsDir.toString()),
                problem);
        var rollback = assertThrows(HttpClientResponseException.class, () -> client.toBlocking().retrieve(
                HttpRequest.POST("/api/v1/models/damaged/rollback", "").header(ApiKeys.HEADER, KEY)));
        assertEquals(409, rollback.getStatus().getCode());
        for (String name : List.of("damaged", "unloadable")) {
            client.toBlocking().retrieve(HttpRequest.DELETE("/api/v1/models/" + name).header(ApiKeys.HEADER, KEY));
            assertFalse(get("/api/v1/models").get("failed_to_load").has(name), name);
        }
        assertFalse(Files.exists(modelsDir.resolve("damaged")) || Files.exists(modelsDir.resolve("unloadable.seqae")));
        var again = assertThrows(HttpClientResponseException.class, () -> client.toBlocking().retrieve(
                HttpRequest.DELETE("/api/v1/models/damaged").header(ApiKeys.HEADER, KEY)));
        assertEquals(404, again.getStatus().getCode());
    }

    @Test
    void listsAndDescribesModelsAndReportsFilesThatDidNotLoad() throws IOException {
        JsonNode list = get("/api/v1/models");
        List<String> names = new java.util.ArrayList<>();
        list.get("models").forEach(m -> names.add(m.get("name").asText()));
        assertTrue(names.contains("series") && names.contains("tiny"), names.toString());
        assertEquals(names.stream().sorted().toList(), names, "sorted by name");
        JsonNode tinyRow = list.get("models").get(names.indexOf("tiny"));
        assertEquals(2, tinyRow.get("features").asInt());
        assertEquals("sequences", tinyRow.get("kind").asText());
        assertTrue(list.get("failed_to_load").has("broken"), list.toString());
        JsonNode tiny = get("/api/v1/models/tiny");
        assertEquals("tiny", tiny.get("name").asText());
        assertEquals(11, tiny.at("/manifest/provenance/seed").asInt());
        assertTrue(tiny.at("/manifest/thresholds").size() >= 5, tiny.toString());
    }

    @Test
    void scoresLikeTheCoreAndFlagsAnOutlier() throws IOException {
        List<float[][]> seqs = List.of(NORMAL.get(0), SyntheticGenerator.normal(1, 24, 2, 99).get(0));
        float[][] odd = new float[24][2];
        for (int t = 0; t < 24; t++) {
            odd[t][0] = 8;
            odd[t][1] = -8;
        }
        JsonNode r = post("/api/v1/models/tiny/score", sequences(List.of(seqs.get(0), seqs.get(1), odd)));
        assertEquals(3, r.get("results").size());
        var core = tiny.score(List.of(seqs.get(0), seqs.get(1), odd), null);
        for (int i = 0; i < 3; i++) {
            assertEquals(core.get(i).score(), r.at("/results/" + i + "/score").asDouble(),
                    1e-4 * (1 + core.get(i).score()), "sequence " + i);
        }
        assertTrue(r.at("/results/2/is_anomaly").asBoolean(), r.toString());
        assertTrue(r.at("/results/2/score").asDouble() > r.at("/threshold/value").asDouble());
        assertEquals("percentile", r.at("/threshold/strategy").asText());
        JsonNode detail = post("/api/v1/models/tiny/score?detail=steps&threshold=pot", sequences(seqs));
        assertEquals(24, detail.at("/results/0/step_scores").size());
        assertEquals(2, detail.at("/results/0/squared_errors/0").size());
        assertEquals("pot", detail.at("/threshold/strategy").asText());
        // a body over ModelController.INLINE_BODY_CHARS is parsed off the event loop: the same scores
        List<float[][]> many = SyntheticGenerator.normal(90, 48, 2, 5);
        String body = sequences(many);
        assertTrue(body.length() > ModelController.INLINE_BODY_CHARS, "body of " + body.length() + " chars");
        JsonNode large = post("/api/v1/models/tiny/score", body);
        var coreMany = tiny.score(many, null);
        assertEquals(90, large.get("results").size());
        for (int i = 0; i < 90; i += 17) {
            assertEquals(coreMany.get(i).score(), large.at("/results/" + i + "/score").asDouble(),
                    1e-4 * (1 + coreMany.get(i).score()), "sequence " + i);
        }
    }

    @Test
    void encodesReconstructsAndAcceptsCsv() throws IOException {
        List<float[][]> seqs = NORMAL.subList(0, 3);
        JsonNode enc = post("/api/v1/models/tiny/encode", sequences(seqs));
        assertEquals(4, enc.get("latent_size").asInt());
        assertEquals(3, enc.get("latents").size());
        float[] core = tiny.encode(seqs).get(1);
        for (int k = 0; k < core.length; k++) {
            assertEquals(core[k], enc.at("/latents/1/" + k).asDouble(), 1e-3);
        }
        JsonNode rec = post("/api/v1/models/tiny/reconstruct", sequences(seqs));
        assertEquals(24, rec.at("/reconstructions/0").size());
        assertEquals(tiny.reconstruct(seqs, false).get(2).reconstruction()[5][1],
                rec.at("/reconstructions/2/5/1").asDouble(), 1e-3);
        // the same first sequence as CSV, one row per step (a time series = one sequence)
        StringBuilder csv = new StringBuilder("a,b\n");
        for (float[] step : seqs.get(0)) {
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f%n", step[0], step[1]));
        }
        JsonNode viaCsv = JSON.readTree(client.toBlocking().retrieve(HttpRequest.POST("/api/v1/models/tiny/score",
                csv.toString()).contentType("text/csv")));
        JsonNode viaJson = post("/api/v1/models/tiny/score", sequences(seqs.subList(0, 1)));
        assertEquals(viaJson.at("/results/0/score").asDouble(), viaCsv.at("/results/0/score").asDouble(), 1e-9);
    }

    @Test
    void denoisesWithTheSameNumbersAsTheCommandLine() throws IOException {
        // the same CSV (a long-form file of 3 sequences) through seqae denoise and through the endpoint
        StringBuilder csv = new StringBuilder("id,a,b\n");
        for (int i = 0; i < 3; i++) {
            for (float[] step : NORMAL.get(i)) {
                csv.append('s').append(i).append(',').append(step[0]).append(',').append(step[1]).append('\n');
            }
        }
        Path dir = Files.createTempDirectory("seqae-denoise");
        Path data = dir.resolve("long.csv");
        Files.writeString(data, csv);
        Path model = dir.resolve("tiny.seqae");
        ModelFile.save(tiny, model);
        Path out = dir.resolve("denoised.csv");
        assertEquals(0, dev.seqae.cli.SeqaeCommand.execute("denoise", "-m", model.toString(), "-d", data.toString(),
                "--id-column", "id", "-o", out.toString()));
        List<String> cli = Files.readAllLines(out);
        assertEquals(1 + 3 * 24, cli.size());
        JsonNode http = JSON.readTree(client.toBlocking().retrieve(HttpRequest.POST(
                "/api/v1/models/tiny/denoise?id_column=id", csv.toString()).contentType("text/csv")));
        assertEquals(1, http.get("version").asInt());
        assertEquals(false, http.get("denoising").asBoolean());
        for (int i = 0; i < 3; i++) {
            for (int t = 0; t < 24; t++) {
                String[] cells = cli.get(1 + i * 24 + t).split(",");
                for (int f = 0; f < 2; f++) {
                    assertEquals(Float.parseFloat(cells[1 + f]), (float) http.at("/sequences/" + i + "/" + t + "/" + f)
                            .asDouble(), 0f, "sequence " + i + " step " + t + " feature " + f);
                }
            }
        }
        // a series for a time-series model: {"values": ...} -> {"values": ...}, one per point
        StringBuilder values = new StringBuilder("{\"values\": [");
        for (int i = 0; i < 100; i++) {
            values.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", SERIES.values()[i][0]));
        }
        JsonNode series = post("/api/v1/models/series/denoise", values.append("], \"stride\": 2}").toString());
        assertEquals(100, series.get("values").size());
    }

    @Test
    void detectsIntervalsOnATimeSeries() throws IOException {
        StringBuilder values = new StringBuilder("{\"values\": [");
        for (int i = 0; i < SERIES.values().length; i++) {
            values.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", SERIES.values()[i][0]));
        }
        values.append("], \"smoothing\": 3, \"points\": true}");
        JsonNode r = post("/api/v1/models/series/detect", values.toString());
        assertEquals(300, r.get("points").asInt());
        assertEquals(300, r.get("point_scores").size());
        assertTrue(r.get("point_threshold").isNumber(), r.toString());
        for (JsonNode i : r.get("intervals")) {
            assertTrue(i.get("start").asInt() <= i.get("end").asInt());
            assertTrue(i.at("/feature_shares/x").asDouble() > 0.99, i.toString());
        }
        JsonNode local = post("/api/v1/models/series/detect", values.toString().replace("\"points\": true",
                "\"local_window\": 100, \"threshold\": \"dynamic\""));
        assertEquals(100, local.get("local_window").asInt());
        assertTrue(local.get("point_threshold").isNull());
    }

    @Test
    void aModelTrainedWithARecipeDetectsWithItsRecipe() throws IOException {
        TimeSeries sent = sine(300, 200);
        StringBuilder values = new StringBuilder("{\"values\": [");
        float[][] parsed = new float[sent.length()][];
        for (int i = 0; i < sent.length(); i++) {
            String v = String.format(Locale.ROOT, "%.7f", sent.values()[i][0]);
            values.append(i == 0 ? "" : ",").append(v);
            parsed[i] = new float[] {Float.parseFloat(v)};
        }
        values.append("]");
        TimeSeries test = new TimeSeries("sine", null, parsed, new String[] {"value"});
        JsonNode r = post("/api/v1/models/aer/detect", values + ", \"points\": true}");
        assertEquals("aer-like", r.get("recipe").asText(), r.toString());
        // the same intervals as the core's detection with the recipe, as original points
        var expected = new dev.seqae.recipe.RecipeRun(RECIPE, 1).detect(AER, test);
        assertEquals(expected.intervals().size(), r.get("intervals").size(), r.toString());
        assertTrue(r.get("intervals").size() > 0, "the flat stretch is found: " + r);
        for (int k = 0; k < expected.intervals().size(); k++) {
            assertEquals(expected.points().get(k)[0], r.get("intervals").get(k).get("start").asInt());
            assertEquals(expected.points().get(k)[1], r.get("intervals").get(k).get("end").asInt());
            assertEquals(expected.intervals().get(k).severity(), r.get("intervals").get(k).get("severity").asDouble(),
                    1e-12);
        }
        assertEquals(300, r.get("point_scores").size());
        assertEquals(expected.pointErrors()[250], r.get("point_scores").get(250).asDouble(), 1e-12);
        // the plain model's detection settings are the recipe's own: named in a 400
        var refused = assertThrows(HttpClientResponseException.class,
                () -> post("/api/v1/models/aer/detect", values + ", \"smoothing\": 3}"));
        assertEquals(400, refused.getStatus().getCode());
        String body = refused.getResponse().getBody(String.class).orElse("");
        assertTrue(body.contains("smoothing: model 'aer' detects with its recipe aer-like, whose detection settings "
                + "are its own"), body);
        // listed and described with it; the imported file kept the recipe
        JsonNode list = get("/api/v1/models");
        boolean listed = false;
        for (JsonNode m : list.get("models")) {
            if (m.get("name").asText().equals("aer")) {
                listed = true;
                assertEquals("aer-like", m.get("recipe").asText(), m.toString());
            } else {
                assertTrue(m.get("recipe").isNull(), m.toString());
            }
        }
        assertTrue(listed, list.toString());
        JsonNode described = get("/api/v1/models/aer");
        assertEquals("GUARDED", described.at("/recipe/scoring/mix").asText(), described.toString());
        assertEquals(8, described.at("/recipe/scoring/guard").asInt(), described.toString());
    }

    @Test
    void healthIsUpAndReadyWithModelsAndShowsDetailsOnlyWithTheKey() throws IOException {
        assertEquals("UP", get("/health/liveness").get("status").asText());
        JsonNode ready = get("/health/readiness");
        assertEquals("UP", ready.get("status").asText(), ready.toString());
        JsonNode open = get("/health");
        assertEquals("UP", open.get("status").asText());
        assertTrue(open.get("details").isNull(), "no details without the key: " + open);
        JsonNode keyed = JSON.readTree(client.toBlocking().retrieve(HttpRequest.GET("/health")
                .header(ApiKeys.HEADER, KEY)));
        assertTrue(keyed.at("/details/models").toString().contains("\"tiny\""), keyed.toString());
        assertTrue(keyed.at("/details/failed_to_load").has("broken"), keyed.toString());
        assertTrue(keyed.at("/details/disk/free_bytes").asLong() > 0, keyed.toString());
    }

    @Test
    void prometheusCountsRequestsSequencesAndAnomalies() throws IOException {
        post("/api/v1/models/tiny/score", sequences(NORMAL.subList(0, 3)));
        String metrics = client.toBlocking().retrieve("/prometheus");
        assertTrue(metrics.contains("seqae_sequences_scored_total{model=\"tiny\"}"), metrics);
        assertTrue(metrics.contains("seqae_anomalies_flagged_total{model=\"tiny\"}"), metrics);
        assertTrue(metrics.contains("http_server_requests_seconds_bucket{"), "latency histogram");
        assertTrue(metrics.contains("uri=\"/api/v1/models/{name}/score\""), "per endpoint");
        assertTrue(metrics.contains("seqae_training_jobs{state=\"running\"}"), metrics);
    }

    @Test
    void theOpenApiDocumentListsEveryEndpointAndSwaggerUiIsServed() {
        String doc = client.toBlocking().retrieve("/swagger/seqae-1.yml");
        for (String path : List.of("/api/v1/models:", "/api/v1/models/{name}:", "/api/v1/models/{name}/score:",
                "/api/v1/models/{name}/detect:", "/api/v1/models/{name}/encode:", "/api/v1/models/{name}/reconstruct:",
                "/api/v1/models/{name}/train:", "/api/v1/jobs:", "/api/v1/jobs/{id}:",
                "/api/v1/models/{name}/project:", "/api/v1/models/{name}/latent:",
                "/api/v1/models/{name}/plots/{kind}:", "/api/v1/models/{name}/versions:",
                "/api/v1/models/{name}/versions/{v}/promote:", "/api/v1/models/{name}/rollback:")) {
            assertTrue(doc.contains("  " + path + "\n"), path + " missing from\n" + doc);
        }
        assertTrue(client.toBlocking().retrieve("/swagger-ui/index.html").contains("swagger"), "Swagger UI");
    }

    /** A bad request: what is sent, the status expected and words the problem's detail must contain. */
    record Bad(String method, String path, String contentType, String body, int status, String detail) {
    }

    static final String SCORE = "/api/v1/models/tiny/score";
    static final String DETECT = "/api/v1/models/series/detect";
    static final String TRAIN = "/api/v1/models/fresh/train";

    /** Three small sequences for the tiny model. */
    static final String THREE = "[[[1,2]],[[1,2]],[[3,4]]]";

    static List<Bad> catalogue() {
        String big = "{\"sequences\": [" + "[[1,2]],".repeat(110) + "[[1,2]]]}";
        String longSeq = "{\"sequences\": [[" + "[1,2],".repeat(450) + "[1,2]]]}";
        String huge = "{\"sequences\": [[" + "[1.0000001,2.0000001],".repeat(12_000) + "[1,2]]]}";
        // over ModelController.INLINE_BODY_CHARS: parsed on the blocking executor, the same message
        String offLoop = "{\"sequences\": [" + ("[" + "[1.25,2.5],".repeat(299) + "[1,2]],").repeat(30)
                + "[[1,2],[3,NaN]]]}";
        return List.of(
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1,2]", 400, "malformed JSON at line 1"),
            new Bad("POST", SCORE, "application/json", "not json", 400, "malformed JSON"),
            new Bad("POST", SCORE, ";;;", "{\"sequences\": [[[1,2]]]}", 415,
                    "Content-Type ';;;' is not served: send application/json or text/csv (UTF-8)"),
            new Bad("POST", SCORE, "text/plain", "{\"sequences\": [[[1,2]]]}", 415,
                    "Content-Type 'text/plain' is not served"),
            new Bad("POST", SCORE, "application/json; charset=iso-8859-1", "{\"sequences\": [[[1,2]]]}", 415,
                    "the charset must be UTF-8, got 'iso-8859-1'"),
            new Bad("POST", SCORE, "application/json; utf8", "{\"sequences\": [[[1,2]]]}", 415,
                    "is malformed (parameter 'utf8' is not name=value)"),
            new Bad("POST", DETECT, "application/xml", "<values/>", 415, "Content-Type 'application/xml' is not served"),
            new Bad("POST", TRAIN + "?key", "text/html", "{}", 415, "Content-Type 'text/html' is not served"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1,2]]]}xyz", 400,
                    "malformed JSON at line 1, column 25: unexpected text after the JSON value"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1,2]]]} {}", 400,
                    "unexpected text after the JSON value"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1,2]]], \"sequences\": [[[3,4]]]}", 400,
                    "malformed JSON at line 1, column 37: the field 'sequences' is given twice"),
            new Bad("POST", DETECT, "application/json", "{\"values\": [1, 2], \"values\": [3]}", 400,
                    "the field 'values' is given twice"),
            new Bad("POST", DETECT, "application/json", "{\"values\": [1, 2, 3], \"smoothin\": 3}", 400,
                    "unknown field 'smoothin' (known: local_step, local_window, min_length, padding, points, prune, "
                            + "smoothing, stride, threshold, timestamps, values)"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1,2]]], \"detail\": \"steps\"}", 400,
                    "unknown field 'detail' (known: sequences)"),
            new Bad("POST", "/api/v1/models/tiny/encode", "application/json", "{\"sequence\": [[[1,2]]]}", 400,
                    "unknown field 'sequence' (known: sequences)"),
            new Bad("POST", "/api/v1/models/tiny/reconstruct", "application/json",
                    "{\"sequences\": [[[1,2]]], \"free_running\": true}", 400, "unknown field 'free_running'"),
            new Bad("POST", "/api/v1/models/tiny/project", "application/json",
                    "{\"sequences\": [[[1,2]]], \"method\": \"pca\"}", 400, "unknown field 'method'"),
            new Bad("POST", "/api/v1/models/tiny/project", "application/json",
                    "{\"sequences\": [" + "[[1,2],[3,4]],".repeat(9) + "[[1,2],[3,4]]]}", 400,
                    "all 10 latent vectors are identical"),
            new Bad("POST", "/api/v1/models/tiny/project?method=tsne&iterations=1000000000", "application/json",
                    "{\"sequences\": [[[1,2]]]}", 400,
                    "iterations must be from 250 to 2000 (the server's limit), got 1000000000"),
            new Bad("POST", "/api/v1/models/tiny/project?method=tsne&max_points=100000", "application/json",
                    "{\"sequences\": [[[1,2]]]}", 400, "max_points must be from 10 to 5000 (the server's limit), "
                    + "got 100000"),
            new Bad("POST", "/api/v1/models/tiny/denoise", "application/json",
                    "{\"sequences\": [[[1,2]]], \"strid\": 2}", 400, "unknown field 'strid'"),
            new Bad("POST", "/api/v1/datasets/d1/records?key", "application/json", "{\"points\": [1], \"when\": 3}",
                    400, "unknown field 'when' (known: points, sequences)"),
            new Bad("POST", SCORE, "application/json", "", 400, "body is empty"),
            new Bad("POST", SCORE, "application/json", "{}", 400, "missing field 'sequences'"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": 5}", 400, "sequences must be an array"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": []}", 400, "sequences is empty"),
            new Bad("POST", SCORE, "application/json", "[]", 400, "the body is empty: send at least one sequence"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[]]}", 400, "sequences[0] is empty"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [5]}", 400,
                    "sequences[0] must be an array of steps, got a number"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1,2],[1,NaN]]]}", 400,
                    "sequences[0][1][1] is NaN"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1,2],[Infinity,2]]]}", 400,
                    "sequences[0][1][0] is infinite"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1,2],[-Infinity,2]]]}", 400,
                    "sequences[0][1][0] is infinite"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1,2],[1,2,3]]]}", 400,
                    "sequences[0][1] has 3 features, model expects 2"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1,2]],[[1]]]}", 400,
                    "sequences[1][0] has 1 features, model expects 2"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1,\"x\"]]]}", 400,
                    "sequences[0][0][1] must be a number, got the string \"x\""),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1,null]]]}", 400,
                    "sequences[0][0][1] must be a number, got null"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[{\"a\":1}]]}", 400,
                    "sequences[0][0] must be an array of numbers (one per feature), got an object"),
            new Bad("POST", SCORE, "application/json", "{\"sequences\": [[[1e39,2]]]}", 400,
                    "sequences[0][0][0] is infinite or out of float range"),
            new Bad("POST", SCORE, "application/json", offLoop, 400, "sequences[30][1][1] is NaN"),
            new Bad("POST", SCORE, "application/json", big, 413, "111 sequences in one request; the limit is 100"),
            new Bad("POST", SCORE, "application/json", longSeq, 413, "sequences[0] has 451 steps; the limit is 400"),
            new Bad("POST", SCORE, "application/json", huge, 413, ""),
            new Bad("POST", SCORE + "?detail=everything", "application/json", "[[[1,2]]]", 400,
                    "detail: 'everything' is not supported"),
            new Bad("POST", SCORE + "?threshold=magic", "application/json", "[[[1,2]]]", 400,
                    "threshold: unknown value 'magic' (expected one of percentile"),
            new Bad("POST", "/api/v1/models/nope/score", "application/json", "[[[1,2]]]", 404, "model 'nope' not found"),
            new Bad("GET", "/api/v1/models/nope", null, null, 404, "model 'nope' not found"),
            new Bad("GET", "/api/v1/models/broken", null, null, 404, "its file did not load"),
            new Bad("GET", "/api/v1/models/..%2F..%2Fetc%2Fpasswd", null, null, 400, "is not valid"),
            new Bad("POST", "/api/v1/models/%2Ftmp%2Fx/score", "application/json", "[[[1,2]]]", 400, "is not valid"),
            new Bad("POST", "/api/v1/models/.hidden/score", "application/json", "[[[1,2]]]", 400, "is not valid"),
            new Bad("POST", SCORE, "text/csv", "a,b\n1,2\n3,x\n", 400, "line 3, column 2: 'x' is not a number"),
            new Bad("POST", SCORE, "text/csv", "a,b,c\n1,2,3\n", 400, "has 3 features, model expects 2"),
            new Bad("POST", SCORE, "text/csv", "", 400, "body is empty"),
            new Bad("POST", SCORE, "application/xml", "<a/>", 415, ""),
            new Bad("GET", SCORE, null, null, 405, ""),
            new Bad("POST", "/api/v1/models/tiny/reconstruct?free_running=true", "application/json", "[[[1,2]]]", 400,
                    "free-running reconstruction needs a conditional-decoder model"),
            new Bad("POST", "/api/v1/models/tiny/reconstruct?free_running=maybe", "application/json", "[[[1,2]]]",
                    400, "free_running: 'maybe' is not true or false"),
            new Bad("POST", "/api/v1/models/tiny/detect", "application/json", "{\"values\": [[1,2]]}", 400,
                    "scores separate sequences, not a time series"),
            new Bad("POST", DETECT, "application/json", "[1,2,3]", 400, "the body must be an object"),
            new Bad("POST", DETECT, "application/json", "{\"values\": [1,2,3]}", 400,
                    "values has 3 points, fewer than the model's window of 20"),
            new Bad("POST", DETECT, "application/json", "{\"timestamps\": []}", 400, "missing field 'values'"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"padding\": -1}", 400, "padding must be an integer from 0 to 31, got -1"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"smoothing\": 2.5}", 400, "smoothing must be an integer from 1 to 31, got a number (2.5)"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"timestamps\": [\"a\"]}", 400, "timestamps must be an array of 31 strings"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"local_window\": 1}", 400, "local_window must be 0 (the threshold fitted at training) or from 2 to 31"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"stride\": 21}", 400, "stride must be an integer from 1 to 20, got 21"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"stride\": 2147483647}", 400, "stride must be an integer from 1 to 20, got 2147483647"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"stride\": 2147483648}", 400, "stride must be an integer from 1 to 20, got a number (2147483648)"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"padding\": 2147483647}", 400, "padding must be an integer from 0 to 31, got 2147483647"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"local_window\": 5, \"local_step\": 0}", 400, "local_step must be an integer from 1 to 31, got 0"),
            new Bad("POST", "/api/v1/models/series/denoise", "application/json", "{\"values\": " + "[" + "1,".repeat(30)
                    + "1], \"stride\": 21}", 400, "stride must be an integer from 1 to 20, got 21"),
            new Bad("GET", "/api/v1/nothing", null, null, 404, ""),
            new Bad("POST", TRAIN, "application/json", "{\"sequences\": [[[1,2]]]}", 401, "missing X-API-Key header"),
            new Bad("POST", TRAIN + "?wrongkey", "application/json", "{\"sequences\": [[[1,2]]]}", 401,
                    "wrong API key"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"dataset\": \"../../etc/passwd\"}", 400,
                    "must be a relative path inside the data folder"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"dataset\": \"/etc/passwd\"}", 400,
                    "must be a relative path inside the data folder"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"dataset\": \"nope.csv\"}", 404,
                    "dataset 'nope.csv' not found"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"sequences\": [[[1,2]]], \"config\": "
                    + "{\"wings\": 2}}", 400, "config.wings: unknown setting 'wings'"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"sequences\": [[[1,2]]], \"config\": "
                    + "{\"latent\": -1}}", 400, "config.latent: latent must be >= 0"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"config\": {}}", 400,
                    "give exactly one of 'sequences', 'values' or 'dataset' (got 0)"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"values\": [1,2,3]}", 400,
                    "needs config.window"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"sequences\": [[[1,2],[3]]]}", 400,
                    "sequences[0][1] has 1 features, the first step has 2"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"sequences\": [[[1,2]]], \"colour\": 1}", 400,
                    "unknown field 'colour'"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"sequences\": [[[1,2]]], \"config\": "
                    + "{\"epochs\": 100001}}", 400, "config.epochs must be from 1 to 100000 (the server's limit), got 100001"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"sequences\": [[[1,2]]], \"config\": "
                    + "{\"encoder\": [64, 5000]}}", 400, "config.encoder must be from 1 to 1024 (the server's limit), "
                    + "got 5000"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"sequences\": [[[1,2]]], \"config\": "
                    + "{\"latent\": 2000}}", 400, "config.latent must be from 0 to 1024"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"sequences\": [[[1,2]]], \"config\": "
                    + "{\"batch\": 100000}}", 400, "config.batch must be from 1 to 4096"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"sequences\": [[[1,2]]], \"config\": "
                    + "{\"threads\": 999}}", 400, "config.threads must be from 1 to"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"values\": [1,2,3,4,5], \"config\": "
                    + "{\"window\": 5}}", 400, "config.window (5) must be shorter than the series (5 points)"),
            new Bad("POST", TRAIN + "?key", "application/json", "{\"sequences\": [[[1],[2],[3]], [[1],[2]]], "
                    + "\"config\": {\"window\": 3}}", 400, "config.window (3) is longer than sequence 1 (2 steps)"),
            new Bad("POST", "/api/v1/models/..%2Fx/train?key", "application/json", "{\"sequences\": [[[1,2]]]}", 400,
                    "is not valid"),
            new Bad("GET", "/api/v1/jobs/nope", null, null, 404, "job 'nope' not found"),
            new Bad("GET", "/api/v1/jobs?limit=0", null, null, 400, "limit: 0 is not between 1 and 200"),
            new Bad("GET", "/api/v1/jobs?limit=201", null, null, 400, "limit: 201 is not between 1 and 200"),
            new Bad("GET", "/api/v1/jobs?limit=ten", null, null, 400, "limit: 'ten' is not a whole number"),
            new Bad("GET", "/api/v1/jobs?cursor=abc", null, null, 400, "cursor: 'abc' is not a cursor this service"),
            new Bad("GET", "/health/x", null, null, 404, "Page Not Found"),
            new Bad("DELETE", "/api/v1/jobs/nope?key", null, null, 404, "job 'nope' not found"),
            new Bad("DELETE", "/api/v1/jobs/nope", null, null, 401, "missing X-API-Key header"),
            new Bad("DELETE", "/api/v1/models/nope?key", null, null, 404, "model 'nope' not found"),
            new Bad("DELETE", "/api/v1/models/..%2Ftiny?key", null, null, 400, "is not valid"),
            new Bad("GET", "/api/v1/models/tiny/latent", null, null, 400, "missing query parameter 'dataset'"),
            new Bad("POST", "/api/v1/datasets/d1/records", "application/json", "{\"points\": [1]}", 401,
                    "missing X-API-Key header"),
            new Bad("POST", "/api/v1/datasets/d1/records?key", "application/json", "{\"rows\": [1]}", 400,
                    "exactly one of 'points'"),
            new Bad("POST", "/api/v1/datasets/d1/records?key", "application/json", "{\"points\": [1, NaN, 2]}", 400,
                    "points[1] is NaN"),
            new Bad("POST", "/api/v1/datasets/..%2Fd/records?key", "application/json", "{\"points\": [1]}", 400,
                    "dataset name '../d' is not valid"),
            new Bad("GET", "/api/v1/models/" + "m".repeat(3000), null, null, 400,
                    "model name '" + "m".repeat(40) + "…' (3000 characters) is not valid"),
            new Bad("POST", "/api/v1/models/tiny/denoise", "application/json", "{\"sequences\": [[[1, NaN]]]}", 400,
                    "sequences[0][0][1] is NaN"),
            new Bad("POST", "/api/v1/models/tiny/denoise", "application/json", "{\"sequences\": [[[1, 2, 3]]]}", 400,
                    "sequences[0][0] has 3 features, model expects 2"),
            new Bad("POST", "/api/v1/models/nope/denoise", "application/json", "{\"sequences\": [[[1, 2]]]}", 404,
                    "model 'nope' not found"),
            new Bad("POST", "/api/v1/models/tiny/denoise", "application/json", "", 400, "the request body is empty"),
            new Bad("POST", "/api/v1/models/series/denoise", "application/json", "{\"values\": [1, 2], \"stride\": 1}",
                    400, "window length 20 is longer than the series (2 points)"),
            new Bad("POST", "/api/v1/models/series/denoise", "application/json",
                    "{\"values\": [1, 2], \"colour\": 1}", 400, "unknown field 'colour'"),
            new Bad("GET", "/api/v1/datasets/never", null, null, 404, "dataset 'never' not found"),
            new Bad("POST", "/api/v1/datasets/d1/records?key", "text/csv", "1,2,3\n4,x,6\n", 400,
                    "request body, line 2, column 2: 'x' is not a number"),
            new Bad("POST", "/api/v1/datasets/d1/records?key", "text/csv", "", 400, "the request body is empty"),
            new Bad("POST", "/api/v1/datasets/d1/records?key", "text/csv", "timestamp,value\n2020-01-01 00:00:00,1\n"
                    + "2020-13-45 99:99,2\n", 400, "request body, line 3, column 1: time stamp '2020-13-45 99:99' "
                    + "(column 'timestamp') is neither a number nor a date-time"),
            new Bad("POST", "/api/v1/datasets/d1/records?key", "text/csv", "time,value\nnot-a-date,1\n", 400,
                    "time stamp 'not-a-date'"),
            new Bad("POST", "/api/v1/datasets/d1/records?layout=wide?key", "text/csv", "1\n", 400,
                    "layout: unknown value 'wide' (expected one of timeseries, rows, long, auto)"),
            new Bad("GET", "/api/v1/models/tiny/latent?dataset=..%2F..%2Fetc%2Fpasswd", null, null, 400,
                    "must be a relative path inside the data folder"),
            new Bad("GET", "/api/v1/models/tiny/latent?dataset=tiny-long.csv&layout=long&id_column=id&format=xml",
                    null, null, 400, "format: 'xml' is not one of csv, json"),
            new Bad("GET", "/api/v1/models/tiny/plots/pie.png", null, null, 404, "no plot 'pie.png'"),
            new Bad("GET", "/api/v1/models/tiny/plots/loss.png?width=10", null, null, 400,
                    "width and height must be in [100, 4000]"),
            new Bad("POST", "/api/v1/models/tiny/project?method=umap", "application/json", "[[[1,2]],[[1,2]],[[3,4]]]",
                    400, "method: 'umap' is not one of pca, tsne"),
            new Bad("POST", "/api/v1/models/tiny/project?method=tsne", "application/json", "[[[1,2]],[[1,2]],[[3,4]]]",
                    400, "perplexity must be below (points - 1) / 3"),
            // projections: every parameter out of its range
            new Bad("POST", "/api/v1/models/tiny/project?dims=4", "application/json", THREE, 400, "dims"),
            new Bad("POST", "/api/v1/models/tiny/project?dims=1", "application/json", THREE, 400, "dims"),
            new Bad("POST", "/api/v1/models/tiny/project?dims=two", "application/json", THREE, 400, "dims"),
            new Bad("POST", "/api/v1/models/tiny/project?method=tsne&perplexity=0", "application/json", THREE, 400,
                    "perplexity must be > 0, got 0"),
            new Bad("POST", "/api/v1/models/tiny/project?method=tsne&learning_rate=-1", "application/json", THREE, 400,
                    "learning_rate must be > 0, got -1"),
            new Bad("POST", "/api/v1/models/tiny/project?method=tsne&iterations=10", "application/json", THREE, 400,
                    "iterations must be >= 250, got 10"),
            new Bad("POST", "/api/v1/models/tiny/project?method=tsne&max_points=5", "application/json", THREE, 400,
                    "max_points must be >= 10, got 5"),
            new Bad("POST", "/api/v1/models/tiny/project?seed=abc", "application/json", THREE, 400, "seed"),
            new Bad("POST", "/api/v1/models/tiny/project", "application/json", "[]", 400, "is empty"),
            new Bad("POST", "/api/v1/models/tiny/project", "application/json", "[[[1,2,3]]]", 400,
                    "has 3 features, model expects 2"),
            new Bad("POST", "/api/v1/models/nope/project", "application/json", THREE, 404, "model 'nope' not found"),
            // plots and exports
            new Bad("GET", "/api/v1/models/tiny/plots/loss.png?width=5000", null, null, 400,
                    "width and height must be in [100, 4000], got 5000x600"),
            new Bad("GET", "/api/v1/models/tiny/plots/loss.png?height=abc", null, null, 400, "height"),
            new Bad("GET", "/api/v1/models/tiny/plots/latent.png", null, null, 400, "missing query parameter 'dataset'"),
            new Bad("GET", "/api/v1/models/tiny/plots/latent.png?dataset=nope.csv", null, null, 404,
                    "dataset 'nope.csv' not found"),
            new Bad("GET", "/api/v1/models/tiny/plots/latent.png?dataset=beats.csv&method=umap", null, null, 400,
                    "method: 'umap' is not one of pca, tsne"),
            new Bad("GET", "/api/v1/models/nope/plots/loss.png", null, null, 404, "model 'nope' not found"),
            new Bad("GET", "/api/v1/models/tiny/latent?dataset=nope.csv", null, null, 404, "dataset 'nope.csv' not found"),
            new Bad("GET", "/api/v1/models/tiny/latent?dataset=%2Fetc%2Fpasswd", null, null, 400,
                    "must be a relative path inside the data folder"),
            new Bad("GET", "/api/v1/models/tiny/latent?dataset=beats.csv&layout=sideways", null, null, 400,
                    "layout: unknown value 'sideways'"),
            // versions, promotion, rollback, deletion, jobs
            new Bad("GET", "/api/v1/models/nope/versions", null, null, 404, "model 'nope' not found"),
            new Bad("POST", "/api/v1/models/tiny/versions/99/promote?key", "application/json", "", 404, "99"),
            new Bad("POST", "/api/v1/models/tiny/versions/abc/promote?key", "application/json", "", 400, ""),
            new Bad("POST", "/api/v1/models/tiny/versions/1/promote", "application/json", "", 401,
                    "missing X-API-Key header"),
            new Bad("POST", "/api/v1/models/nope/rollback?key", "application/json", "", 404, "model 'nope' not found"),
            new Bad("POST", "/api/v1/models/tiny/rollback", "application/json", "", 401, "missing X-API-Key header"),
            new Bad("DELETE", "/api/v1/models/tiny", null, null, 401, "missing X-API-Key header"),
            new Bad("DELETE", "/api/v1/models/tiny?wrongkey", null, null, 401, "wrong API key"),
            new Bad("DELETE", "/api/v1/jobs/nope", null, null, 401, "missing X-API-Key header"),
            // scoring-like bodies: NaN, infinity, shapes, types, in JSON and CSV
            new Bad("POST", "/api/v1/models/tiny/encode", "application/json", "{\"sequences\": [[[1, NaN]]]}", 400,
                    "sequences[0][0][1] is NaN"),
            new Bad("POST", "/api/v1/models/tiny/encode", "application/json", "{\"sequences\": [[[1, Infinity]]]}", 400,
                    "sequences[0][0][1] is infinite"),
            new Bad("POST", "/api/v1/models/tiny/reconstruct", "application/json", "{\"sequences\": [[[1, 2, 3]]]}", 400,
                    "has 3 features, model expects 2"),
            new Bad("POST", "/api/v1/models/tiny/reconstruct", "application/json", "{\"sequences\": [[[1, \"x\"]]]}",
                    400, "sequences[0][0][1] must be a number, got the string \"x\""),
            new Bad("POST", "/api/v1/models/tiny/encode", "text/csv", "1,2\n3,NaN\n", 400, "NaN"),
            new Bad("POST", "/api/v1/models/tiny/encode", "text/csv", "1,2\n3\n", 400, ""),
            new Bad("POST", "/api/v1/models/tiny/denoise", "application/json", "{\"sequences\": [[[1, true]]]}", 400,
                    "must be a number, got a boolean"),
            new Bad("POST", "/api/v1/models/tiny/denoise", "application/json", "{\"sequences\": {}}", 400,
                    "must be an array of sequences, got an object"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"threshold\": \"magic\"}", 400, "threshold: unknown value 'magic'"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"prune\": \"lots\"}", 400, "prune must be a finite number"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"local_window\": 32}", 400, "local_window must be an integer from 0 to 31, got 32"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "1], "
                    + "\"local_step\": 3}", 400, "local-step needs local-window"),
            new Bad("POST", DETECT, "application/json", "{\"values\": " + "[" + "1,".repeat(30) + "NaN]}", 400,
                    "values[30] is NaN"),
            new Bad("POST", "/api/v1/models/tiny/detect", "application/json", "{\"values\": [1, 2]}", 400,
                    "scores separate sequences, not a time series"),
            // intake
            new Bad("POST", "/api/v1/datasets/d1/records?key", "application/json", "{\"sequences\": [[[1,2]], [[1]]]}",
                    400, "sequences[1][0] has 1 features, the first step has 2"),
            new Bad("POST", "/api/v1/datasets/d1/records?key", "text/csv", "a,b\n1,Infinity\n", 400, "Infinity"),
            new Bad("POST", "/api/v1/datasets/d1/records?key", "application/json", "{\"points\": [1], \"sequences\": "
                    + "[[[1]]]}", 400, "exactly one of 'points'"),
            new Bad("GET", "/api/v1/datasets/..%2Fd1", null, null, 400, "dataset name '../d1' is not valid"));
    }

    /** No server path, class name, stack frame or framework setting in an answer. */
    static void assertNoInternals(String where, String body) {
        for (String internal : List.of(System.getProperty("java.io.tmpdir") + "/", System.getProperty("user.dir"),
                "Exception", "\tat ", "java.", "dev.seqae.", "org.", "com.fasterxml", "micronaut.", "--")) {
            assertFalse(body.contains(internal), where + ": the answer holds '" + internal + "': " + body);
        }
    }

    @Test
    void badRequestsGetTheRightStatusAndAProblemThatNamesTheProblem() throws IOException {
        List<Bad> bad = catalogue();
        assertTrue(bad.size() >= 150, "catalogue size " + bad.size());
        List<String> wrong = new java.util.ArrayList<>();   // every mismatch, not only the first
        for (Bad b : bad) {
            try {
                check(b);
            } catch (AssertionError | RuntimeException e) {
                wrong.add(e.getMessage());
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + bad.size() + " answers were not as catalogued:\n"
                + String.join("\n", wrong));
        assertEquals("UP", get("/health").path("status").asText(), "the server is healthy after the catalogue");
        assertEquals(2, post(SCORE, sequences(NORMAL.subList(0, 2))).get("results").size(), "and still scores");
    }

    /** One catalogued request: its status, a problem document that says what, and nothing internal. */
    private void check(Bad b) throws IOException {
        // "?key" / "?wrongkey" at the end of a path say which API key to send
        String path = b.path().replaceAll("\\?(wrong)?key$", "");
        MutableHttpRequest<?> request = switch (b.method()) {
            case "GET" -> HttpRequest.GET(path);
            case "DELETE" -> HttpRequest.DELETE(path);
            default -> HttpRequest.POST(path, b.body());
        };
        if (b.path().endsWith("?key")) {
            request = request.header(ApiKeys.HEADER, KEY);
        } else if (b.path().endsWith("?wrongkey")) {
            request = request.header(ApiKeys.HEADER, "guess");
        }
        if (b.contentType() != null) {
            request = request.contentType(b.contentType());
        }
        String where = b.method() + " " + b.path() + " " + abbreviate(b.body());
        try {
            HttpResponse<String> ok = client.toBlocking().exchange(request, String.class);
            throw new AssertionError(where + ": expected " + b.status() + ", got " + ok.code());
        } catch (HttpClientResponseException e) {
            assertEquals(b.status(), e.getStatus().getCode(), where + ": " + e.getResponse().getBody(String.class));
            String body = e.getResponse().getBody(String.class).orElse("");
            assertEquals("application/problem+json", e.getResponse().getContentType().map(MediaType::toString)
                    .orElse(""), where);
            JsonNode problem = JSON.readTree(body);
            assertEquals(b.status(), problem.get("status").asInt(), where);
            assertTrue(problem.get("detail").asText().contains(b.detail()),
                    where + ": detail was " + problem.get("detail"));
            assertTrue(problem.path("request_id").asText().matches("[0-9a-f]{16}"), where + ": " + body);
            assertEquals(problem.path("request_id").asText(), e.getResponse().header(RequestIds.HEADER),
                    where + ": the problem carries the id the answer's header echoes");
            assertNoInternals(where, body);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    JsonNode train(String model, String body) throws IOException {
        HttpResponse<String> r = client.toBlocking().exchange(HttpRequest.POST("/api/v1/models/" + model + "/train",
                body).contentType(MediaType.APPLICATION_JSON_TYPE).header(ApiKeys.HEADER, KEY), String.class);
        assertEquals(202, r.code());
        JsonNode job = JSON.readTree(r.body());
        assertEquals("/api/v1/jobs/" + job.get("id").asText(), r.header("Location"));
        return job;
    }

    JsonNode await(JsonNode job) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode now = get("/api/v1/jobs/" + job.get("id").asText());
            String state = now.get("state").asText();
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return now;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job did not finish: " + job);
    }

    static String trainingBody(int seed, int epochs) {
        return sequences(NORMAL).replace("{\"sequences\"", "{\"config\": {\"encoder\": [12], \"decoder\": 12, "
                + "\"latent\": 4, \"epochs\": " + epochs + ", \"patience\": 0, \"lr\": 0.005, \"batch\": 16, "
                + "\"seed\": " + seed + "}, \"feature_names\": [\"a\", \"b\"], \"sequences\"");
    }

    @Test
    void trainsThroughTheApiAndTheNewModelAnswers() throws Exception {
        JsonNode done = await(train("viaapi", trainingBody(21, 3)));
        assertEquals("SUCCEEDED", done.get("state").asText(), done.toString());
        assertEquals(3, done.get("epoch").asInt());
        assertTrue(done.get("train_loss").asDouble() > 0, done.toString());
        assertEquals(21, get("/api/v1/models/viaapi").at("/manifest/provenance/seed").asInt());
        JsonNode scored = post("/api/v1/models/viaapi/score", sequences(NORMAL.subList(0, 2)));
        assertEquals(2, scored.get("results").size());
        // a dataset file of the data folder, labelled rows, normal labels only
        JsonNode fromFile = await(train("fromfile", "{\"dataset\": \"beats.csv\", \"csv\": {\"layout\": \"rows\", "
                + "\"label_column\": \"label\", \"id_column\": \"id\", \"normal_labels\": [\"ok\"]}, "
                + "\"config\": {\"epochs\": 2, \"encoder\": 8, \"decoder\": 8, \"latent\": 2}}"));
        assertEquals("SUCCEEDED", fromFile.get("state").asText(), fromFile.toString());
        assertEquals(30, get("/api/v1/models/fromfile").at("/manifest/provenance/training_sequences").asInt()
                + get("/api/v1/models/fromfile").at("/manifest/provenance/validation_sequences").asInt());
        // and deleted again (key needed): gone from the list and from the folder
        var noKey = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().retrieve(HttpRequest.DELETE("/api/v1/models/fromfile")));
        assertEquals(401, noKey.getStatus().getCode());
        client.toBlocking().retrieve(HttpRequest.DELETE("/api/v1/models/fromfile").header(ApiKeys.HEADER, KEY));
        var gone = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> get("/api/v1/models/fromfile"));
        assertEquals(404, gone.getStatus().getCode());
        assertTrue(!Files.exists(modelsDir.resolve("fromfile")) && Files.exists(modelsDir.resolve("viaapi/ACTIVE")));
    }

    @Test
    void aFullQueueIsRefusedWith429AndJobsCanBeCancelled() throws Exception {
        JsonNode running = train("slow", trainingBody(31, 100_000));
        JsonNode queued = train("slow2", trainingBody(32, 3));
        HttpClientResponseException full = org.junit.jupiter.api.Assertions.assertThrows(
                HttpClientResponseException.class, () -> train("slow3", trainingBody(33, 3)));
        assertEquals(429, full.getStatus().getCode());
        assertEquals("30", full.getResponse().header("Retry-After"));
        assertTrue(full.getResponse().getBody(String.class).orElse("").contains("the training queue is full"));
        JsonNode listed = get("/api/v1/jobs");
        List<String> ids = new java.util.ArrayList<>();
        listed.get("jobs").forEach(j -> ids.add(j.get("id").asText()));
        assertTrue(ids.indexOf(queued.get("id").asText()) < ids.indexOf(running.get("id").asText()),
                "newest first: " + ids);
        JsonNode cancelled = JSON.readTree(client.toBlocking().retrieve(HttpRequest.DELETE("/api/v1/jobs/"
                + queued.get("id").asText()).header(ApiKeys.HEADER, KEY)));
        assertEquals("CANCELLED", cancelled.get("state").asText());
        client.toBlocking().retrieve(HttpRequest.DELETE("/api/v1/jobs/" + running.get("id").asText())
                .header(ApiKeys.HEADER, KEY));
        JsonNode stopped = await(running);
        assertEquals("CANCELLED", stopped.get("state").asText(), stopped.toString());
        var again = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().retrieve(HttpRequest.DELETE("/api/v1/jobs/" + running.get("id").asText())
                        .header(ApiKeys.HEADER, KEY)));
        assertEquals(409, again.getStatus().getCode());
        var missing = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> get("/api/v1/models/slow"));
        assertEquals(404, missing.getStatus().getCode(), "a cancelled job publishes nothing");
    }

    @Test
    void retrainingSwapsTheModelWhileScoringContinuesWithoutAFailure() throws Exception {
        assertEquals("SUCCEEDED", await(train("swap", trainingBody(41, 2))).get("state").asText());
        String body = sequences(NORMAL.subList(0, 4));
        java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.Set<String> thresholds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread scorer = new Thread(() -> {
            while (!stop.get()) {
                try {
                    JsonNode r = post("/api/v1/models/swap/score", body);
                    thresholds.add(r.at("/threshold/value").asText());
                    ok.incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        });
        scorer.start();
        JsonNode swapped = await(train("swap", trainingBody(42, 4)));
        Thread.sleep(300);
        stop.set(true);
        scorer.join();
        assertEquals("SUCCEEDED", swapped.get("state").asText());
        assertEquals(0, failed.get(), "failed scoring requests during the swap");
        assertTrue(ok.get() > 10, "scoring requests made: " + ok.get());
        assertEquals(42, get("/api/v1/models/swap").at("/manifest/provenance/seed").asInt());
        assertEquals(2, thresholds.size(), "answers came from the old model, then the new one: " + thresholds);
    }

    @Test
    void projectsExportsAndDrawsTheLatentSpace() throws IOException {
        JsonNode pca = post("/api/v1/models/tiny/project", sequences(NORMAL.subList(0, 20)));
        assertEquals("pca", pca.get("method").asText());
        assertEquals(20, pca.get("rows").size());
        assertEquals(2, pca.at("/rows/0/coordinates").size());
        assertTrue(pca.at("/explained_variance/0").asDouble() >= pca.at("/explained_variance/1").asDouble());
        JsonNode tsne = post("/api/v1/models/tiny/project?method=tsne&perplexity=5&iterations=250&latent=true",
                sequences(NORMAL.subList(0, 20)));
        assertEquals("tsne", tsne.get("method").asText());
        assertEquals(4, tsne.at("/rows/0/latent").size());

        String query = "?dataset=tiny-long.csv&layout=long&id_column=id";
        String csv = client.toBlocking().retrieve("/api/v1/models/tiny/latent" + query);
        String[] lines = csv.split("\n");
        assertEquals("id,label,score,is_anomaly,z0,z1,z2,z3", lines[0]);
        assertEquals(13, lines.length);
        float[] z = tiny.encode(List.<float[][]>of(NORMAL.get(3))).get(0);
        String[] row = lines[4].split(",");
        assertEquals("s3", row[0]);
        for (int j = 0; j < 4; j++) {
            assertEquals(z[j], Float.parseFloat(row[4 + j]), 1e-4, "z" + j);
        }
        JsonNode json = get("/api/v1/models/tiny/latent" + query + "&format=json");
        assertEquals(12, json.size());
        assertEquals(Float.parseFloat(row[4]), json.at("/3/latent/0").floatValue(), 0);

        for (String[] plot : List.of(new String[] {"tiny", "loss.png", ""},
                new String[] {"tiny", "latent.png", query + "&width=400&height=300"},
                new String[] {"tiny", "scores.png", query},
                new String[] {"series", "series.png", "?dataset=series.csv&smoothing=3"})) {
            HttpResponse<byte[]> png = client.toBlocking().exchange(HttpRequest.GET("/api/v1/models/" + plot[0]
                    + "/plots/" + plot[1] + plot[2]), byte[].class);
            assertEquals("image/png", png.getContentType().orElseThrow().toString());
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    png.body()));
            assertEquals(plot[2].contains("width=400") ? 400 : 900, img.getWidth(), plot[1]);
        }
    }

    JsonNode postWithKey(String path) throws IOException {
        return JSON.readTree(client.toBlocking().retrieve(HttpRequest.POST(path, "")
                .header(ApiKeys.HEADER, KEY)));
    }

    @Test
    void versionsCanBePromotedAndRolledBackWhileScoringNeverFails() throws Exception {
        assertEquals("SUCCEEDED", await(train("ver", trainingBody(51, 2))).get("state").asText());
        JsonNode second = await(train("ver", trainingBody(52, 2)));
        assertEquals(2, second.get("version").asInt());
        JsonNode versions = get("/api/v1/models/ver/versions");
        assertEquals(2, versions.get("active").asInt());
        assertEquals("RETIRED", versions.at("/versions/0/status").asText());
        assertEquals("ACTIVE", versions.at("/versions/1/status").asText());
        assertTrue(versions.at("/versions/1/metrics/validation_loss").isNumber(), versions.toString());

        String body = sequences(NORMAL.subList(0, 2));
        String t2 = post("/api/v1/models/ver/score", body).at("/threshold/value").asText();
        java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread scorer = new Thread(() -> {
            while (!stop.get()) {
                try {
                    post("/api/v1/models/ver/score", body);
                    ok.incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        });
        scorer.start();
        for (int swap = 0; swap < 6; swap++) {
            if (swap % 2 == 0) {
                assertEquals(1, postWithKey("/api/v1/models/ver/rollback").get("active").asInt());
            } else {
                assertEquals(2, postWithKey("/api/v1/models/ver/versions/2/promote").get("active").asInt());
            }
            Thread.sleep(50);
        }
        stop.set(true);
        scorer.join();
        assertEquals(0, failed.get(), "failed scoring requests during 6 swaps");
        assertTrue(ok.get() > 5, "scored " + ok.get());
        assertEquals(t2, post("/api/v1/models/ver/score", body).at("/threshold/value").asText(), "v2 answers");
        postWithKey("/api/v1/models/ver/rollback");
        assertTrue(!t2.equals(post("/api/v1/models/ver/score", body).at("/threshold/value").asText()), "v1 answers");
        var missing = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> postWithKey("/api/v1/models/ver/versions/9/promote"));
        assertEquals(404, missing.getStatus().getCode());
        var unknown = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> get("/api/v1/models/nothing/versions"));
        assertEquals(404, unknown.getStatus().getCode());
        var noKey = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().retrieve(HttpRequest.POST("/api/v1/models/ver/rollback", "")));
        assertEquals(401, noKey.getStatus().getCode());
    }

    @Test
    void intakeCommitsBeforeItAnswersAndKeepsDatasetsConsistent() throws IOException {
        HttpResponse<String> r = client.toBlocking().exchange(HttpRequest.POST("/api/v1/datasets/cpu/records",
                "{\"points\": [[1.5], [2.5], [3.5]]}").contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(ApiKeys.HEADER, KEY), String.class);
        assertEquals(201, r.code());
        assertEquals(3, JSON.readTree(r.body()).get("records").asInt());
        client.toBlocking().exchange(HttpRequest.POST("/api/v1/datasets/cpu/records", "{\"points\": [4, 5]}")
                .contentType(MediaType.APPLICATION_JSON_TYPE).header(ApiKeys.HEADER, KEY), String.class);
        JsonNode info = get("/api/v1/datasets/cpu");
        assertEquals(5, info.get("records").asInt());
        assertEquals("points", info.get("kind").asText());
        assertEquals(1, info.get("features").asInt());
        var wrongWidth = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.POST("/api/v1/datasets/cpu/records",
                        "{\"points\": [[1, 2]]}").contentType(MediaType.APPLICATION_JSON_TYPE)
                        .header(ApiKeys.HEADER, KEY), String.class));
        assertEquals(400, wrongWidth.getStatus().getCode());
        assertTrue(wrongWidth.getResponse().getBody(String.class).orElse("").contains(
                "dataset 'cpu' holds time-series points of 1 feature; this request has time-series points of 2 features"));
        assertEquals(5, get("/api/v1/datasets/cpu").get("records").asInt(), "nothing of the rejected batch");
        // CSV as the command line reads it: one sequence per row, or a time series whose rows are points
        HttpResponse<String> rows = client.toBlocking().exchange(HttpRequest.POST(
                "/api/v1/datasets/beats/records?layout=rows&label_column=label",
                "label,t0,t1,t2\nok,0.1,0.2,0.3\nok,0.4,0.5,0.6\n").contentType("text/csv")
                .header(ApiKeys.HEADER, KEY), String.class);
        assertEquals(201, rows.code(), rows.body());
        JsonNode beats = JSON.readTree(rows.body());
        assertEquals("sequences", beats.get("kind").asText());
        assertEquals(2, beats.get("appended").asInt());
        HttpResponse<String> series = client.toBlocking().exchange(HttpRequest.POST("/api/v1/datasets/cpu/records",
                "value\n6\n7\n8\n").contentType("text/csv").header(ApiKeys.HEADER, KEY), String.class);
        assertEquals(8, JSON.readTree(series.body()).get("records").asInt(), series.body());
    }
}
