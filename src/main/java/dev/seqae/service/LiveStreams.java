package dev.seqae.service;

import dev.seqae.intake.StreamStore;
import dev.seqae.live.LiveDetection;
import dev.seqae.live.LiveEvent;
import dev.seqae.live.LiveInterval;
import dev.seqae.live.LiveSettings;
import dev.seqae.live.LiveStream;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.retraining.ModelVersions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service's live streams ({@code /api/v1/streams}): each stream's {@link LiveStream} over the
 * {@link StreamStore} in the intake database. A request's points are taken under the stream's lock:
 * offered in order, the windows they complete scored together with other streams' through the
 * {@link MicroBatcher}, applied, and the points, scores, events and new state committed in one
 * transaction before the answer — a restarted service (also after SIGKILL) continues every stream
 * from what it acknowledged, and a request that fails changes nothing. Streams live in memory
 * once used (at most {@code cached}; the least recently used are dropped and read back from the
 * database when needed). No Micronaut here.
 */
public final class LiveStreams {
    /** A point of a request: its timestamp and values. */
    public record Point(String timestamp, float[] values) {
    }

    /**
     * What a request did.
     *
     * @param stream     the stream
     * @param model      its model
     * @param version    the model version that scored the points
     * @param accepted   points taken
     * @param duplicates points ignored because the stream already had a point at their time
     * @param scored     the points scored by this request, in order
     * @param events     the events they made, numbered
     * @param state      the stream afterwards
     */
    public record Appended(String stream, String model, int version, int accepted, int duplicates,
                           List<LiveStream.Scored> scored, List<StreamStore.EventRow> events, Snapshot state) {
    }

    /**
     * A stream as it stands.
     *
     * @param points       points taken
     * @param scored       points scored (the rest wait for the window that ends after them)
     * @param lastTimestamp the last point's timestamp
     * @param threshold    the threshold the next point is compared with
     * @param open         the open anomaly, or null
     * @param events       events so far
     */
    public record Snapshot(long points, long scored, String lastTimestamp, double threshold, LiveInterval open,
                           long events) {
        static Snapshot of(LiveStream s, long events) {
            return new Snapshot(s.points(), s.scored(), s.lastTimestamp(), s.threshold(), s.openInterval(), events);
        }
    }

    private static final class Entry {
        final String model;
        int modelVersion;
        final LiveSettings settings;
        LiveStream stream;
        long version;
        long events;

        Entry(String model, int modelVersion, LiveSettings settings, LiveStream stream, long version, long events) {
            this.model = model;
            this.modelVersion = modelVersion;
            this.settings = settings;
            this.stream = stream;
            this.version = version;
            this.events = events;
        }
    }

    /** Told of what every commit made (metrics, the alerts' dispatcher), after the commit. */
    public interface Listener {
        /**
         * @param model     the stream's model
         * @param accepted  points taken
         * @param events    the events
         * @param delivered whether deliveries to webhooks were made pending
         */
        void committed(String model, int accepted, List<LiveEvent> events, boolean delivered);
    }

    private final StreamStore store;
    private final ModelVersions models;
    private final MicroBatcher batcher;
    private final int maxStreams;
    private final int cached;
    private final List<dev.seqae.alerts.Webhook> webhooks;
    private final Listener listener;
    /** The streams with an open anomaly and their models (the gauge of open anomalies per model). */
    private final Map<String, String> open;
    /** Striped locks: a stream's requests one at a time, in memory bounded whatever names requests use. */
    private final Object[] locks = new Object[256];
    private final Map<String, Entry> entries;

    /**
     * @param maxStreams streams the database may hold (more are refused)
     * @param cached     streams kept in memory
     */
    public LiveStreams(StreamStore store, ModelVersions models, MicroBatcher batcher, int maxStreams, int cached) {
        this(store, models, batcher, maxStreams, cached, List.of(), (m, n, e, d) -> { });
    }

    /**
     * @param webhooks the webhooks an event may go to ({@link dev.seqae.alerts.Webhook#wants})
     * @param listener told after every commit
     */
    public LiveStreams(StreamStore store, ModelVersions models, MicroBatcher batcher, int maxStreams, int cached,
                       List<dev.seqae.alerts.Webhook> webhooks, Listener listener) {
        this.store = store;
        this.models = models;
        this.batcher = batcher;
        this.maxStreams = maxStreams;
        this.cached = cached;
        this.webhooks = List.copyOf(webhooks);
        this.listener = listener;
        this.open = new java.util.concurrent.ConcurrentHashMap<>(store.openAnomalies());
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        this.entries = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > LiveStreams.this.cached;
            }
        });
    }

    private Object lock(String name) {
        return locks[Math.floorMod(name.hashCode(), locks.length)];
    }

    /**
     * Creates a stream of {@code model}; true when created, false when it exists with the same
     * model and settings (nothing changes), a 409 when it exists otherwise.
     */
    public boolean create(String name, String model, LiveSettings settings) {
        synchronized (lock(name)) {
            Optional<StreamStore.Stream> existing = store.get(name);
            if (existing.isPresent()) {
                StreamStore.Stream s = existing.get();
                if (s.model().equals(model) && s.settings().equals(settings)) {
                    return false;
                }
                throw new ApiException(409, "stream '" + name + "' exists with " + (s.model().equals(model)
                        ? "other settings" : "model '" + s.model() + "'") + "; DELETE it first to start it again");
            }
            if (store.count() >= maxStreams) {
                throw new ApiException(429, "there are " + maxStreams + " streams, the limit "
                        + "(seqae.streams.max-streams); delete one first", 60);
            }
            ModelVersions.Active active = active(model);
            LiveStream fresh = LiveDetection.stream(active.model(), settings);
            if (!store.create(name, model, settings, fresh.state())) {
                return create(name, model, settings);
            }
            entries.put(name, new Entry(model, active.version(), settings, fresh, 0, 0));
            return true;
        }
    }

    /** The stored stream, or a 404. */
    public StreamStore.Stream describe(String name) {
        return store.get(name).orElseThrow(() -> ApiException.notFound("stream '" + name + "' not found"));
    }

    /** The stream's state in memory (read from the database when it is not), or a 404. */
    public Snapshot snapshot(String name) {
        synchronized (lock(name)) {
            Entry e = entry(name);
            return Snapshot.of(e.stream, e.events);
        }
    }

    /** Deletes a stream and everything stored of it; false when there was none. */
    public boolean delete(String name) {
        synchronized (lock(name)) {
            entries.remove(name);
            open.remove(name);
            return store.delete(name);
        }
    }

    /**
     * Takes {@code points} in order; a stream that does not exist is created with {@code model}
     * and default settings when a model is given, else it is a 404. All or nothing: a refused
     * point (bad value, older than the stream's last) refuses the request.
     */
    public Appended append(String name, String model, List<Point> points) {
        synchronized (lock(name)) {
            if (model != null && store.get(name).isEmpty() && !entries.containsKey(name)) {
                create(name, model, LiveSettings.defaults());
            }
            Entry e = entry(name);
            if (model != null && !model.equals(e.model)) {
                throw new ApiException(409, "stream '" + name + "' is bound to model '" + e.model + "', not '" + model
                        + "'");
            }
            ModelVersions.Active active = current(name, e);
            LiveStream.State undo = e.stream.state();
            try {
                return take(name, e, active, points);
            } catch (RuntimeException failure) {
                e.stream = LiveDetection.restore(active.model(), e.settings, undo);
                throw failure;
            }
        }
    }

    private Appended take(String name, Entry e, ModelVersions.Active active, List<Point> points) {
        List<StreamStore.PointRow> rows = new ArrayList<>(points.size());
        List<LiveStream.Window> windows = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            String where = "points[" + i + "]";
            LiveStream.Offer o = e.stream.offer(p.timestamp(), p.values(), where);
            switch (o.status()) {
                case ACCEPTED -> {
                    rows.add(new StreamStore.PointRow(o.index(), p.timestamp(), o.key(), p.values().clone()));
                    if (o.window() != null) {
                        windows.add(o.window());
                    }
                }
                case DUPLICATE -> duplicates++;
                case OLDER -> {
                    double key = o.key();
                    boolean sentBefore = rows.stream().anyMatch(r -> r.key() == key)
                            || store.pointAt(name, key).isPresent();
                    if (!sentBefore) {
                        throw new ApiException(409, where + ": timestamp '" + p.timestamp() + "' is older than the last "
                                + "point before it (" + e.stream.lastTimestamp() + "); a stream takes its points in time "
                                + "order");
                    }
                    duplicates++;
                }
                default -> throw new IllegalStateException(o.status().toString());
            }
        }
        List<LiveStream.Scored> scored = new ArrayList<>();
        List<LiveEvent> events = new ArrayList<>();
        if (!windows.isEmpty()) {
            List<float[][]> values = new ArrayList<>(windows.size());
            for (LiveStream.Window w : windows) {
                values.add(w.values());
            }
            List<SeqAutoencoderModel.SequenceScore> scores = batcher.score(active.model(), values, null);
            for (int i = 0; i < windows.size(); i++) {
                LiveStream.Update u = e.stream.apply(windows.get(i), scores.get(i).stepScores(),
                        scores.get(i).squaredErrors());
                scored.addAll(u.points());
                events.addAll(u.events());
            }
        }
        List<StreamStore.ScoreRow> scoreRows = scored.stream().map(StreamStore.ScoreRow::of).toList();
        java.util.function.Function<LiveEvent, List<String>> routes = ev -> webhooks.stream()
                .filter(w -> w.wants(e.model, name, ev.kind())).map(dev.seqae.alerts.Webhook::name).toList();
        if (!rows.isEmpty() && !store.commit(name, e.version, e.stream.state(), rows, scoreRows, events, routes)) {
            entries.remove(name);
            throw new ApiException(409, "stream '" + name + "' was changed by another writer at the same time; send "
                    + "the points again", 1);
        }
        List<StreamStore.EventRow> numbered = new ArrayList<>(events.size());
        java.time.Instant now = java.time.Instant.now();
        for (LiveEvent ev : events) {
            numbered.add(new StreamStore.EventRow(e.events + numbered.size() + 1, ev, now));
        }
        if (!rows.isEmpty()) {
            e.version++;
            e.events += events.size();
            if (e.stream.openInterval() != null) {
                open.put(name, e.model);
            } else {
                open.remove(name);
            }
            listener.committed(e.model, rows.size(), events,
                    events.stream().anyMatch(ev -> !routes.apply(ev).isEmpty()));
        }
        return new Appended(name, e.model, active.version(), rows.size(), duplicates, scored, numbered,
                Snapshot.of(e.stream, e.events));
    }

    /** The entry of a stream: in memory, or read back from the database; a 404 when there is none. */
    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e != null) {
            return e;
        }
        StreamStore.Stream s = describe(name);
        ModelVersions.Active active = active(s.model());
        LiveStream stream = restore(s.model(), active, s.settings(), s.state());
        e = new Entry(s.model(), active.version(), s.settings(), stream, s.version(), s.events());
        entries.put(name, e);
        return e;
    }

    /**
     * The model version the stream is scored with now: the model's active version. A new version
     * of the same window and features takes over where the old one was (its threshold from then
     * on); one of another shape cannot continue the stream's windows.
     */
    private ModelVersions.Active current(String name, Entry e) {
        ModelVersions.Active active = active(e.model);
        if (active.version() != e.modelVersion) {
            e.stream = restore(e.model, active, e.settings, e.stream.state());
            e.modelVersion = active.version();
        }
        return active;
    }

    private static LiveStream restore(String model, ModelVersions.Active active, LiveSettings settings,
                                      LiveStream.State state) {
        SeqAutoencoderModel m = active.model();
        int window = m.config().window();
        int width = state.recentValues().length == 0 ? m.features() : state.recentValues()[0].length;
        if (window <= 0 || state.recentValues().length > window || width != m.features()) {
            throw new ApiException(409, "model '" + model + "' (version " + active.version() + ") takes "
                    + (window <= 0 ? "separate sequences" : "windows of " + window + " points of " + m.features()
                    + " feature(s)") + ", which cannot continue this stream's " + state.recentValues().length
                    + " recent points of " + width + "; DELETE the stream and start it again");
        }
        return LiveDetection.restore(m, settings, state);
    }

    private ModelVersions.Active active(String model) {
        ModelVersions.Active a = models.active(ModelRegistry.checkName(model)).orElseThrow(() ->
                ApiException.notFound("model '" + model + "' not found"));
        if (a.recipe() != null) {
            throw new dev.seqae.errors.InvalidInputException("model '" + model + "' was trained with recipe "
                    + a.recipe().recipe().name() + ", whose detection works on a whole series; a live stream needs a "
                    + "model trained on windows of a time series without a recipe");
        }
        if (a.model().config().window() <= 0) {
            throw new dev.seqae.errors.InvalidInputException("model '" + model + "' was trained on separate sequences; "
                    + "a live stream needs a model trained on windows of a time series");
        }
        return a;
    }

    /** How many streams of {@code model} have an open anomaly now. */
    public long openAnomalies(String model) {
        return open.values().stream().filter(model::equals).count();
    }

    /** Stored events after {@code after}, oldest first. */
    public List<StreamStore.EventRow> events(String name, long after, int limit) {
        describe(name);
        return store.events(name, after, limit);
    }

    /** Stream names. */
    public List<String> names() {
        return store.names();
    }

    /** The last points of a stream with their outcomes (the live view). */
    public List<StreamStore.PointView> recentPoints(String name, int limit) {
        describe(name);
        return store.recentPoints(name, limit);
    }

    /** The last events of a stream. */
    public List<StreamStore.EventRow> recentEvents(String name, int limit) {
        return store.recentEvents(name, limit);
    }
}
