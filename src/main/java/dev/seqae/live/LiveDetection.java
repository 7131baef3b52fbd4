package dev.seqae.live;

import dev.seqae.model.SeqAutoencoderModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Live detection with a model: new streams, the scoring of windows (of one stream or many, in one
 * pass through the network) and the replay of a whole series point by point.
 */
public final class LiveDetection {
    private LiveDetection() {
    }

    /**
     * A window's scores.
     *
     * @param stepScores    per step ({@link dev.seqae.anomaly.SequenceScorer#stepScores})
     * @param squaredErrors per step and feature, normalised units
     */
    public record WindowScores(double[] stepScores, float[][] squaredErrors) {
    }

    /**
     * Everything a replay gave.
     *
     * @param points every scored point, in order
     * @param events the events, in order
     * @param stream the stream after the last point (an anomaly may still be open)
     */
    public record Replay(List<LiveStream.Scored> points, List<LiveEvent> events, LiveStream stream) {
    }

    /** The intervals of a replay: every closed anomaly, then the one still open at the end (if any). */
    public static List<LiveInterval> intervals(Replay replay) {
        List<LiveInterval> out = new ArrayList<>();
        for (LiveEvent e : replay.events()) {
            if (e.kind() == LiveEvent.Kind.CLOSED) {
                out.add(LiveInterval.of(e));
            }
        }
        LiveInterval open = replay.stream().openInterval();
        if (open != null) {
            out.add(open);
        }
        return out;
    }

    /** A new stream of {@code model} (a model trained on windows of a time series). */
    public static LiveStream stream(SeqAutoencoderModel model, LiveSettings settings) {
        return new LiveStream(model.config().window(), model.featureNames(), settings,
                model.pointThreshold(settings.strategy()).value(), model.config().anomaly());
    }

    /** A stream of {@code model} continued from {@code state}. */
    public static LiveStream restore(SeqAutoencoderModel model, LiveSettings settings, LiveStream.State state) {
        return LiveStream.restore(model.config().window(), model.featureNames(), settings,
                model.pointThreshold(settings.strategy()).value(), model.config().anomaly(), state);
    }

    /** Scores {@code windows} (of any streams of {@code model}) in one pass through the network. */
    public static List<WindowScores> score(SeqAutoencoderModel model, List<LiveStream.Window> windows) {
        if (windows.isEmpty()) {
            return List.of();
        }
        List<float[][]> values = new ArrayList<>(windows.size());
        for (LiveStream.Window w : windows) {
            values.add(w.values());
        }
        List<float[][]> errors = model.squaredErrors(values);
        List<WindowScores> out = new ArrayList<>(errors.size());
        for (float[][] e : errors) {
            out.add(new WindowScores(model.scorer().stepScores(e), e));
        }
        return out;
    }

    /**
     * Replays a series point by point through a new stream: every point offered in order, the
     * windows scored {@code batch} at a time and applied in order — what the stream would have
     * given had the points arrived one by one.
     *
     * @param timestamps per point, or null (then each point's number is its timestamp)
     * @param series     {@code [points][features]}
     */
    public static Replay replay(SeqAutoencoderModel model, String source, String[] timestamps, float[][] series,
                                LiveSettings settings, int batch) {
        LiveStream stream = stream(model, settings);
        List<LiveStream.Window> windows = new ArrayList<>();
        for (int i = 0; i < series.length; i++) {
            String ts = timestamps != null ? timestamps[i] : Integer.toString(i);
            LiveStream.Offer o = stream.offer(ts, series[i], source + ": point " + i);
            if (o.status() != LiveStream.Offer.Status.ACCEPTED) {
                throw new dev.seqae.errors.InvalidInputException(source + ": point " + i + " (" + ts + ") is "
                        + (o.status() == LiveStream.Offer.Status.DUPLICATE ? "a second point at the time of point "
                        + o.index() : "older than the point before it") + "; a stream's points come in time order");
            }
            if (o.window() != null) {
                windows.add(o.window());
            }
        }
        List<LiveStream.Scored> points = new ArrayList<>(series.length);
        List<LiveEvent> events = new ArrayList<>();
        for (int from = 0; from < windows.size(); from += Math.max(1, batch)) {
            List<LiveStream.Window> part = windows.subList(from, Math.min(windows.size(), from + Math.max(1, batch)));
            List<WindowScores> scores = score(model, part);
            for (int i = 0; i < part.size(); i++) {
                LiveStream.Update u = stream.apply(part.get(i), scores.get(i).stepScores(),
                        scores.get(i).squaredErrors());
                points.addAll(u.points());
                events.addAll(u.events());
            }
        }
        return new Replay(points, events, stream);
    }
}
