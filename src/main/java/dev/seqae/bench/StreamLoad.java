package dev.seqae.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live streams under load ({@code seqae bench --service-streams}): the service of a {@link
 * ServiceLoad} (a child process on loopback, its time-series model of windows of 32 points), fed
 * by many streams at once as collectors feed it:
 * <ol>
 *   <li>{@code streams} streams created and each given its first window of points (warm-up);</li>
 *   <li>for {@code warmup} seconds, untimed, then for {@code seconds}, {@code clients} connections send the streams' next points, {@code
 *   perRequest} at a time, paced to {@code rate} points a second in all (each client owns a share of
 *   the streams and feeds them round robin, so a stream's requests are in order); every answer
 *   must be a 200; reported: points taken a second, windows scored a second, the latency of each
 *   request (p50, p99, max) and how far the clients fell behind their schedule;</li>
 *   <li>memory: streams added up to {@code memoryStreams}, each with a full window; at each step a
 *   full GC of the child ({@code jcmd GC.run}), then its heap in use (from {@code /prometheus})
 *   and its resident memory — the cost of a stream is the slope.</li>
 * </ol>
 */
public final class StreamLoad {
    private static final int WINDOW = 32;
    private static final long T0 = 1_700_000_000L;

    private final ServiceLoad service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final int stride;

    /** @param stride the streams' stride: a window is scored every {@code stride} points */
    public StreamLoad(ServiceLoad service, int stride) {
        this.service = service;
        this.stride = stride;
    }

    private static double value(int stream, long i) {
        double v = Math.sin(i / 5.0 + stream) + 0.05 * Math.sin(i * 1.7 + stream * 3.1);
        return i % 997 == 500 ? v + 4 : v;   // a spike now and then: events happen
    }

    private static String body(int stream, long from, int n) {
        StringBuilder sb = new StringBuilder(32 + n * 48).append("{\"points\": [");
        for (long i = from; i < from + n; i++) {
            sb.append(i == from ? "" : ",").append("{\"timestamp\": ").append(T0 + 60 * i).append(", \"values\": [")
                    .append(String.format(Locale.ROOT, "%.4f", value(stream, i))).append("]}");
        }
        return sb.append("]}").toString();
    }

    private record Sent(int status, double seconds, int accepted, int scored) {
    }

    private Sent post(int stream, long from, int n) throws IOException, InterruptedException {
        if (from == 0) {
            HttpRequest put = service.withKey("/api/v1/streams/s" + stream).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"model\": \"series\", \"stride\": " + stride
                            + "}")).build();
            int status = http.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 201 && status != 200) {
                return new Sent(status, 0, 0, 0);
            }
        }
        HttpRequest r = service.withKey("/api/v1/streams/s" + stream + "/points")
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body(stream, from, n))).build();
        long t0 = System.nanoTime();
        HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        int accepted = 0;
        int scored = 0;
        if (a.statusCode() == 200) {
            String b = a.body();
            int at = b.indexOf("\"accepted\":");
            if (at >= 0) {
                int end = at + 11;
                while (end < b.length() && Character.isDigit(b.charAt(end))) {
                    end++;
                }
                accepted = Integer.parseInt(b.substring(at + 11, end));
            }
            for (int i = b.indexOf("\"smoothed_score\""); i >= 0; i = b.indexOf("\"smoothed_score\"", i + 1)) {
                scored++;
            }
        }
        return new Sent(a.statusCode(), seconds, accepted, scored);
    }

    /** Creates streams {@code from..to-1} with their first window, {@code parallel} at a time. */
    private void create(int from, int to, int parallel) throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicLong failed = new AtomicLong();
        for (int c = 0; c < parallel; c++) {
            int first = from + c;
            Thread t = new Thread(() -> {
                for (int s = first; s < to; s += parallel) {
                    try {
                        if (post(s, 0, WINDOW).status() != 200) {
                            failed.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        failed.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failed.get() > 0) {
            throw new IOException(failed.get() + " stream(s) could not be created; the service's log: see --keep");
        }
    }

    /** One timed feeding: the answers by status, each request's latency, points taken and scored, the schedule's lag. */
    private record Feed(Map<Integer, AtomicLong> statuses, double[] latencies, long accepted, long scored,
                        double elapsed, double behindSeconds) {
    }

    /**
     * Runs the phases.
     *
     * @param streams       streams fed under load
     * @param perRequest    points per request
     * @param rate          points a second in all (the schedule)
     * @param warmup        seconds of the same load before the timed run, not counted (the JIT
     *                      compiles the request path under load; a service's first seconds are slower)
     * @param seconds       how long the timed run lasts
     * @param clients       connections
     * @param memoryStreams streams at the end of the memory phase (0: skip it)
     */
    public Map<String, Object> run(int streams, int perRequest, double rate, double warmup, double seconds, int clients,
                                   int memoryStreams) throws Exception {
        long setup = System.nanoTime();
        create(0, streams, clients);
        double setupSeconds = (System.nanoTime() - setup) / 1e9;
        long[] next = new long[streams];
        java.util.Arrays.fill(next, WINDOW);
        Feed warm = warmup > 0 ? feed(streams, perRequest, rate, warmup, clients, next) : null;
        Feed f = feed(streams, perRequest, rate, seconds, clients, next);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "service-streams");
        out.put("streams", streams);
        out.put("points_per_request", perRequest);
        out.put("stride", stride);
        out.put("target_points_per_second", rate);
        out.put("clients", clients);
        out.put("warmup_seconds", warmup);
        out.put("seconds", seconds);
        out.put("setup_seconds", ServiceLoad.round(setupSeconds));
        if (warm != null) {
            out.put("warmup", Map.of("points_per_second", ServiceLoad.round(warm.accepted() / warm.elapsed()),
                    "p99_ms", ServiceLoad.ms(ServiceLoad.percentile(warm.latencies(), 0.99))));
        }
        Map<String, Long> byStatus = new TreeMap<>();
        f.statuses().forEach((st, n) -> byStatus.put(st < 0 ? "no answer" : String.valueOf(st), n.get()));
        out.put("answers", byStatus);
        double[] lat = f.latencies();
        out.put("points_per_second", ServiceLoad.round(f.accepted() / f.elapsed()));
        out.put("points_scored_per_second", ServiceLoad.round(f.scored() / f.elapsed()));
        out.put("requests_per_second", ServiceLoad.round(lat.length / f.elapsed()));
        out.put("p50_ms", ServiceLoad.ms(ServiceLoad.percentile(lat, 0.50)));
        out.put("p99_ms", ServiceLoad.ms(ServiceLoad.percentile(lat, 0.99)));
        out.put("max_ms", ServiceLoad.ms(ServiceLoad.percentile(lat, 1.0)));
        out.put("clients_behind_schedule_max_ms", ServiceLoad.ms(f.behindSeconds()));
        out.put("rss_mb", ServiceLoad.round(service.rssMb()));
        if (memoryStreams > streams) {
            out.put("memory", memory(streams, memoryStreams, clients));
        }
        return out;
    }

    /** {@code clients} connections feed the streams from {@code next} (advanced) for {@code seconds}, paced to {@code rate}. */
    private Feed feed(int streams, int perRequest, double rate, double seconds, int clients, long[] next)
            throws InterruptedException {
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<double[]> latencies = new ArrayList<>();
        AtomicLong accepted = new AtomicLong();
        AtomicLong scored = new AtomicLong();
        double requestsPerSecond = rate / perRequest;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long end = start + Math.round(seconds * 1e9);
        double[] behind = new double[clients];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            double[] lat = new double[(int) Math.ceil(requestsPerSecond * seconds / clients) + 16];
            latencies.add(lat);
            Thread t = new Thread(() -> {
                int k = 0;
                int stream = client;
                for (long j = 0; ; j++) {
                    long due = start + Math.round((j * clients + client) * 1e9 / requestsPerSecond);
                    if (due >= end || k >= lat.length) {
                        break;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    } else {
                        behind[client] = Math.max(behind[client], -wait / 1e9);
                    }
                    try {
                        Sent s = post(stream, next[stream], perRequest);
                        statuses.computeIfAbsent(s.status(), x -> new AtomicLong()).incrementAndGet();
                        lat[k++] = s.seconds();
                        accepted.addAndGet(s.accepted());
                        scored.addAndGet(s.scored());
                        next[stream] += perRequest;
                    } catch (IOException e) {
                        statuses.computeIfAbsent(-1, x -> new AtomicLong()).incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                    stream += clients;
                    if (stream >= streams) {
                        stream = client;
                    }
                }
                lat[lat.length - 1] = k;    // how many were filled
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = Math.max(seconds, (System.nanoTime() - start) / 1e9);
        List<Double> all = new ArrayList<>();
        for (double[] lat : latencies) {
            int k = (int) lat[lat.length - 1];
            for (int i = 0; i < k; i++) {
                all.add(lat[i]);
            }
        }
        double[] lat = all.stream().mapToDouble(Double::doubleValue).toArray();
        double worst = 0;
        for (double b : behind) {
            worst = Math.max(worst, b);
        }
        return new Feed(statuses, lat, accepted.get(), scored.get(), elapsed, worst);
    }

    private Map<String, Object> memory(int from, int to, int clients) throws Exception {
        Map<String, Object> steps = new LinkedHashMap<>();
        List<double[]> points = new ArrayList<>();
        int have = from;
        for (int target : new int[] {from, Math.max(from, to / 4), Math.max(from, to / 2), to}) {
            if (target > have) {
                create(have, target, clients);
                have = target;
            }
            double heap = heapAfterGc();
            double rss = service.rssMb();
            steps.put(String.valueOf(target), Map.of("heap_mb", ServiceLoad.round(heap), "rss_mb",
                    ServiceLoad.round(rss)));
            points.add(new double[] {target, heap, rss});
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("by_streams", steps);
        double[] first = points.get(0);
        double[] last = points.get(points.size() - 1);
        double n = last[0] - first[0];
        out.put("heap_kb_per_stream", ServiceLoad.round((last[1] - first[1]) * 1024 / n));
        out.put("rss_kb_per_stream", ServiceLoad.round((last[2] - first[2]) * 1024 / n));
        return out;
    }

    /** The child's heap in use (MB) after a full collection ({@code jcmd GC.run}), NaN when unknown. */
    private double heapAfterGc() throws IOException, InterruptedException {
        String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, String.valueOf(service.pid()), "GC.run").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        HttpResponse<java.io.InputStream> r = http.send(java.net.http.HttpRequest.newBuilder(service.base()
                .resolve("/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        double bytes = 0;
        boolean seen = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    seen = true;
                }
            }
        }
        return seen ? bytes / (1024 * 1024) : Double.NaN;
    }
}
