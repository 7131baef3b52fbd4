package dev.seqae.live;

import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.anomaly.SequenceScorer;
import dev.seqae.anomaly.ThresholdFitter;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.errors.InvalidInputException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream's detection state, advanced a point at a time.
 *
 * <p>{@link #offer} takes a point (its timestamp and values) and, when the stride says a window of
 * the model's length ends at it, gives that {@link Window} to score. {@link #apply} takes the
 * window's step scores and squared errors and moves every point it scores through the rest, in
 * order:
 * <ol>
 *   <li>the point's score: the step score of the point in the first window that covers it — the
 *       window ending at the point when {@code stride} is 1 (the first {@code window − 1} points are
 *       scored by the first window);</li>
 *   <li>the causal EWMA of the scores ({@code y₀ = x₀, yₜ = a·xₜ + (1 − a)·yₜ₋₁},
 *       {@code a = 2 / (span + 1)});</li>
 *   <li>the threshold: the model's point threshold, or refitted every {@code localStep} points on
 *       the last {@code localWindow} smoothed scores before the point;</li>
 *   <li>the interval state machine: an anomaly opens once {@code openAfter} consecutive smoothed
 *       scores are above the threshold (it starts at the first of them) and closes once
 *       {@code closeAfter} consecutive ones are below (it ends at the last point above).</li>
 * </ol>
 * Offering every point first and applying the windows afterwards gives what interleaving them
 * does: {@link #offer} only touches the recent points, {@link #apply} only the rest.
 *
 * <p>Points come in time order: a timestamp equal to one of the recent points' is a duplicate
 * (ignored: {@link Offer.Status#DUPLICATE}), an older one is {@link Offer.Status#OLDER} — the
 * caller decides whether it is a duplicate of a point further back or out of order. Not
 * thread-safe: one caller at a time per stream.
 */
public final class LiveStream {
    /**
     * A window to score.
     *
     * @param values     {@code [window][features]}
     * @param firstPoint the number of its first point in the stream
     * @param scoresFrom the first point it scores (the ones before have scores)
     * @param timestamps the timestamps of the points it scores, {@code scoresFrom} onwards
     */
    public record Window(float[][] values, long firstPoint, long scoresFrom, String[] timestamps) {
        /** The last point it covers (the one that made it). */
        public long lastPoint() {
            return firstPoint + values.length - 1;
        }
    }

    /**
     * What offering a point did.
     *
     * @param status accepted, a duplicate of a recent point, or older than the last one
     * @param index  the point's number in the stream (accepted; the recent point's for a duplicate)
     * @param key    its timestamp as seconds ({@link #seconds})
     * @param window the window ending at it, to score, or null
     */
    public record Offer(Status status, long index, double key, Window window) {
        /** The outcomes. */
        public enum Status { ACCEPTED, DUPLICATE, OLDER }
    }

    /**
     * One point's outcome.
     *
     * @param index     its number in the stream
     * @param timestamp its timestamp
     * @param score     its score
     * @param smoothed  the smoothed score the decision is made on
     * @param threshold the threshold it was compared with
     * @param above     whether the smoothed score is above it
     * @param open      whether an anomaly is open after this point
     */
    public record Scored(long index, String timestamp, double score, double smoothed, double threshold, boolean above,
                         boolean open) {
    }

    /** What applying a window gave: its points, in order, and the events they made. */
    public record Update(List<Scored> points, List<LiveEvent> events) {
    }

    /**
     * A run of points above the threshold: an open anomaly, or one that has not yet lasted
     * {@code openAfter} points.
     *
     * @param open            whether it has opened
     * @param start           its first point
     * @param startTimestamp  that point's timestamp
     * @param above           consecutive points above so far (before opening)
     * @param below           consecutive points below since the last one above
     * @param lastAbove       the last point above
     * @param lastTimestamp   its timestamp
     * @param peak            the highest smoothed score
     * @param peakIndex       where
     * @param peakThreshold   the threshold there
     * @param featureErrors   per feature, the squared error summed over {@code start..lastAbove}
     * @param gapErrors       per feature, the same over the points below since {@code lastAbove}
     */
    public record Run(boolean open, long start, String startTimestamp, int above, int below, long lastAbove,
                      String lastTimestamp, double peak, long peakIndex, double peakThreshold, double[] featureErrors,
                      double[] gapErrors) {
    }

    /**
     * Everything a stream needs to continue where it was (stored by the service, restored after
     * a restart).
     *
     * @param points           points accepted so far
     * @param recentTimestamps the last {@code window} points' timestamps (oldest first)
     * @param recentKeys       the same as seconds (what orders them)
     * @param recentValues     their values
     * @param scored           points scored so far (they are {@code 0..scored-1})
     * @param smoothed         the last smoothed score (NaN before the first)
     * @param refitScores      the last {@code localWindow} smoothed scores (oldest first)
     * @param refitThreshold   the threshold refitted on them (NaN: the model's)
     * @param seen             smoothed scores so far (for the severity's scale)
     * @param mean             their mean
     * @param m2               their sum of squared deviations from the mean
     * @param run              the current run, or null
     */
    public record State(long points, String[] recentTimestamps, double[] recentKeys, float[][] recentValues,
                        long scored, double smoothed, double[] refitScores, double refitThreshold, long seen,
                        double mean, double m2, Run run) {
    }

    private static final DateTimeFormatter SPACE = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart()
            .appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();

    private final int window;
    private final int features;
    private final String[] featureNames;
    private final LiveSettings settings;
    private final double modelThreshold;
    private final AnomalyConfig anomaly;
    private final ThresholdStrategy strategy;

    // the recent points: a ring of `window`
    private final String[] times;
    private final double[] keys;
    private final float[][] values;
    private int head;       // where the oldest is
    private int size;
    private long points;

    private long scored;
    private double smoothed = Double.NaN;
    private final double[] refit;   // ring of the last localWindow smoothed scores
    private int refitHead;
    private int refitSize;
    private double refitThreshold = Double.NaN;
    private long seen;
    private double mean;
    private double m2;
    private Run run;

    /**
     * A new stream.
     *
     * @param window         the model's window length
     * @param featureNames   the model's features
     * @param settings       how it is detected
     * @param modelThreshold the model's point threshold for {@code settings.strategy()}
     * @param anomaly        the model's anomaly settings (the refit's strategy parameters)
     */
    public LiveStream(int window, String[] featureNames, LiveSettings settings, double modelThreshold,
                      AnomalyConfig anomaly) {
        if (window < 1) {
            throw new InvalidInputException("live detection needs a model trained on windows of a time series");
        }
        this.window = window;
        this.features = featureNames.length;
        this.featureNames = featureNames.clone();
        this.settings = settings;
        this.modelThreshold = modelThreshold;
        this.anomaly = anomaly;
        this.strategy = settings.strategy() != null ? settings.strategy() : anomaly.strategy();
        this.times = new String[window];
        this.keys = new double[window];
        this.values = new float[window][];
        this.refit = new double[Math.max(1, settings.localWindow())];
    }

    /** The settings it runs with. */
    public LiveSettings settings() {
        return settings;
    }

    /** Points accepted so far. */
    public long points() {
        return points;
    }

    /** Points scored so far. */
    public long scored() {
        return scored;
    }

    /** The threshold the next point is compared with (before a refit it may make). */
    public double threshold() {
        return Double.isNaN(refitThreshold) ? modelThreshold : refitThreshold;
    }

    /** The current run (an open anomaly, or points above not yet opened), or null. */
    public Run run() {
        return run;
    }

    /** The open anomaly as it stands, or null. */
    public LiveInterval openInterval() {
        return run == null || !run.open() ? null : LiveInterval.of(event(LiveEvent.Kind.OPENED, run, scored - 1));
    }

    /** The timestamp of the last accepted point, or null. */
    public String lastTimestamp() {
        return size == 0 ? null : times[(head + size - 1) % window];
    }

    /**
     * Takes the next point.
     *
     * @param timestamp its timestamp: a number, or a date-time ({@code yyyy-MM-dd HH:mm:ss}, ISO-8601)
     * @param point     its values, one per feature, finite
     * @param where     how to name it in an error (e.g. {@code points[3]})
     */
    public Offer offer(String timestamp, float[] point, String where) {
        if (timestamp == null || timestamp.isBlank()) {
            throw new InvalidInputException(where + ": timestamp is missing");
        }
        double key = seconds(timestamp, where);
        if (point == null || point.length != features) {
            throw new InvalidInputException(where + ": " + (point == null ? 0 : point.length) + " value(s) for a model of "
                    + features + " feature(s) (" + String.join(", ", featureNames) + ")");
        }
        for (int f = 0; f < features; f++) {
            if (!Float.isFinite(point[f])) {
                throw new InvalidInputException(where + ": value " + f + " (" + featureNames[f] + ") is " + point[f]
                        + "; values must be finite numbers");
            }
        }
        if (size > 0) {
            double last = keys[(head + size - 1) % window];
            if (key <= last) {
                for (int i = size - 1; i >= 0; i--) {
                    int at = (head + i) % window;
                    if (keys[at] == key) {
                        return new Offer(Offer.Status.DUPLICATE, points - size + i, key, null);
                    }
                }
                return new Offer(Offer.Status.OLDER, -1, key, null);
            }
        }
        int at;
        if (size < window) {
            at = (head + size) % window;
            size++;
        } else {
            at = head;
            head = (head + 1) % window;
        }
        times[at] = timestamp;
        keys[at] = key;
        values[at] = point.clone();
        points++;
        long first = points - window;
        if (first < 0 || first % settings.stride() != 0) {
            return new Offer(Offer.Status.ACCEPTED, points - 1, key, null);
        }
        float[][] v = new float[window][];
        for (int i = 0; i < window; i++) {
            v[i] = values[(head + i) % window];
        }
        // the previous window ended stride points ago; the first one scores all its points
        long from = first == 0 ? 0 : points - settings.stride();
        String[] ts = new String[(int) (points - from)];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = times[(head + (int) (from - first) + i) % window];
        }
        return new Offer(Offer.Status.ACCEPTED, points - 1, key, new Window(v, first, from, ts));
    }

    /**
     * Moves the points {@code w} scores through smoothing, threshold and the interval state machine.
     * Windows must be applied in the order {@link #offer} made them.
     *
     * @param w             the window
     * @param stepScores    its step scores ({@link SequenceScorer#stepScores})
     * @param squaredErrors its squared errors {@code [window][features]}
     */
    public Update apply(Window w, double[] stepScores, float[][] squaredErrors) {
        if (w.scoresFrom() != scored) {
            throw new IllegalStateException("window scoring from point " + w.scoresFrom() + " applied after "
                    + scored + " scored points");
        }
        List<Scored> out = new ArrayList<>(w.timestamps().length);
        List<LiveEvent> events = new ArrayList<>(1);
        double a = settings.smoothing() <= 1 ? 1 : 2.0 / (settings.smoothing() + 1);
        for (int i = 0; i < w.timestamps().length; i++) {
            long p = w.scoresFrom() + i;
            int step = (int) (p - w.firstPoint());
            double x = stepScores[step];
            if (!Double.isFinite(x)) {
                throw new IllegalStateException("point " + p + " scored " + x);
            }
            smoothed = Double.isNaN(smoothed) || settings.smoothing() <= 1 ? x : a * x + (1 - a) * smoothed;
            double th = thresholdFor(p);
            remember(smoothed);
            boolean above = smoothed > th;
            double[] errors = new double[features];
            for (int f = 0; f < features; f++) {
                errors[f] = squaredErrors[step][f];
            }
            step(p, w.timestamps()[i], smoothed, th, above, errors, events);
            out.add(new Scored(p, w.timestamps()[i], x, smoothed, th, above, run != null && run.open()));
            scored = p + 1;
        }
        return new Update(out, events);
    }

    private double thresholdFor(long p) {
        int lw = settings.localWindow();
        if (lw > 0 && scored > 0 && p % settings.refitEvery() == 0 && refitSize >= Math.max(2, lw / 2)) {
            double[] recent = new double[refitSize];
            for (int i = 0; i < refitSize; i++) {
                recent[i] = refit[(refitHead + i) % refit.length];
            }
            refitThreshold = ThresholdFitter.fit(strategy, recent, anomaly).value();
        }
        return threshold();
    }

    private void remember(double s) {
        if (settings.localWindow() > 0) {
            if (refitSize < refit.length) {
                refit[(refitHead + refitSize) % refit.length] = s;
                refitSize++;
            } else {
                refit[refitHead] = s;
                refitHead = (refitHead + 1) % refit.length;
            }
        }
        seen++;
        double d = s - mean;
        mean += d / seen;
        m2 += d * (s - mean);
    }

    private double scale() {
        return seen == 0 ? 0 : mean + Math.sqrt(m2 / seen);
    }

    private void step(long p, String ts, double s, double th, boolean above, double[] errors, List<LiveEvent> events) {
        if (run == null) {
            if (!above) {
                return;
            }
            run = new Run(false, p, ts, 0, 0, p, ts, s, p, th, new double[features], new double[features]);
        }
        Run r = run;
        if (above) {
            double[] sums = r.featureErrors().clone();
            for (int f = 0; f < features; f++) {
                sums[f] += r.gapErrors()[f] + errors[f];
            }
            boolean peak = s > r.peak();
            int count = r.above() + 1;
            r = new Run(r.open(), r.start(), r.startTimestamp(), count, 0, p, ts, peak ? s : r.peak(),
                    peak ? p : r.peakIndex(), peak ? th : r.peakThreshold(), sums, new double[features]);
            if (!r.open() && count >= settings.openAfter()) {
                r = new Run(true, r.start(), r.startTimestamp(), count, 0, p, ts, r.peak(), r.peakIndex(),
                        r.peakThreshold(), sums, r.gapErrors());
                events.add(event(LiveEvent.Kind.OPENED, r, p));
            }
            run = r;
            return;
        }
        if (!r.open()) {
            run = null;     // the run ended before it opened
            return;
        }
        double[] gap = r.gapErrors().clone();
        for (int f = 0; f < features; f++) {
            gap[f] += errors[f];
        }
        r = new Run(true, r.start(), r.startTimestamp(), r.above(), r.below() + 1, r.lastAbove(), r.lastTimestamp(),
                r.peak(), r.peakIndex(), r.peakThreshold(), r.featureErrors(), gap);
        if (r.below() >= settings.closeAfter()) {
            events.add(event(LiveEvent.Kind.CLOSED, r, p));
            run = null;
        } else {
            run = r;
        }
    }

    private LiveEvent event(LiveEvent.Kind kind, Run r, long at) {
        double scale = scale();
        double[] e = r.featureErrors();
        double total = 0;
        for (double v : e) {
            total += v;
        }
        double[] shares = new double[features];
        for (int f = 0; f < features; f++) {
            shares[f] = total > 0 ? e[f] / total : 1.0 / features;
        }
        return new LiveEvent(kind, r.start(), r.startTimestamp(), r.lastAbove(), r.lastTimestamp(), r.peak(),
                r.peakIndex(), scale > 0 ? (r.peak() - r.peakThreshold()) / scale : 0,
                SequenceScorer.ranked(featureNames, shares), at);
    }

    /** The stream's state, to store. */
    public State state() {
        String[] t = new String[size];
        double[] k = new double[size];
        float[][] v = new float[size][];
        for (int i = 0; i < size; i++) {
            int at = (head + i) % window;
            t[i] = times[at];
            k[i] = keys[at];
            v[i] = values[at].clone();
        }
        double[] r = new double[settings.localWindow() > 0 ? refitSize : 0];
        for (int i = 0; i < r.length; i++) {
            r[i] = refit[(refitHead + i) % refit.length];
        }
        return new State(points, t, k, v, scored, smoothed, r, refitThreshold, seen, mean, m2, run);
    }

    /**
     * The stream as {@code state} left it.
     *
     * @see #LiveStream(int, String[], LiveSettings, double, AnomalyConfig)
     */
    public static LiveStream restore(int window, String[] featureNames, LiveSettings settings, double modelThreshold,
                                     AnomalyConfig anomaly, State state) {
        LiveStream s = new LiveStream(window, featureNames, settings, modelThreshold, anomaly);
        int n = state.recentTimestamps().length;
        if (n > window || state.recentKeys().length != n || state.recentValues().length != n) {
            throw new IllegalArgumentException("a stored state of " + n + " recent points for a window of " + window);
        }
        for (int i = 0; i < n; i++) {
            s.times[i] = state.recentTimestamps()[i];
            s.keys[i] = state.recentKeys()[i];
            s.values[i] = state.recentValues()[i].clone();
        }
        s.size = n;
        s.points = state.points();
        s.scored = state.scored();
        s.smoothed = state.smoothed();
        double[] r = state.refitScores();
        int keep = Math.min(r.length, s.refit.length);
        for (int i = 0; i < keep; i++) {
            s.refit[i] = r[r.length - keep + i];
        }
        s.refitSize = settings.localWindow() > 0 ? keep : 0;
        s.refitThreshold = state.refitThreshold();
        s.seen = state.seen();
        s.mean = state.mean();
        s.m2 = state.m2();
        s.run = state.run();
        return s;
    }

    /**
     * A timestamp as seconds: a number as it is, or a date-time ({@code yyyy-MM-dd HH:mm:ss} with
     * optional fraction, ISO-8601 with or without an offset — without one it is UTC), or a date.
     */
    public static double seconds(String stamp, String where) {
        String s = stamp.trim();
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException notNumber) {
            // a date-time
        }
        for (java.util.function.Function<String, Double> parse : List.<java.util.function.Function<String, Double>>of(
                x -> epoch(LocalDateTime.parse(x, SPACE)), x -> epoch(LocalDateTime.parse(x)),
                x -> { OffsetDateTime o = OffsetDateTime.parse(x); return o.toEpochSecond() + o.getNano() / 1e9; },
                x -> epoch(LocalDate.parse(x).atStartOfDay()))) {
            try {
                return parse.apply(s);
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        throw new InvalidInputException(where + ": timestamp '" + stamp + "' is neither a number nor a date-time "
                + "(yyyy-MM-dd HH:mm:ss or ISO-8601)");
    }

    private static double epoch(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC) + t.getNano() / 1e9;
    }

    @Override
    public String toString() {
        return "LiveStream[" + points + " points, " + scored + " scored, last " + lastTimestamp() + ", threshold "
                + threshold() + ", " + (run == null ? "normal" : run.open() ? "open since " + run.start() : "rising")
                + "]";
    }
}
