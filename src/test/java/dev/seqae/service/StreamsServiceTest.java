package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.data.Normalizer;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.data.TimeSeries;
import dev.seqae.live.LiveDetection;
import dev.seqae.live.LiveEvent;
import dev.seqae.live.LiveSettings;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/streams} end to end: a stream created, fed a series with spikes in requests of a
 * few points, the events equal to the replay of the same points in one JVM, the stream continuing
 * across a restart of the service; duplicates, older points and bad points answered as the
 * contract says, nothing taken from a refused request.
 */
@ExtendWith(ContractCheck.class)
class StreamsServiceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "stream-key";
    private static final LiveSettings SETTINGS = new LiveSettings(1, 4, null, 0, null, 1, 5);

    @TempDir
    static Path dir;
    static SeqAutoencoderModel model;
    static float[][] series;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void train() throws Exception {
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {6}, 3, new int[] {6})
                .withTraining(1e-2, 32, 2, 0, 0.2, 11).withData(Normalizer.Kind.ZSCORE, 16, 2);
        model = new Trainer(cfg, null).fit(new TimeSeries("train", null, SyntheticGenerator.series(600, 0, 3).values(),
                new String[] {"v"}), "toy");
        ModelFile.save(model, dir.resolve("models").resolve("sine.seqae"));
        ModelFile.save(new Trainer(ModelConfig.defaults().withLayers(new int[] {6}, 3, new int[] {6})
                .withTraining(1e-2, 32, 2, 0, 0.2, 11), null)
                .fit(SyntheticGenerator.normal(40, 12, 1, 3), new String[] {"v"}, "beats"),
                dir.resolve("models").resolve("beats.seqae"));
        series = SyntheticGenerator.series(300, 3, 9).values();
    }

    private static EmbeddedServer start() {
        return start("intake", Map.of());
    }

    private static EmbeddedServer start(String intake, Map<String, Object> more) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("seqae.models-dir",
                dir.resolve("models").toString(), "micronaut.server.port", -1, "seqae.api-key", KEY,
                "seqae.retraining.enabled", false, "seqae.intake.url", "jdbc:h2:file:" + dir.resolve(intake)
                        + dev.seqae.intake.RecordStore.H2_OPTIONS));
        config.putAll(more);
        return ApplicationContext.run(EmbeddedServer.class, config);
    }

    record Answer(int status, JsonNode body, String text) {
    }

    private static Answer send(EmbeddedServer server, String method, String path, String body, String type)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURL() + path)).header("X-API-Key", KEY);
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
        return new Answer(r.statusCode(), json, r.body());
    }

    private static String points(int from, int to) {
        return pointsBody(series, from, to);
    }

    /** A points request of {@code series[from, to)}, one point a minute from 1,700,000,000 (also used by other tests). */
    static String pointsBody(float[][] series, int from, int to) {
        StringBuilder sb = new StringBuilder("{\"points\": [");
        for (int i = from; i < to; i++) {
            sb.append(i == from ? "" : ",").append(String.format(Locale.ROOT, "{\"timestamp\": %d, \"values\": [%s]}",
                    1_700_000_000L + 60L * i, series[i][0]));
        }
        return sb.append("]}").toString();
    }

    private static final String PUT = "{\"model\": \"sine\", \"smoothing\": 4, \"close_after\": 5}";

    @Test
    void aStreamsEventsEqualTheReplayOfItsPointsAcrossARestart() throws Exception {
        List<String> served = new ArrayList<>();
        try (EmbeddedServer server = start()) {
            Answer created = send(server, "PUT", "/api/v1/streams/cpu", PUT, "application/json");
            assertEquals(201, created.status(), created.text());
            assertEquals(200, send(server, "PUT", "/api/v1/streams/cpu", PUT, "application/json").status());
            Answer other = send(server, "PUT", "/api/v1/streams/cpu", "{\"model\": \"sine\", \"smoothing\": 2}",
                    "application/json");
            assertEquals(409, other.status());
            assertTrue(other.text().contains("stream 'cpu' exists with other settings; DELETE it first"), other.text());
            for (int from = 0; from < 170; from += 17) {
                Answer a = send(server, "POST", "/api/v1/streams/cpu/points", points(from, from + 17),
                        "application/json");
                assertEquals(200, a.status(), a.text());
                assertEquals(17, a.body().get("accepted").asInt());
                a.body().get("events").forEach(e -> served.add(e.get("kind").asText() + " "
                        + e.at("/interval/start").asLong() + "-" + e.at("/interval/end").asLong()));
            }
            Answer state = send(server, "GET", "/api/v1/streams/cpu", null, null);
            assertEquals(170, state.body().at("/state/points").asInt());
            assertEquals(170, state.body().at("/state/scored").asInt(), "stride 1: every point once 16 are there");
        }
        try (EmbeddedServer server = start()) {
            // a new service continues where the old one was
            Answer again = send(server, "GET", "/api/v1/streams/cpu", null, null);
            assertEquals(170, again.body().at("/state/points").asInt(), again.text());
            Answer a = send(server, "POST", "/api/v1/streams/cpu/points", points(170, 300), "application/json");
            assertEquals(200, a.status(), a.text());
            a.body().get("events").forEach(e -> served.add(e.get("kind").asText() + " "
                    + e.at("/interval/start").asLong() + "-" + e.at("/interval/end").asLong()));
            Answer events = send(server, "GET", "/api/v1/streams/cpu/events?limit=1000", null, null);
            assertEquals(served.size(), events.body().get("events").size());
            assertEquals(1, events.body().at("/events/0/seq").asInt());
            Answer recent = send(server, "GET", "/api/v1/streams/cpu/points?limit=5", null, null);
            assertEquals(299, recent.body().at("/points/4/index").asInt());
        }
        String[] stamps = new String[series.length];
        for (int i = 0; i < stamps.length; i++) {
            stamps[i] = Long.toString(1_700_000_000L + 60L * i);
        }
        List<String> replayed = new ArrayList<>();
        for (LiveEvent e : LiveDetection.replay(model, "s", stamps, series, SETTINGS, 1).events()) {
            replayed.add(e.kind().name().toLowerCase(Locale.ROOT) + " " + e.start() + "-" + e.end());
        }
        assertTrue(replayed.size() >= 2, "the spikes make events: " + replayed);
        assertEquals(replayed, served);
    }

    @Test
    void duplicatesChangeNothingOlderAndBadPointsAreRefusedWhole() throws Exception {
        try (EmbeddedServer server = start()) {
            Answer first = send(server, "POST", "/api/v1/streams/disk/points?model=sine", points(0, 20),
                    "application/json");
            assertEquals(200, first.status(), first.text());
            assertEquals(20, first.body().get("scores").size(), "the first window (its 16th point) scores its 16 points");
            Answer dup = send(server, "POST", "/api/v1/streams/disk/points", points(0, 20), "application/json");
            assertEquals(200, dup.status(), dup.text());
            assertEquals(0, dup.body().get("accepted").asInt());
            assertEquals(20, dup.body().get("duplicates").asInt());
            // one older point refuses the whole request: points 20..24 are not taken either
            String twenty = points(20, 25);
            String mixed = twenty.substring(0, twenty.length() - 2) + ", {\"timestamp\": 1699999000, \"values\": [1]}]}";
            Answer older = send(server, "POST", "/api/v1/streams/disk/points", mixed, "application/json");
            assertEquals(409, older.status());
            assertTrue(older.text().contains("points[5]: timestamp '1699999000' is older than the last point before "
                    + "it (1700001440)"), older.text());
            Answer bad = send(server, "POST", "/api/v1/streams/disk/points",
                    "{\"points\": [{\"timestamp\": 1800000000, \"values\": [1, 2]}]}", "application/json");
            assertEquals(400, bad.status());
            assertTrue(bad.text().contains("points[0]: 2 value(s) for a model of 1 feature(s) (v)"), bad.text());
            Answer text = send(server, "POST", "/api/v1/streams/disk/points",
                    "{\"points\": [{\"timestamp\": 1800000000, \"values\": [\"x\"]}]}", "application/json");
            assertEquals(400, text.status());
            assertTrue(text.text().contains("points[0].values[0] must be a number"), text.text());
            Answer state = send(server, "GET", "/api/v1/streams/disk", null, null);
            assertEquals(20, state.body().at("/state/points").asInt(), "nothing of the refused requests was taken");
            Answer csv = send(server, "POST", "/api/v1/streams/disk/points",
                    "timestamp,value\n1700001200,0.5\n1700001260,0.25\n", "text/csv");
            assertEquals(200, csv.status(), csv.text());
            assertEquals(2, csv.body().get("accepted").asInt());

            Answer sequences = send(server, "PUT", "/api/v1/streams/beats", "{\"model\": \"beats\"}",
                    "application/json");
            assertEquals(400, sequences.status());
            assertTrue(sequences.text().contains("model 'beats' was trained on separate sequences"), sequences.text());
            assertEquals(404, send(server, "PUT", "/api/v1/streams/x", "{\"model\": \"nope\"}", "application/json")
                    .status());
            assertEquals(404, send(server, "POST", "/api/v1/streams/none/points", points(0, 2), "application/json")
                    .status());
            Answer deleted = send(server, "DELETE", "/api/v1/streams/disk", null, null);
            assertEquals(200, deleted.status());
            assertEquals("disk", deleted.body().get("deleted").asText());
            assertEquals(404, send(server, "GET", "/api/v1/streams/disk", null, null).status());
        }
    }

    @Test
    void streamsBeyondTheLimitAreRefused() throws Exception {
        try (EmbeddedServer server = start("intake-limited", Map.of("seqae.streams.max-streams", 1))) {
            assertEquals(201, send(server, "PUT", "/api/v1/streams/a", PUT, "application/json").status());
            Answer second = send(server, "PUT", "/api/v1/streams/b", PUT, "application/json");
            assertEquals(429, second.status());
            assertTrue(second.text().contains("there are 1 streams, the limit (seqae.streams.max-streams)"),
                    second.text());
            assertEquals(404, send(server, "GET", "/api/v1/streams/b", null, null).status(), "nothing was created");
        }
    }

    /** A local receiver of webhooks: answers 503 to its first {@code refuse} requests, then 200. */
    static final class Receiver implements AutoCloseable {
        record Got(int code, long delivery, int attempt, String signature, byte[] body) {
        }

        final List<Got> got = java.util.Collections.synchronizedList(new ArrayList<>());
        private final com.sun.net.httpserver.HttpServer server;

        Receiver(int port, int refuse) throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/hook", x -> {
                byte[] body = x.getRequestBody().readAllBytes();
                int code = got.size() < refuse ? 503 : 200;
                got.add(new Got(code, Long.parseLong(x.getRequestHeaders().getFirst("X-Seqae-Delivery")),
                        Integer.parseInt(x.getRequestHeaders().getFirst("X-Seqae-Attempt")),
                        x.getRequestHeaders().getFirst(dev.seqae.alerts.Signatures.HEADER), body));
                x.sendResponseHeaders(code, -1);
                x.close();
            });
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static final String SECRET = "hook-secret";

    private static Map<String, Object> alerting(int port) {
        return Map.of("seqae.alerts.webhooks.pager.url", "http://127.0.0.1:" + port + "/hook",
                "seqae.alerts.webhooks.pager.secret", SECRET,
                "seqae.alerts.webhooks.ops.url", "http://127.0.0.1:" + port + "/hook",
                "seqae.alerts.webhooks.ops.secret", SECRET,
                "seqae.alerts.webhooks.ops.streams", List.of("some-other-stream"),
                "seqae.alerts.backoff", "100ms", "seqae.alerts.max-backoff", "300ms",
                "seqae.alerts.max-attempts", 1000, "seqae.alerts.poll", "200ms");
    }

    private static Answer await(EmbeddedServer server, String path, java.util.function.Predicate<Answer> until)
            throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Answer a = send(server, "GET", path, null, null);
        while (!until.test(a)) {
            assertTrue(System.nanoTime() < deadline, "waited 60 s for " + path + ": " + a.text());
            Thread.sleep(100);
            a = send(server, "GET", path, null, null);
        }
        return a;
    }

    private static double metric(EmbeddedServer server, String series) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        for (String line : r.body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    /**
     * Alerts survive a receiver that is down (connection refused, then 503s) and a restart of the
     * service in between: every event reaches the webhook once it is up, in order, signed; the
     * delivery record and the meters say what happened.
     */
    @Test
    void alertsReachAReceiverThatIsDownForAWhileAcrossARestart() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<JsonNode> events = new ArrayList<>();
        try (EmbeddedServer server = start("intake-alerts", alerting(port))) {
            assertEquals(201, send(server, "PUT", "/api/v1/streams/cpu", PUT, "application/json").status());
            for (int from = 0; from < 300; from += 30) {
                Answer a = send(server, "POST", "/api/v1/streams/cpu/points", points(from, from + 30),
                        "application/json");
                assertEquals(200, a.status(), a.text());
                a.body().get("events").forEach(events::add);
            }
            assertTrue(events.size() >= 2, "the spikes make events");
            long opened = events.stream().filter(e -> e.get("kind").asText().equals("opened")).count();
            assertEquals(opened, metric(server, "seqae_stream_events_total{kind=\"opened\",model=\"sine\"}"));
            assertEquals(300, metric(server, "seqae_stream_points_total{model=\"sine\"}"));
            boolean isOpen = send(server, "GET", "/api/v1/streams/cpu", null, null).body().at("/state/state").asText()
                    .equals("anomalous");
            assertEquals(isOpen ? 1 : 0, metric(server, "seqae_streams_open_anomalies{model=\"sine\"}"));
            // the receiver is down: the first delivery is tried and retried, the others wait behind it
            Answer refused = await(server, "/api/v1/alerts/deliveries?stream=cpu&status=pending&limit=1000",
                    a -> a.body().get("deliveries").size() == events.size()
                            && a.body().at("/deliveries/" + (events.size() - 1) + "/attempts").asInt() >= 2);
            JsonNode first = refused.body().at("/deliveries/" + (events.size() - 1));
            assertEquals(1, first.get("event_seq").asInt());
            assertTrue(first.get("last_error").asText().startsWith("connection refused"), first.toString());
            assertEquals(0, refused.body().at("/deliveries/0/attempts").asInt(), "later events wait for the first");
            Answer overview = send(server, "GET", "/api/v1/alerts", null, null);
            assertEquals(events.size(), overview.body().get("pending").asInt(), overview.text());
            assertEquals("http://127.0.0.1:" + port, overview.body().at("/webhooks/1/target").asText());
            assertTrue(metric(server, "seqae_alert_deliveries_total{outcome=\"retried\",webhook=\"pager\"}") >= 2);
        }
        try (Receiver receiver = new Receiver(port, 2); EmbeddedServer server = start("intake-alerts", alerting(port))) {
            // a new service delivers what the old one left pending
            await(server, "/api/v1/alerts", a -> a.body().get("delivered").asInt() == events.size());
            List<Receiver.Got> ok = receiver.got.stream().filter(g -> g.code() == 200).toList();
            assertEquals(events.size(), ok.size(), "each event once (no resend was needed)");
            assertEquals(503, receiver.got.get(0).code());
            assertTrue(receiver.got.get(2).attempt() >= 5, "2 refused connections (or more), 2 503s, then this one");
            for (int i = 0; i < ok.size(); i++) {
                Receiver.Got g = ok.get(i);
                assertTrue(dev.seqae.alerts.Signatures.verify(SECRET, g.signature(), g.body()), "signed");
                assertTrue(!dev.seqae.alerts.Signatures.verify("other", g.signature(), g.body()));
                JsonNode body = JSON.readTree(g.body());
                assertEquals("pager", body.get("webhook").asText());
                assertEquals("cpu", body.get("stream").asText());
                assertEquals("sine", body.get("model").asText());
                assertEquals(i + 1, body.at("/event/seq").asInt(), "in order");
                assertEquals(events.get(i).get("kind").asText(), body.at("/event/kind").asText());
                assertEquals(events.get(i).at("/interval/start").asLong(), body.at("/event/interval/start").asLong());
                assertEquals(events.get(i).at("/interval/end").asLong(), body.at("/event/interval/end").asLong());
            }
            Answer record = send(server, "GET", "/api/v1/alerts/deliveries?stream=cpu&limit=1000", null, null);
            JsonNode first = record.body().at("/deliveries/" + (events.size() - 1));
            assertEquals("delivered", first.get("status").asText());
            assertEquals(200, first.get("last_code").asInt());
            assertEquals(receiver.got.get(2).attempt(), first.get("attempts").asInt());
            assertEquals(0, send(server, "GET", "/api/v1/alerts/deliveries?webhook=ops", null, null).body()
                    .get("deliveries").size(), "ops hears of another stream only");
            assertEquals(events.size(), metric(server,
                    "seqae_alert_deliveries_total{outcome=\"delivered\",webhook=\"pager\"}"));
            Answer bad = send(server, "GET", "/api/v1/alerts/deliveries?status=lost", null, null);
            assertEquals(400, bad.status());
            assertTrue(bad.text().contains("status must be pending, delivered or failed, got 'lost'"), bad.text());
        }
    }

    @Test
    void aWebhookWithoutASecretStopsTheServiceFromStarting() {
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () ->
                start("intake-bad-alerts", Map.of("seqae.alerts.webhooks.pager.url", "http://127.0.0.1:9/hook")));
        Throwable t = e;
        StringBuilder messages = new StringBuilder();
        while (t != null) {
            messages.append(t.getMessage()).append(" | ");
            t = t.getCause();
        }
        assertTrue(messages.toString().contains("seqae.alerts.webhooks.pager.secret is required"), messages.toString());
    }

    @Test
    void retentionKeepsEachStreamsNewestPointsAndItsState() throws Exception {
        try (EmbeddedServer server = start("intake-retention", Map.of("seqae.streams.retention.keep-points", 50))) {
            for (int from = 0; from < 170; from += 34) {
                assertEquals(200, send(server, "POST", "/api/v1/streams/mem/points?model=sine",
                        points(from, from + 34), "application/json").status());
            }
            // the timer first runs a minute after start: here, what it runs, with the configured bound
            server.getApplicationContext().getBean(ScheduledJobs.class).streamRetention();
            Answer kept = send(server, "GET", "/api/v1/streams/mem/points?limit=1000", null, null);
            assertEquals(50, kept.body().get("points").size(), kept.text());
            assertEquals(120, kept.body().at("/points/0/index").asInt());
            assertEquals(170, send(server, "GET", "/api/v1/streams/mem", null, null).body().at("/state/points").asInt());
            Answer next = send(server, "POST", "/api/v1/streams/mem/points", points(170, 175), "application/json");
            assertEquals(5, next.body().get("accepted").asInt(), "the stream goes on");
        }
    }

    /** Offers points {@code [from, to)} to {@code s} one at a time, each window scored by {@code m} as it ends. */
    private static void feed(dev.seqae.live.LiveStream s, SeqAutoencoderModel m, int from, int to, List<String> events) {
        for (int i = from; i < to; i++) {
            dev.seqae.live.LiveStream.Offer o = s.offer(Long.toString(1_700_000_000L + 60L * i), series[i], "p");
            if (o.window() != null) {
                LiveDetection.WindowScores w = LiveDetection.score(m, List.of(o.window())).get(0);
                for (LiveEvent e : s.apply(o.window(), w.stepScores(), w.squaredErrors()).events()) {
                    events.add(e.kind().name().toLowerCase(Locale.ROOT) + " " + e.start() + "-" + e.end());
                }
            }
        }
    }

    /**
     * A model's new version takes over its streams mid-way: the points after the promotion are
     * scored by it (the answers say which version), and the events equal a stream that switched
     * models at the same point in this JVM; a version of another shape cannot continue the stream (409).
     */
    @Test
    void aPromotedVersionTakesOverAStreamWhereItWas() throws Exception {
        Path models = dir.resolve("models-swap");
        dev.seqae.registry.VersionStore store = new dev.seqae.registry.VersionStore(models);
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {6}, 3, new int[] {6})
                .withTraining(1e-2, 32, 2, 0, 0.2, 12).withData(Normalizer.Kind.ZSCORE, 16, 2);
        SeqAutoencoderModel second = new Trainer(cfg, null).fit(new TimeSeries("train", null,
                SyntheticGenerator.series(600, 0, 4).values(), new String[] {"v"}), "toy, retrained");
        SeqAutoencoderModel otherShape = new Trainer(cfg.withData(Normalizer.Kind.ZSCORE, 12, 2), null).fit(
                new TimeSeries("train", null, SyntheticGenerator.series(600, 0, 4).values(), new String[] {"v"}), "toy 12");
        store.promote("sine", store.add("sine", model, "test", Map.of()), "first");
        int v2 = store.add("sine", second, "test", Map.of());
        int v3 = store.add("sine", otherShape, "test", Map.of());
        List<String> served = new ArrayList<>();
        try (EmbeddedServer server = start("intake-swap", Map.of("seqae.models-dir", models.toString()))) {
            assertEquals(201, send(server, "PUT", "/api/v1/streams/swap", PUT, "application/json").status());
            for (int from = 0; from < 300; from += 30) {
                if (from == 150) {
                    Answer promoted = send(server, "POST", "/api/v1/models/sine/versions/" + v2 + "/promote", null,
                            null);
                    assertEquals(200, promoted.status(), promoted.text());
                }
                Answer a = send(server, "POST", "/api/v1/streams/swap/points", points(from, from + 30),
                        "application/json");
                assertEquals(200, a.status(), a.text());
                assertEquals(from < 150 ? 1 : v2, a.body().get("version").asInt(), a.text());
                a.body().get("events").forEach(e -> served.add(e.get("kind").asText() + " "
                        + e.at("/interval/start").asLong() + "-" + e.at("/interval/end").asLong()));
            }
            assertEquals(200, send(server, "POST", "/api/v1/models/sine/versions/" + v3 + "/promote", null,
                    null).status());
            Answer refused = send(server, "POST", "/api/v1/streams/swap/points", points(300 - 1, 300),
                    "application/json");
            assertEquals(409, refused.status(), refused.text());
            assertTrue(refused.text().contains("takes windows of 12 points of 1 feature(s), which cannot continue this "
                    + "stream's 16 recent points"), refused.text());
        }
        List<String> expected = new ArrayList<>();
        dev.seqae.live.LiveStream s = LiveDetection.stream(model, SETTINGS);
        feed(s, model, 0, 150, expected);
        s = LiveDetection.restore(second, SETTINGS, s.state());
        feed(s, second, 150, 300, expected);
        assertEquals(expected, served);
        assertTrue(expected.size() >= 2, "events on both sides of the swap: " + expected);
    }
}
