package dev.seqae.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.Dataset;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.intake.StreamStore;
import dev.seqae.live.LiveEvent;
import dev.seqae.live.LiveInterval;
import dev.seqae.live.LiveSettings;
import dev.seqae.live.LiveStream;
import dev.seqae.model.Options;
import dev.seqae.registry.VersionStore;
import dev.seqae.service.api.Errors;
import dev.seqae.service.api.Streams;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/v1/streams}: live detection ({@link LiveStreams}, docs/live.md). {@code PUT /{stream}}
 * binds a stream to a model with its settings; {@code POST /{stream}/points} takes points (JSON or
 * CSV) and answers each scored point, the events they made and the stream's state, after the
 * database committed them; {@code GET /{stream}}, {@code /{stream}/events}, {@code /{stream}/points}
 * read it; {@code DELETE /{stream}} removes it.
 */
@Tag(name = "streams")
@Controller("/api/v1/streams")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StreamsController {
    private static final int RECENT_EVENTS = 10;

    private final LiveStreams streams;
    private final Requests.Limits limits;
    private final ApiKeys keys;

    public StreamsController(LiveStreams streams, Requests.Limits limits, ApiKeys keys) {
        this.streams = streams;
        this.limits = limits;
        this.keys = keys;
    }

    /** The stream names. */
    @Operation(operationId = "listStreams", summary = "The live streams")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Get
    public Streams.ListAnswer list() {
        return new Streams.ListAnswer(streams.names());
    }

    /**
     * Creates a stream bound to a model with its detection settings (201); the same request again
     * changes nothing (200); other settings for an existing stream are a 409.
     */
    @Operation(operationId = "putStream", summary = "Create a live stream of a model")
    @Errors.Api
    @Errors.BadInput
    @Errors.WithBody
    @Errors.NeedsKey
    @Errors.NotFound
    @Errors.Conflict
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Streams.StreamRequest.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Streams.StreamAnswer.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "it exists with "
            + "these settings", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Streams.StreamAnswer.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "429", description = "as many streams as "
            + "seqae.streams.max-streams allows (Retry-After)", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = dev.seqae.service.api.Problem.class)))
    @Put(value = "/{stream}", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<Streams.StreamAnswer> put(@PathVariable String stream, @Nullable @Body String body,
                                                  @Parameter(hidden = true) @Nullable @Header(ApiKeys.HEADER)
                                                  String key) {
        keys.requireForChanges(key);
        checkName(stream);
        JsonNode root = Requests.json(body);
        if (!root.isObject()) {
            throw new InvalidInputException("the body must be an object with the stream's 'model'");
        }
        Requests.requireKnownFields(root, "", List.of("model", "stride", "smoothing", "threshold", "local_window",
                "local_step", "open_after", "close_after"));
        String model = text(root, "model", true);
        LiveSettings settings = new LiveSettings(integer(root, "stride", 1), integer(root, "smoothing", 1),
                strategy(text(root, "threshold", false)), integer(root, "local_window", 0),
                root.has("local_step") && !root.get("local_step").isNull() ? integer(root, "local_step", 0) : null,
                integer(root, "open_after", 1), integer(root, "close_after", 1));
        boolean created = streams.create(stream, model, settings);
        Streams.StreamAnswer answer = describe(stream);
        return created ? HttpResponse.created(answer) : HttpResponse.ok(answer);
    }

    /**
     * Takes points, in time order: JSON {@code {"points": [{"timestamp": ..., "values": [...]}],
     * "model": ...}} or CSV ({@code text/csv}: a timestamp column and a column per feature,
     * {@code ?model=} for a new stream). A point at the time of one the stream has is a duplicate
     * and changes nothing; an older one is a 409 that names it, and then none of the request's
     * points is taken.
     */
    @Operation(operationId = "appendStreamPoints", summary = "Points of a live stream: scored as they arrive, "
            + "committed before the answer")
    @Errors.Api
    @Errors.BadInput
    @Errors.WithBody
    @Errors.NeedsKey
    @Errors.NotFound
    @Errors.Conflict
    @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Streams.StreamPointsRequest.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string", description = "timestamp,value... "
                    + "rows"))})
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "429", description = "as many streams as "
            + "seqae.streams.max-streams allows (Retry-After)", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = dev.seqae.service.api.Problem.class)))
    @Post(value = "/{stream}/points", consumes = {MediaType.APPLICATION_JSON, ModelController.CSV})
    public Streams.PointsAnswer points(@PathVariable String stream, @Nullable @Body String body,
                                       @Header(value = "Content-Type", defaultValue = MediaType.APPLICATION_JSON)
                                       String contentType,
                                       @Nullable @QueryValue String model,
                                       @Parameter(hidden = true) @Nullable @Header(ApiKeys.HEADER) String key) {
        keys.requireForChanges(key);
        checkName(stream);
        List<LiveStreams.Point> points;
        String bound = model;
        if (contentType.toLowerCase(Locale.ROOT).startsWith(ModelController.CSV)) {
            if (body == null || body.isBlank()) {
                throw new InvalidInputException("the request body is empty");
            }
            Dataset d = CsvDataReader.read(Requests.requireUtf8(body), "request body", CsvOptions.auto());
            if (!(d instanceof TimeSeries ts) || ts.timestamps() == null) {
                throw new InvalidInputException("request body: a stream's CSV has a timestamp column (timestamp, "
                        + "time, date or datetime) and a column per feature");
            }
            Requests.checkSteps(ts.values(), "points", limits);
            points = new ArrayList<>(ts.length());
            for (int i = 0; i < ts.length(); i++) {
                points.add(new LiveStreams.Point(ts.timestamps()[i], ts.values()[i]));
            }
        } else {
            JsonNode root = Requests.json(body);
            if (!root.isObject() || !root.has("points")) {
                throw new InvalidInputException("the body must be an object with 'points' (an array of {\"timestamp\": "
                        + "..., \"values\": [...]})");
            }
            Requests.requireKnownFields(root, "", List.of("points", "model"));
            String inBody = text(root, "model", false);
            if (inBody != null && bound != null && !inBody.equals(bound)) {
                throw new InvalidInputException("model: the body says '" + inBody + "', the query '" + bound + "'");
            }
            bound = inBody != null ? inBody : bound;
            points = points(root.get("points"));
        }
        LiveStreams.Appended a = streams.append(stream, bound, points);
        List<Streams.Score> scores = new ArrayList<>(a.scored().size());
        for (LiveStream.Scored s : a.scored()) {
            scores.add(new Streams.Score(s.index(), s.timestamp(), s.score(), s.smoothed(), s.threshold(), s.above(),
                    s.open()));
        }
        return new Streams.PointsAnswer(a.stream(), a.model(), a.version(), a.accepted(), a.duplicates(), scores,
                a.events().stream().map(StreamsController::event).toList(), state(a.state()));
    }

    /** A stream: its model, settings, state and last events. */
    @Operation(operationId = "describeStream", summary = "A live stream's state, open anomaly and last events")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Errors.Conflict
    @Get("/{stream}")
    public Streams.StreamAnswer get(@PathVariable String stream) {
        checkName(stream);
        return describe(stream);
    }

    /** The stream's events after {@code after} (their numbers start at 1), oldest first, at most {@code limit}. */
    @Operation(operationId = "streamEvents", summary = "A live stream's events (anomalies opened and closed)")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Get("/{stream}/events")
    public Streams.EventsAnswer events(@PathVariable String stream, @Nullable @QueryValue String after,
                                       @Nullable @QueryValue String limit) {
        checkName(stream);
        long from = Requests.query(after, "after", 0, Long.MAX_VALUE, 0);
        int n = (int) Requests.query(limit, "limit", 1, 1000, 100);
        return new Streams.EventsAnswer(stream, streams.events(stream, from, n).stream()
                .map(StreamsController::event).toList());
    }

    /** The stream's last points with their scores (the web page's live view). */
    @Operation(operationId = "streamPoints", summary = "A live stream's last points with their scores")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Get("/{stream}/points")
    public Streams.RecentAnswer recent(@PathVariable String stream, @Nullable @QueryValue String limit) {
        checkName(stream);
        int n = (int) Requests.query(limit, "limit", 1, 10_000, 500);
        List<Streams.RecentPoint> out = new ArrayList<>();
        for (StreamStore.PointView p : streams.recentPoints(stream, n)) {
            StreamStore.ScoreRow s = p.score();
            out.add(new Streams.RecentPoint(p.index(), p.timestamp(), p.values(), s == null ? null : s.score(),
                    s == null ? null : s.smoothed(), s == null ? null : s.threshold(), s != null && s.open()));
        }
        return new Streams.RecentAnswer(stream, out);
    }

    /** Deletes a stream with its points, scores and events; 404 when there is none. */
    @Operation(operationId = "deleteStream", summary = "Delete a live stream")
    @Errors.Api
    @Errors.BadInput
    @Errors.NeedsKey
    @Errors.NotFound
    @Delete("/{stream}")
    public dev.seqae.service.api.Models.Deleted delete(@PathVariable String stream,
                                                       @Parameter(hidden = true) @Nullable @Header(ApiKeys.HEADER)
                                                       String key) {
        keys.requireForChanges(key);
        checkName(stream);
        if (!streams.delete(stream)) {
            throw ApiException.notFound("stream '" + stream + "' not found");
        }
        return new dev.seqae.service.api.Models.Deleted(stream);
    }

    private Streams.StreamAnswer describe(String name) {
        StreamStore.Stream s = streams.describe(name);
        LiveSettings l = s.settings();
        Streams.Settings settings = new Streams.Settings(l.stride(), l.smoothing(), l.strategy() == null ? null
                : l.strategy().name().toLowerCase(Locale.ROOT).replace('_', '-'), l.localWindow(), l.localStep(),
                l.openAfter(), l.closeAfter());
        return new Streams.StreamAnswer(name, s.model(), settings, state(streams.snapshot(name)),
                streams.recentEvents(name, RECENT_EVENTS).stream().map(StreamsController::event).toList(),
                s.createdAt().toString(), s.updatedAt().toString());
    }

    private static Streams.State state(LiveStreams.Snapshot s) {
        return new Streams.State(s.points(), s.scored(), s.lastTimestamp(), s.threshold(), s.open() == null ? "normal"
                : "anomalous", s.open() == null ? null : interval(s.open()), s.events());
    }

    private static Streams.Interval interval(LiveInterval i) {
        return new Streams.Interval(i.start(), i.startTimestamp(), i.end(), i.endTimestamp(), i.peak(), i.peakIndex(),
                i.severity(), i.topFeatures(), i.open());
    }

    static Streams.Event event(StreamStore.EventRow r) {
        LiveEvent e = r.event();
        return new Streams.Event(r.seq(), e.kind().name().toLowerCase(Locale.ROOT), e.at(), interval(LiveInterval.of(e)),
                r.createdAt().toString());
    }

    private List<LiveStreams.Point> points(JsonNode node) {
        if (!node.isArray()) {
            throw new InvalidInputException("points must be an array of {\"timestamp\": ..., \"values\": [...]}, got "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        if (node.isEmpty()) {
            throw new InvalidInputException("points is empty");
        }
        if (node.size() > limits.maxSteps()) {
            throw ApiException.tooLarge("points has " + node.size() + " points; the limit is " + limits.maxSteps()
                    + " (seqae.limits.max-steps)");
        }
        List<LiveStreams.Point> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode p = node.get(i);
            String at = "points[" + i + "]";
            if (!p.isObject()) {
                throw new InvalidInputException(at + " must be an object {\"timestamp\": ..., \"values\": [...]}");
            }
            Requests.requireKnownFields(p, at + ".", List.of("timestamp", "values"));
            JsonNode ts = p.get("timestamp");
            if (ts == null || ts.isNull() || !(ts.isTextual() || ts.isNumber())) {
                throw new InvalidInputException(at + ".timestamp must be a number or a date-time string");
            }
            JsonNode v = p.get("values");
            if (v == null || v.isNull()) {
                throw new InvalidInputException("missing field '" + at + ".values'");
            }
            float[] values;
            if (v.isNumber()) {
                values = new float[] {Requests.number(v, at + ".values")};
            } else if (v.isArray() && !v.isEmpty()) {
                values = new float[v.size()];
                for (int f = 0; f < values.length; f++) {
                    values[f] = Requests.number(v.get(f), at + ".values[" + f + "]");
                }
            } else {
                throw new InvalidInputException(at + ".values must be a number or a non-empty array of numbers");
            }
            out.add(new LiveStreams.Point(ts.asText(), values));
        }
        return out;
    }

    private static String text(JsonNode root, String field, boolean required) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidInputException("missing field '" + field + "'");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(field + " must be a string");
        }
        return n.asText();
    }

    private static int integer(JsonNode root, String field, int otherwise) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return otherwise;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new InvalidInputException(field + " must be an integer");
        }
        return n.asInt();
    }

    private static ThresholdStrategy strategy(String s) {
        return s == null ? null : Options.parseEnum(ThresholdStrategy.class, "threshold", s);
    }

    static void checkName(String stream) {
        VersionStore.checkName(stream, "stream");
    }
}
