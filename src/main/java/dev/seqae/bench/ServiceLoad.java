package dev.seqae.bench;

import dev.seqae.data.SyntheticGenerator;
import dev.seqae.data.TimeSeries;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service under load, as its users put it on it: the real {@code seqae serve} started as a
 * child process (its own JVM, the production settings) on loopback, with two small models trained
 * here, driven over HTTP, its resident memory read from {@code /proc}. Two runs:
 * <ul>
 *   <li>{@link #cost}: scoring latency alone, then the same scoring while heavy requests sent
 *   without a key (t-SNE at the limits, t-SNE plots, detect on long series) hammer the service
 *   from more clients than its heavy pool admits; every heavy answer must be a 200 or a refusal
 *   within its limits (429 / 503), and the scoring p99 is compared with the unloaded one;</li>
 *   <li>{@link #sustained}: mixed scoring, detect and intake traffic at a fixed rate for minutes;
 *   every answer must be a 2xx, and the memory at the end is compared with the memory at minute 2.</li>
 * </ul>
 * Both return a JSON-ready map; nothing here is a unit test (the machines are shared and noisy).
 */
public final class ServiceLoad implements AutoCloseable {
    private static final String KEY = "load-test-key";
    private final Path dir;
    private final Process server;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String score;
    private final String detect;
    private final String project;

    /**
     * Trains the two models, writes the data folder and starts the service.
     *
     * @param jar       the seqae jar to run
     * @param port      the loopback port
     * @param heap      the child's {@code -Xmx}, e.g. 4g
     * @param extra     more {@code -D} settings for the child (limits to try), may be empty
     */
    public ServiceLoad(Path jar, int port, String heap, List<String> extra) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("seqae-load");
        Path models = Files.createDirectories(dir.resolve("models"));
        Path data = Files.createDirectories(dir.resolve("data"));
        ModelConfig seqCfg = ModelConfig.defaults().withLayers(new int[] {32}, 8, new int[] {32})
                .withTraining(5e-3, 64, 3, 0, 0.2, 42);
        List<float[][]> normal = SyntheticGenerator.normal(512, 32, 2, 7);
        SeqAutoencoderModel seq = new Trainer(seqCfg, null).fit(normal, new String[] {"a", "b"}, "load test");
        ModelFile.save(seq, models.resolve("seq.seqae"));
        SyntheticGenerator.LabeledSeries series = SyntheticGenerator.series(4000, 4, 9);
        SeqAutoencoderModel ts = new Trainer(seqCfg.withData(seqCfg.normalization(), 32, 8), null)
                .fit(new TimeSeries("series", null, series.values(), new String[] {"x"}), "load test series");
        ModelFile.save(ts, models.resolve("series.seqae"));
        StringBuilder csv = new StringBuilder("id,step,a,b\n");
        List<float[][]> many = SyntheticGenerator.normal(3000, 32, 2, 11);
        for (int i = 0; i < many.size(); i++) {
            for (int t = 0; t < many.get(i).length; t++) {
                csv.append(i).append(',').append(t).append(',').append(many.get(i)[t][0]).append(',')
                        .append(many.get(i)[t][1]).append('\n');
            }
        }
        Files.writeString(data.resolve("many.csv"), csv);
        score = sequencesBody(normal.subList(0, 4));
        project = sequencesBody(many);
        detect = valuesBody(SyntheticGenerator.series(100_000, 20, 13).values());

        // the flags bin/seqae gives serve (its young generation, the serial collector, no memory polling)
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmn256m", "-Xmx" + heap, "-XX:+UseSerialGC",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=0", "-Dseqae.data-dir=" + data,
                "-Dseqae.api-key=" + KEY, "-Dseqae.intake.url=jdbc:h2:file:" + dir.resolve("intake/seqae")
                        + dev.seqae.intake.RecordStore.H2_OPTIONS, "-Dseqae.retraining.enabled=false"));
        cmd.addAll(extra);
        cmd.addAll(List.of("-jar", jar.toString(), "serve", "--port", String.valueOf(port), "--models-dir",
                models.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");   // as bin/seqae serve
        server = pb.start();
        base = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            try {
                if (send(HttpRequest.newBuilder(base.resolve("/health")).GET()).status() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("the service did not start; its log: " + dir.resolve("server.log"));
            }
            Thread.sleep(250);
        }
    }

    /** One answer: status and seconds. */
    record Answer(int status, double seconds) {
    }

    /** The service's address. */
    URI base() {
        return base;
    }

    /** The service's process id. */
    long pid() {
        return server.pid();
    }

    /** A request with the API key (changes need it). */
    HttpRequest.Builder withKey(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("X-API-Key", KEY);
    }

    Answer send(HttpRequest.Builder b) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(300)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), (System.nanoTime() - t0) / 1e9);
    }

    private HttpRequest.Builder post(String path, String body, String type) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private Answer scoreOnce() throws IOException, InterruptedException {
        return send(post("/api/v1/models/seq/score", score, "application/json"));
    }

    /** The child's resident memory in MB (VmRSS), or NaN where /proc is missing. */
    public double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(server.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux
        }
        return Double.NaN;
    }

    /**
     * Scoring alone (300 warm-up requests, then {@code requests} sequential ones), then for {@code seconds} the same
     * scoring beside {@code heavyClients} clients each sending heavy requests back to back.
     */
    public Map<String, Object> cost(int requests, int heavyClients, int seconds) throws Exception {
        for (int i = 0; i < 300; i++) {
            scoreOnce();   // warm-up
        }
        double[] alone = new double[requests];
        for (int i = 0; i < requests; i++) {
            alone[i] = scoreOnce().seconds();
        }
        double rssBefore = rssMb();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Map<String, Map<Integer, AtomicLong>> outcomes = new ConcurrentHashMap<>();
        Map<String, double[]> slowest = new ConcurrentHashMap<>();
        List<String> kinds = List.of("tsne", "plot", "detect");
        ExecutorService pool = Executors.newFixedThreadPool(heavyClients + 1);
        double[] maxRss = {rssBefore};
        List<Double> loaded = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < heavyClients; c++) {
            String kind = kinds.get(c % kinds.size());
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    try {
                        Answer a = send(heavy(kind));
                        outcomes.computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                                .computeIfAbsent(a.status(), s -> new AtomicLong()).incrementAndGet();
                        slowest.merge(kind, new double[] {a.seconds()}, (x, y) -> x[0] >= y[0] ? x : y);
                        if (a.status() == 429) {
                            Thread.sleep(200);
                        }
                    } catch (IOException | InterruptedException e) {
                        outcomes.computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                                .computeIfAbsent(-1, s -> new AtomicLong()).incrementAndGet();
                    }
                }
            });
        }
        pool.execute(() -> {
            while (System.nanoTime() < end) {
                try {
                    Answer a = scoreOnce();
                    loaded.add(a.status() == 200 ? a.seconds() : Double.POSITIVE_INFINITY);
                } catch (IOException | InterruptedException e) {
                    loaded.add(Double.POSITIVE_INFINITY);
                }
            }
        });
        while (System.nanoTime() < end) {
            maxRss[0] = Math.max(maxRss[0], rssMb());
            Thread.sleep(500);
        }
        pool.shutdown();
        pool.awaitTermination(600, TimeUnit.SECONDS);
        maxRss[0] = Math.max(maxRss[0], rssMb());
        double[] withLoad = loaded.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "service-cost");
        out.put("heavy_clients", heavyClients);
        out.put("seconds", seconds);
        out.put("score_p50_ms_alone", ms(percentile(alone, 0.50)));
        out.put("score_p99_ms_alone", ms(percentile(alone, 0.99)));
        out.put("score_requests_loaded", withLoad.length);
        out.put("score_p50_ms_loaded", ms(percentile(withLoad, 0.50)));
        out.put("score_p99_ms_loaded", ms(percentile(withLoad, 0.99)));
        out.put("score_p99_ratio", round(percentile(withLoad, 0.99) / percentile(alone, 0.99)));
        Map<String, Object> heavy = new TreeMap<>();
        outcomes.forEach((k, v) -> {
            Map<String, Object> m = new TreeMap<>();
            v.forEach((status, n) -> m.put(status < 0 ? "no answer" : String.valueOf(status), n.get()));
            m.put("slowest_s", round(slowest.getOrDefault(k, new double[] {0})[0]));
            heavy.put(k, m);
        });
        out.put("heavy", heavy);
        out.put("rss_mb_before", round(rssBefore));
        out.put("rss_mb_max", round(maxRss[0]));
        out.put("healthy_after", send(HttpRequest.newBuilder(base.resolve("/health")).GET()).status() == 200);
        return out;
    }

    private HttpRequest.Builder heavy(String kind) {
        return switch (kind) {
            case "tsne" -> post("/api/v1/models/seq/project?method=tsne&iterations=2000&max_points=5000", project,
                    "application/json");
            case "plot" -> HttpRequest.newBuilder(base.resolve("/api/v1/models/seq/plots/latent.png?method=tsne"
                    + "&dataset=many.csv&layout=long&id_column=id&timestamp_column=step")).GET();
            default -> post("/api/v1/models/series/detect", detect, "application/json");
        };
    }

    /**
     * {@code minutes} of mixed traffic at {@code perSecond} requests a second (7 in 10 score, 2
     * detect on 4,000 points, 1 intake of 50 points): answers by status, latency percentiles, and
     * the resident memory every 10 s with its drift from minute 2 to the end.
     */
    public Map<String, Object> sustained(double minutes, double perSecond) throws Exception {
        String shortDetect = valuesBody(SyntheticGenerator.series(4000, 3, 17).values());
        StringBuilder intake = new StringBuilder("{\"points\": [");
        for (int i = 0; i < 50; i++) {
            intake.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", Math.sin(i / 5.0)));
        }
        String intakeBody = intake.append("]}").toString();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Double> rss = new LinkedHashMap<>();
        long start = System.nanoTime();
        long total = Math.round(minutes * 60 * perSecond);
        long nextRss = 0;
        for (long i = 0; i < total; i++) {
            long due = start + Math.round(i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long elapsed = System.nanoTime() - start;
            if (elapsed >= nextRss) {
                rss.put(String.format(Locale.ROOT, "%.0f", elapsed / 1e9), round(rssMb()));
                nextRss += TimeUnit.SECONDS.toNanos(10);
            }
            int kind = (int) (i % 10);
            pool.execute(() -> {
                try {
                    Answer a = kind < 7 ? scoreOnce() : kind < 9
                            ? send(post("/api/v1/models/series/detect", shortDetect, "application/json"))
                            : send(post("/api/v1/datasets/load/records", intakeBody, "application/json")
                                    .header("X-API-Key", KEY));
                    statuses.computeIfAbsent(a.status(), s -> new AtomicLong()).incrementAndGet();
                    latencies.add(a.seconds());
                } catch (IOException | InterruptedException e) {
                    statuses.computeIfAbsent(-1, s -> new AtomicLong()).incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(600, TimeUnit.SECONDS);
        rss.put(String.format(Locale.ROOT, "%.0f", (System.nanoTime() - start) / 1e9), round(rssMb()));
        double[] lat = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        long errors = statuses.entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() >= 300)
                .mapToLong(e -> e.getValue().get()).sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "service-sustained");
        out.put("minutes", minutes);
        out.put("requests_per_second", perSecond);
        out.put("requests", total);
        Map<String, Long> byStatus = new TreeMap<>();
        statuses.forEach((s, n) -> byStatus.put(s < 0 ? "no answer" : String.valueOf(s), n.get()));
        out.put("answers", byStatus);
        out.put("errors", errors);
        out.put("p50_ms", ms(percentile(lat, 0.50)));
        out.put("p99_ms", ms(percentile(lat, 0.99)));
        out.put("rss_mb_every_10s", rss);
        out.put("rss_drift_percent_from_minute_2", round(drift(rss, minutes)));
        return out;
    }

    /** The change of the memory from its mean over minute 2 to its mean over the last minute, in percent. */
    static double drift(Map<String, Double> rss, double minutes) {
        double early = mean(rss, 60, 120);
        double late = mean(rss, minutes * 60 - 60, Double.MAX_VALUE);
        return 100 * (late - early) / early;
    }

    private static double mean(Map<String, Double> rss, double from, double to) {
        return rss.entrySet().stream().filter(e -> {
            double t = Double.parseDouble(e.getKey());
            return t >= from && t <= to && !Double.isNaN(e.getValue());
        }).mapToDouble(Map.Entry::getValue).average().orElse(Double.NaN);
    }

    /** The {@code q} quantile of {@code v} (nearest rank), NaN when empty. */
    static double percentile(double[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1)];
    }

    static double ms(double seconds) {
        return round(seconds * 1000);
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String sequencesBody(List<float[][]> seqs) {
        StringBuilder sb = new StringBuilder("{\"sequences\": [");
        for (int i = 0; i < seqs.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('[');
            float[][] s = seqs.get(i);
            for (int t = 0; t < s.length; t++) {
                sb.append(t == 0 ? "" : ",").append('[');
                for (int f = 0; f < s[t].length; f++) {
                    sb.append(f == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", s[t][f]));
                }
                sb.append(']');
            }
            sb.append(']');
        }
        return sb.append("]}").toString();
    }

    private static String valuesBody(float[][] values) {
        StringBuilder sb = new StringBuilder("{\"values\": [");
        for (int t = 0; t < values.length; t++) {
            sb.append(t == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", values[t][0]));
        }
        return sb.append("]}").toString();
    }

    /** Stops the service and deletes its folder. */
    @Override
    public void close() throws IOException {
        server.destroy();
        try {
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
