package dev.seqae.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.live.LiveEvent;
import dev.seqae.live.LiveSettings;
import dev.seqae.live.LiveStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code seqae stream --url}: a series sent to the service's live stream, point after point in
 * requests of a few, as a collector would; the events and scores read from the answers. A stream
 * that exists with the same model and settings continues (points it has are duplicates), so the
 * command may be run again after an interruption.
 */
final class RemoteStream {
    /** The service could not be reached or failed (exit 3). */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What the service answered for a whole series. */
    record Result(long accepted, long duplicates, List<LiveEvent> events, List<LiveStream.Scored> points,
                  JsonNode state) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String stream;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    RemoteStream(String url, String stream, String key) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            this.base = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--url: '" + url + "' is not a URL");
        }
        if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
            throw new InvalidInputException("--url: '" + url + "' is not an http(s) URL (e.g. http://localhost:8080)");
        }
        this.stream = stream;
        this.key = key;
    }

    /** Creates the stream, or finds it with the same model and settings. */
    void create(String model, LiveSettings s) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("stride", s.stride());
        body.put("smoothing", s.smoothing());
        if (s.strategy() != null) {
            body.put("threshold", s.strategy().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        body.put("local_window", s.localWindow());
        if (s.localStep() != null) {
            body.put("local_step", s.localStep());
        }
        body.put("open_after", s.openAfter());
        body.put("close_after", s.closeAfter());
        send("PUT", "/api/v1/streams/" + stream, body.toString());
    }

    /** Sends {@code values} in requests of {@code batch} points, in order. */
    Result send(String[] timestamps, float[][] values, int batch) {
        long accepted = 0;
        long duplicates = 0;
        List<LiveEvent> events = new ArrayList<>();
        List<LiveStream.Scored> points = new ArrayList<>();
        JsonNode state = null;
        for (int from = 0; from < values.length; from += batch) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("points");
            for (int i = from; i < Math.min(values.length, from + batch); i++) {
                ObjectNode p = list.addObject();
                String t = timestamps == null ? Integer.toString(i) : timestamps[i];
                if (timestamps == null || isNumber(t)) {
                    p.put("timestamp", Double.parseDouble(t));
                } else {
                    p.put("timestamp", t);
                }
                ArrayNode v = p.putArray("values");
                for (float x : values[i]) {
                    v.add(x);
                }
            }
            JsonNode a = send("POST", "/api/v1/streams/" + stream + "/points", body.toString());
            accepted += a.path("accepted").asLong();
            duplicates += a.path("duplicates").asLong();
            for (JsonNode e : a.path("events")) {
                events.add(event(e));
            }
            for (JsonNode s : a.path("scores")) {
                points.add(new LiveStream.Scored(s.path("index").asLong(), text(s.get("timestamp")),
                        s.path("score").asDouble(), s.path("smoothed_score").asDouble(), s.path("threshold").asDouble(),
                        s.path("anomalous").asBoolean(), s.path("open").asBoolean()));
            }
            state = a.get("state");
        }
        return new Result(accepted, duplicates, events, points, state);
    }

    private static boolean isNumber(String t) {
        try {
            Double.parseDouble(t);
            return !t.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static LiveEvent event(JsonNode e) {
        JsonNode i = e.path("interval");
        return new LiveEvent(LiveEvent.Kind.valueOf(e.path("kind").asText().toUpperCase(Locale.ROOT)),
                i.path("start").asLong(), text(i.get("start_timestamp")), i.path("end").asLong(),
                text(i.get("end_timestamp")), i.path("peak_score").asDouble(), i.path("peak_index").asLong(),
                i.path("severity").asDouble(), i.path("top_features").asText(), e.path("at").asLong());
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (key != null && !key.isEmpty()) {
            b.header("X-API-Key", key);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable("cannot reach the service at " + base + " (" + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while talking to " + base, e);
        }
        JsonNode json;
        try {
            json = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            json = null;
        }
        if (r.statusCode() / 100 == 2 && json != null) {
            return json;
        }
        String detail = json != null && json.hasNonNull("detail") ? json.get("detail").asText()
                : r.body().length() > 300 ? r.body().substring(0, 300) : r.body();
        String what = method + " " + path + ": " + r.statusCode() + " " + detail;
        if (r.statusCode() / 100 == 4) {
            throw new InvalidInputException("the service refused " + what);
        }
        throw new Unreachable("the service failed " + what, null);
    }
}
