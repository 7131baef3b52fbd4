package dev.seqae.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The bodies of {@code /api/v1/streams}: live detection over streams of points (docs/live.md). */
public final class Streams {
    private Streams() {
    }

    /** Creating a stream: its model and how it is detected (every setting optional). */
    @Schema(name = "StreamRequest", description = "the model a stream is scored with and how it is detected")
    public record StreamRequest(
            @Schema(description = "a model trained on windows of a time series") String model,
            @Nullable @Schema(description = "points between scored windows", defaultValue = "1") Integer stride,
            @Nullable @Schema(description = "EWMA span of the point scores", defaultValue = "1") Integer smoothing,
            @Nullable @Schema(description = "a threshold strategy (default: the model's)") String threshold,
            @Nullable @Schema(description = "0: the model's point threshold; >= 2: refitted on the stream's last "
                    + "this many smoothed scores", defaultValue = "0") Integer localWindow,
            @Nullable @Schema(description = "points between refits (default a tenth of local_window)")
            Integer localStep,
            @Nullable @Schema(description = "points above the threshold before an anomaly opens", defaultValue = "1")
            Integer openAfter,
            @Nullable @Schema(description = "points below the threshold before an open anomaly closes",
                    defaultValue = "1") Integer closeAfter) {
    }

    /** One point of a stream. */
    @Schema(name = "StreamPoint")
    public record StreamPoint(
            @Schema(description = "a number, or a date-time (yyyy-MM-dd HH:mm:ss, ISO-8601; UTC without an offset)",
                    ref = "#/components/schemas/TimeStamp") Object timestamp,
            @Schema(description = "one value per feature (a univariate value may be a bare number)",
                    ref = "#/components/schemas/Step") Object values) {
    }

    /** Points for a stream (JSON; CSV bodies are {@code timestamp,value...} rows). */
    @Schema(name = "StreamPointsRequest")
    public record StreamPointsRequest(
            @Schema(description = "the points, in time order") List<StreamPoint> points,
            @Nullable @Schema(description = "the model of a stream that does not exist yet (created with default "
                    + "settings); for an existing one it must be its model") String model) {
    }

    /** The stream's settings. */
    @Schema(name = "StreamSettings")
    public record Settings(int stride, int smoothing, @Nullable String threshold, int localWindow,
                           @Nullable Integer localStep, int openAfter, int closeAfter) {
    }

    /** An anomalous interval of a stream. */
    @Schema(name = "StreamInterval")
    public record Interval(long start, @Nullable String startTimestamp, long end, @Nullable String endTimestamp,
                           double peakScore, long peakIndex, double severity, String topFeatures, boolean open) {
    }

    /** An event: an anomaly opened or closed. */
    @Schema(name = "StreamEvent")
    public record Event(long seq, @Schema(allowableValues = {"opened", "closed"}) String kind,
                        @Schema(description = "the point whose arrival made it") long at, Interval interval,
                        String createdAt) {
    }

    /** One scored point. */
    @Schema(name = "StreamScore")
    public record Score(long index, String timestamp, double score, double smoothedScore, double threshold,
                        boolean anomalous, @Schema(description = "an anomaly is open after this point") boolean open) {
    }

    /** Where a stream stands. */
    @Schema(name = "StreamState")
    public record State(long points, long scored, @Nullable String lastTimestamp, double threshold,
                        @Schema(allowableValues = {"normal", "anomalous"}) String state,
                        @JsonInclude(JsonInclude.Include.NON_NULL)
                        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "the open anomaly "
                                + "(absent when the stream is normal)", ref = "#/components/schemas/StreamInterval")
                        Interval openInterval,
                        long events) {
    }

    /** The answer to points. */
    @Schema(name = "StreamPointsAnswer")
    public record PointsAnswer(String stream, String model, int version, int accepted, int duplicates,
                               @Schema(description = "the points scored by this request (a point waits for the "
                                       + "window that ends at or after it)") List<Score> scores,
                               List<Event> events, State state) {
    }

    /** A stream described. */
    @Schema(name = "StreamAnswer")
    public record StreamAnswer(String stream, String model, Settings settings, State state,
                               @Schema(description = "the last events, oldest first") List<Event> recentEvents,
                               String createdAt, String updatedAt) {
    }

    /** Events of a stream. */
    @Schema(name = "StreamEvents")
    public record EventsAnswer(String stream, List<Event> events) {
    }

    /** Stream names. */
    @Schema(name = "StreamList")
    public record ListAnswer(List<String> streams) {
    }

    /** A stream's last points with their outcomes (the live view). */
    @Schema(name = "StreamPoints")
    public record RecentAnswer(String stream, List<RecentPoint> points) {
    }

    /** A point with its outcome (null scores before it is scored). */
    @Schema(name = "StreamRecentPoint")
    public record RecentPoint(long index, String timestamp,
                              @Schema(description = "one value per feature", ref = "#/components/schemas/Vector")
                              float[] values, @Nullable Double score,
                              @Nullable Double smoothedScore, @Nullable Double threshold, boolean open) {
    }
}
