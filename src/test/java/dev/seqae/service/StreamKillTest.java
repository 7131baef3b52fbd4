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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live stream survives the service being SIGKILLed under it: {@code seqae serve} runs as a child
 * process on an H2 file database with a webhook; a client feeds a series in requests of random
 * sizes and the service is killed at a random moment (a request in flight, or not) four times. The
 * client sends again from the last point it saw acknowledged (what the service had taken is then
 * a duplicate). At the end the stream's events equal the replay of the series in this JVM — none
 * lost, none twice — and the webhook got each event, once per event number.
 */
class StreamKillTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String KEY = "kill-key";
    static final String SECRET = "kill-secret";

    @TempDir
    Path dir;

    @Test
    void aStreamContinuesExactlyAfterKillsAndEveryEventIsDeliveredOnce() throws Exception {
        Path models = dir.resolve("models");
        Files.createDirectories(models);
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {6}, 3, new int[] {6})
                .withTraining(1e-2, 32, 2, 0, 0.2, 11).withData(Normalizer.Kind.ZSCORE, 16, 2);
        SeqAutoencoderModel model = new Trainer(cfg, null).fit(new TimeSeries("train", null,
                SyntheticGenerator.series(600, 0, 3).values(), new String[] {"v"}), "toy");
        ModelFile.save(model, models.resolve("sine.seqae"));
        float[][] series = SyntheticGenerator.series(1500, 6, 9).values();
        String db = "jdbc:h2:file:" + dir.resolve("intake").resolve("seqae") + dev.seqae.intake.RecordStore.H2_OPTIONS;
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(5);
        long acknowledged = 0;
        int kills = 0;
        try (StreamsServiceTest.Receiver receiver = new StreamsServiceTest.Receiver(port, 0)) {
            for (int round = 0; acknowledged < series.length; round++) {
                ServiceProcess p = start(models, db, port);
                try {
                    String base = p.awaitUrl(120);
                    if (round == 0) {
                        assertEquals(201, send(http, base, "PUT", "/api/v1/streams/cpu",
                                "{\"model\": \"sine\", \"smoothing\": 4, \"close_after\": 5}").statusCode());
                    }
                    long stored = JSON.readTree(send(http, base, "GET", "/api/v1/streams/cpu", null).body())
                            .at("/state/points").asLong();
                    assertTrue(stored >= acknowledged, "restart " + round + ": " + stored + " points stored, "
                            + acknowledged + " acknowledged before the kill");
                    Thread killer = null;
                    if (round < 4) {
                        long after = 200 + random.nextInt(600);
                        killer = new Thread(() -> {
                            try {
                                Thread.sleep(after);
                            } catch (InterruptedException e) {
                                return;
                            }
                            p.kill();                // SIGKILL at a random moment
                        });
                        killer.start();
                    }
                    int next = (int) acknowledged;
                    while (next < series.length) {
                        int size = Math.min(1 + random.nextInt(12), series.length - next);
                        HttpResponse<String> r;
                        try {
                            r = send(http, base, "POST", "/api/v1/streams/cpu/points",
                                    StreamsServiceTest.pointsBody(series, next, next + size));
                        } catch (IOException killed) {
                            break;
                        }
                        assertEquals(200, r.statusCode(), r.body());
                        JsonNode a = JSON.readTree(r.body());
                        assertEquals(size, a.get("accepted").asInt() + a.get("duplicates").asInt(), r.body());
                        acknowledged = a.at("/state/points").asLong();
                        assertTrue(acknowledged >= next + size, "the stream has the points sent: " + r.body());
                        next += size;
                    }
                    if (killer != null) {
                        killer.join();
                        kills++;
                    }
                } finally {
                    p.kill();
                    assertTrue(p.waitFor(30) != null);
                }
            }
            assertEquals(4, kills);
            try (ServiceProcess p = start(models, db, port)) {
                String base = p.awaitUrl(120);
                JsonNode events = JSON.readTree(send(http, base, "GET", "/api/v1/streams/cpu/events?limit=1000", null)
                        .body()).get("events");
                List<String> served = new ArrayList<>();
                events.forEach(e -> served.add(e.get("kind").asText() + " " + e.at("/interval/start").asLong() + "-"
                        + e.at("/interval/end").asLong()));
                String[] stamps = new String[series.length];
                for (int i = 0; i < stamps.length; i++) {
                    stamps[i] = Long.toString(1_700_000_000L + 60L * i);
                }
                List<String> replayed = new ArrayList<>();
                for (LiveEvent e : LiveDetection.replay(model, "s", stamps, series,
                        new LiveSettings(1, 4, null, 0, null, 1, 5), 1).events()) {
                    replayed.add(e.kind().name().toLowerCase(Locale.ROOT) + " " + e.start() + "-" + e.end());
                }
                assertTrue(replayed.size() >= 2, "the spikes make events: " + replayed);
                assertEquals(replayed, served, "no event lost or made twice");

                long deadline = System.nanoTime() + 60_000_000_000L;
                while (JSON.readTree(send(http, base, "GET", "/api/v1/alerts", null).body()).get("delivered").asInt()
                        < served.size()) {
                    assertTrue(System.nanoTime() < deadline, "the deliveries did not all arrive:\n" + p.output());
                    Thread.sleep(100);
                }
                Map<Long, Integer> seqOfDelivery = new HashMap<>();
                TreeSet<Integer> seqs = new TreeSet<>();
                for (StreamsServiceTest.Receiver.Got g : List.copyOf(receiver.got)) {
                    assertTrue(dev.seqae.alerts.Signatures.verify(SECRET, g.signature(), g.body()));
                    int seq = JSON.readTree(g.body()).at("/event/seq").asInt();
                    Integer before = seqOfDelivery.put(g.delivery(), seq);
                    assertTrue(before == null || before == seq, "a resent delivery carries the same event");
                    seqs.add(seq);
                }
                assertEquals(served.size(), seqOfDelivery.size(), "one delivery per event: " + seqOfDelivery);
                assertEquals(served.size(), seqs.size());
                assertEquals(served.size(), seqs.last());
            }
        }
    }


    private static HttpResponse<String> send(HttpClient http, String base, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", KEY)
                .timeout(Duration.ofSeconds(30));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ServiceProcess start(Path models, String db, int port) throws IOException {
        return ServiceProcess.start(List.of("-Xmx512m", "-Dseqae.intake.url=" + db, "-Dseqae.api-key=" + KEY,
                "-Dseqae.alerts.webhooks.pager.url=http://127.0.0.1:" + port + "/hook",
                "-Dseqae.alerts.webhooks.pager.secret=" + SECRET, "-Dseqae.alerts.backoff=100ms",
                "-Dseqae.alerts.poll=200ms"), "--models-dir", models.toString());
    }
}
