package dev.seqae.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.live.LiveEvent;
import dev.seqae.live.LiveSettings;
import dev.seqae.live.LiveStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Live streams in the intake database (tables of {@code V3__streams.sql}): each stream's settings
 * and {@link LiveStream.State}, every point it accepted, every score and every event (and, with
 * them, the events' pending alert deliveries of {@code V4__alerts.sql}).
 * {@link #commit} writes one request's worth — the points, their scores, the events and the new
 * state — in one transaction, and only over the state it was computed from (the stream's
 * version), so a restarted service continues from exactly what was acknowledged and two writers
 * never interleave. No Micronaut here.
 */
public final class StreamStore {
    /**
     * A stored stream.
     *
     * @param version increases with every commit
     */
    public record Stream(String name, String model, LiveSettings settings, LiveStream.State state, long points,
                         long events, long version, Instant createdAt, Instant updatedAt) {
    }

    /** An accepted point: its number in the stream, its timestamp (and as seconds), its values. */
    public record PointRow(long index, String timestamp, double key, float[] values) {
    }

    /** A point's outcome ({@link LiveStream.Scored}). */
    public record ScoreRow(long index, double score, double smoothed, double threshold, boolean above,
                           boolean open) {
        public static ScoreRow of(LiveStream.Scored s) {
            return new ScoreRow(s.index(), s.score(), s.smoothed(), s.threshold(), s.above(), s.open());
        }
    }

    /** A stored event: its number in the stream (from 1) and when it was stored. */
    public record EventRow(long seq, LiveEvent event, Instant createdAt) {
    }

    /** A point with its outcome (null before it is scored), for drawing a stream. */
    public record PointView(long index, String timestamp, float[] values, ScoreRow score) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The most commits written in one transaction. */
    private static final int MAX_GROUP = 256;

    private final DataSource ds;
    /** Commits of several streams that arrive together are written in one transaction. */
    private final GroupCommit<Commit> commits;

    public StreamStore(DataSource ds) {
        this.ds = ds;
        this.commits = new GroupCommit<>(Commit::name, MAX_GROUP, this::write,
                (m, e) -> failure("writing to stream '" + m.name() + "'", e));
    }

    /** The stream, if it exists. */
    public Optional<Stream> get(String name) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name, model, settings, state, points, events, version, "
                     + "created_at, updated_at FROM seqae_streams WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(stream(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading stream '" + name + "'", e);
        }
    }

    /** Every stream's name, in order. */
    public List<String> names() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM seqae_streams ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw failure("listing streams", e);
        }
    }

    /** The streams with an open anomaly now, and their models. */
    public java.util.Map<String, String> openAnomalies() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name, model FROM seqae_streams WHERE open_anomaly");
             ResultSet rs = ps.executeQuery()) {
            java.util.Map<String, String> out = new java.util.HashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading the streams' open anomalies", e);
        }
    }

    /** How many streams there are. */
    public long count() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM seqae_streams");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("counting streams", e);
        }
    }

    /** Creates a stream; false (and nothing changed) when one of that name exists. */
    public boolean create(String name, String model, LiveSettings settings, LiveStream.State state) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO seqae_streams (name, model, settings, state, points, "
                     + "events, version, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0, 0, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, name);
            ps.setString(2, model);
            ps.setString(3, json(settings));
            ps.setString(4, json(state));
            ps.setTimestamp(5, now);
            ps.setTimestamp(6, now);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (get(name).isPresent()) {
                return false;
            }
            throw failure("creating stream '" + name + "'", e);
        }
    }

    /**
     * Writes one batch in one transaction: the accepted points, the scores, the events (numbered
     * on from the stream's count) and the new state, provided the stream is still at
     * {@code version}. Returns false, with nothing written, when it is not (another writer was
     * first, or the stream was deleted).
     */
    public boolean commit(String name, long version, LiveStream.State state, List<PointRow> points,
                          List<ScoreRow> scores, List<LiveEvent> events) {
        return commit(name, version, state, points, scores, events, e -> List.of());
    }

    /**
     * {@link #commit(String, long, LiveStream.State, List, List, List)}, and in the same
     * transaction a pending alert delivery of each event to each webhook {@code routes} names for
     * it (table {@code seqae_alert_deliveries}, sent by the alerts' dispatcher). Commits of
     * several streams that arrive while one is being written are written together, in one
     * transaction (group commit); each still returns only once it is durable.
     */
    public boolean commit(String name, long version, LiveStream.State state, List<PointRow> points,
                          List<ScoreRow> scores, List<LiveEvent> events,
                          java.util.function.Function<LiveEvent, List<String>> routes) {
        return commits.submit(new Commit(name, version, state, points, scores, events, routes));
    }

    /** One stream's commit, written by the group commit. */
    private record Commit(String name, long version, LiveStream.State state, List<PointRow> points,
                          List<ScoreRow> scores, List<LiveEvent> events,
                          java.util.function.Function<LiveEvent, List<String>> routes) {
    }

    /**
     * Writes a group of commits in one transaction (the database stores one change for all: under
     * many streams, the cost of a commit is shared). A commit whose stream is not at its version is
     * refused alone: false in its place of the result.
     */
    private boolean[] write(List<Commit> group) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean[] ok = new boolean[group.size()];
                long[] eventCounts = new long[group.size()];
                try (PreparedStatement ps = c.prepareStatement("SELECT events FROM seqae_streams WHERE name = ? AND "
                        + "version = ? FOR UPDATE")) {
                    for (int i = 0; i < group.size(); i++) {
                        ps.setString(1, group.get(i).name());
                        ps.setLong(2, group.get(i).version());
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                eventCounts[i] = rs.getLong(1);
                                ok[i] = true;
                            }
                        }
                    }
                }
                insertRows(c, group, ok, eventCounts);
                try (PreparedStatement ps = c.prepareStatement("UPDATE seqae_streams SET state = ?, points = ?, "
                        + "events = ?, version = ?, updated_at = ?, open_anomaly = ? WHERE name = ? AND version = ?")) {
                    Timestamp now = Timestamp.from(Instant.now());
                    int n = 0;
                    for (int i = 0; i < group.size(); i++) {
                        if (!ok[i]) {
                            continue;
                        }
                        Commit m = group.get(i);
                        ps.setString(1, json(m.state()));
                        ps.setLong(2, m.state().points());
                        ps.setLong(3, eventCounts[i] + m.events().size());
                        ps.setLong(4, m.version() + 1);
                        ps.setTimestamp(5, now);
                        ps.setBoolean(6, m.state().run() != null && m.state().run().open());
                        ps.setString(7, m.name());
                        ps.setLong(8, m.version());
                        ps.addBatch();
                        n++;
                    }
                    if (n > 0) {
                        for (int updated : ps.executeBatch()) {
                            if (updated != 1 && updated != java.sql.Statement.SUCCESS_NO_INFO) {
                                throw new IllegalStateException("a stream locked for update was not updated");
                            }
                        }
                    }
                }
                c.commit();
                return ok;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The points, scores, events and pending alert deliveries of the commits, each kind in one batch. */
    private static void insertRows(Connection c, List<Commit> group, boolean[] ok, long[] eventCounts)
            throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO seqae_stream_points (stream, idx, ts, ts_key, vals) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            int n = 0;
            for (int i = 0; i < group.size(); i++) {
                if (!ok[i]) {
                    continue;
                }
                for (PointRow r : group.get(i).points()) {
                    ps.setString(1, group.get(i).name());
                    ps.setLong(2, r.index());
                    ps.setString(3, r.timestamp());
                    ps.setDouble(4, r.key());
                    ps.setString(5, values(r.values()));
                    ps.addBatch();
                    n++;
                }
            }
            if (n > 0) {
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO seqae_stream_scores (stream, idx, score, smoothed, "
                + "threshold, above, open_after) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (int i = 0; i < group.size(); i++) {
                if (!ok[i]) {
                    continue;
                }
                for (ScoreRow r : group.get(i).scores()) {
                    ps.setString(1, group.get(i).name());
                    ps.setLong(2, r.index());
                    ps.setDouble(3, r.score());
                    ps.setDouble(4, r.smoothed());
                    ps.setDouble(5, r.threshold());
                    ps.setBoolean(6, r.above());
                    ps.setBoolean(7, r.open());
                    ps.addBatch();
                    n++;
                }
            }
            if (n > 0) {
                ps.executeBatch();
            }
        }
        try (PreparedStatement events = c.prepareStatement("INSERT INTO seqae_stream_events (stream, seq, kind, "
                + "at_point, created_at, body) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement deliveries = c.prepareStatement("INSERT INTO seqae_alert_deliveries (webhook, stream, "
                     + "seq, status, attempts, next_at, created_at) VALUES (?, ?, ?, 'PENDING', 0, ?, ?)")) {
            int ne = 0;
            int nd = 0;
            for (int i = 0; i < group.size(); i++) {
                if (!ok[i]) {
                    continue;
                }
                Commit m = group.get(i);
                long seq = eventCounts[i];
                for (LiveEvent e : m.events()) {
                    seq++;
                    events.setString(1, m.name());
                    events.setLong(2, seq);
                    events.setString(3, e.kind().name());
                    events.setLong(4, e.at());
                    events.setTimestamp(5, now);
                    events.setString(6, json(e));
                    events.addBatch();
                    ne++;
                    for (String webhook : m.routes().apply(e)) {
                        deliveries.setString(1, webhook);
                        deliveries.setString(2, m.name());
                        deliveries.setLong(3, seq);
                        deliveries.setTimestamp(4, now);
                        deliveries.setTimestamp(5, now);
                        deliveries.addBatch();
                        nd++;
                    }
                }
            }
            if (ne > 0) {
                events.executeBatch();
            }
            if (nd > 0) {
                deliveries.executeBatch();
            }
        }
    }

    /** Deletes a stream with its points, scores and events; false when there was none. */
    public boolean delete(String name) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (String table : new String[] {"seqae_stream_points", "seqae_stream_scores", "seqae_stream_events",
                    "seqae_alert_deliveries"}) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE stream = ?")) {
                        ps.setString(1, name);
                        ps.executeUpdate();
                    }
                }
                int n;
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM seqae_streams WHERE name = ?")) {
                    ps.setString(1, name);
                    n = ps.executeUpdate();
                }
                c.commit();
                return n == 1;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("deleting stream '" + name + "'", e);
        }
    }

    /** Events after number {@code after}, oldest first, at most {@code limit}. */
    public List<EventRow> events(String name, long after, int limit) {
        return eventQuery("SELECT seq, body, created_at FROM seqae_stream_events WHERE stream = ? AND seq > ? "
                + "ORDER BY seq LIMIT ?", name, after, limit);
    }

    /** The last {@code limit} events, oldest first. */
    public List<EventRow> recentEvents(String name, int limit) {
        List<EventRow> newestFirst = eventQuery("SELECT seq, body, created_at FROM seqae_stream_events WHERE stream = ? "
                + "AND seq > ? ORDER BY seq DESC LIMIT ?", name, 0, limit);
        List<EventRow> out = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(out);
        return out;
    }

    private List<EventRow> eventQuery(String sql, String name, long after, int limit) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.setLong(2, after);
            ps.setInt(3, limit);
            List<EventRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new EventRow(rs.getLong(1), JSON.readValue(rs.getString(2), LiveEvent.class),
                            rs.getTimestamp(3).toInstant()));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw failure("reading the events of stream '" + name + "'", e);
        }
    }

    /** The number of a stored point of the stream at that time (seconds), if there is one. */
    public Optional<Long> pointAt(String name, double key) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT idx FROM seqae_stream_points WHERE stream = ? AND "
                     + "ts_key = ?")) {
            ps.setString(1, name);
            ps.setDouble(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading the points of stream '" + name + "'", e);
        }
    }

    /** The last {@code limit} points with their outcomes, oldest first. */
    public List<PointView> recentPoints(String name, int limit) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT p.idx, p.ts, p.vals, s.score, s.smoothed, s.threshold, "
                     + "s.above, s.open_after FROM seqae_stream_points p LEFT JOIN seqae_stream_scores s ON "
                     + "s.stream = p.stream AND s.idx = p.idx WHERE p.stream = ? ORDER BY p.idx DESC LIMIT ?")) {
            ps.setString(1, name);
            ps.setInt(2, limit);
            List<PointView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long idx = rs.getLong(1);
                    double score = rs.getDouble(4);
                    ScoreRow s = rs.wasNull() ? null : new ScoreRow(idx, score, rs.getDouble(5), rs.getDouble(6),
                            rs.getBoolean(7), rs.getBoolean(8));
                    out.add(new PointView(idx, rs.getString(2), parseValues(rs.getString(3)), s));
                }
            }
            java.util.Collections.reverse(out);
            return out;
        } catch (SQLException e) {
            throw failure("reading the points of stream '" + name + "'", e);
        }
    }

    /**
     * Drops each stream's stored points and scores older than its newest {@code keep} (the state
     * holds what detection needs; these are for duplicates further back and for drawing).
     * Returns the rows removed.
     */
    public int retainNewest(long keep) {
        int n = 0;
        for (String name : names()) {
            try (Connection c = ds.getConnection()) {
                long points;
                try (PreparedStatement ps = c.prepareStatement("SELECT points FROM seqae_streams WHERE name = ?")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            continue;
                        }
                        points = rs.getLong(1);
                    }
                }
                for (String table : new String[] {"seqae_stream_points", "seqae_stream_scores"}) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE stream = ? AND "
                            + "idx < ?")) {
                        ps.setString(1, name);
                        ps.setLong(2, points - keep);
                        n += ps.executeUpdate();
                    }
                }
            } catch (SQLException e) {
                throw failure("trimming stream '" + name + "'", e);
            }
        }
        return n;
    }

    private static Stream stream(ResultSet rs) throws SQLException {
        try {
            return new Stream(rs.getString(1), rs.getString(2), JSON.readValue(rs.getString(3), LiveSettings.class),
                    JSON.readValue(rs.getString(4), LiveStream.State.class), rs.getLong(5), rs.getLong(6),
                    rs.getLong(7), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stream '" + rs.getString(1) + "' has a stored state that does not read: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + o.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static String values(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.toString();
    }

    static float[] parseValues(String s) {
        String[] parts = s.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }

    private static IllegalStateException failure(String what, Exception e) {
        return new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
}
