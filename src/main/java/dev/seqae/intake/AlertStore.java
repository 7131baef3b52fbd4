package dev.seqae.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.alerts.AlertDispatcher;
import dev.seqae.live.LiveEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The alert deliveries in the intake database ({@code V4__alerts.sql}): made pending by {@link
 * StreamStore#commit} with their event, sent by the {@link AlertDispatcher} over this {@link
 * AlertDispatcher.Outbox}, and listed for {@code GET /api/v1/alerts/deliveries}. A delivery is
 * due when its time has come and it is the oldest pending one of its webhook and stream (so the
 * events of a stream reach a webhook in order, however long a retry waits). No Micronaut here.
 */
public final class AlertStore implements AlertDispatcher.Outbox {
    /**
     * A delivery as recorded.
     *
     * @param seq      the event's number in its stream
     * @param kind     opened or closed
     * @param lastCode the receiver's last HTTP status (null: none yet, or no answer)
     */
    public record Delivery(long id, String webhook, String stream, long seq, LiveEvent.Kind kind,
                           AlertDispatcher.Status status, int attempts, Integer lastCode, String lastError,
                           Instant createdAt, Instant nextAt, Instant deliveredAt) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HEAD = "NOT EXISTS (SELECT 1 FROM seqae_alert_deliveries p WHERE p.status = 'PENDING' "
            + "AND p.webhook = d.webhook AND p.stream = d.stream AND p.id < d.id)";

    private final DataSource ds;

    public AlertStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public List<AlertDispatcher.Due> due(Instant now, int limit) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT d.id, d.webhook, d.stream, s.model, d.seq, e.body, "
                     + "e.created_at, d.attempts FROM seqae_alert_deliveries d JOIN seqae_stream_events e ON "
                     + "e.stream = d.stream AND e.seq = d.seq JOIN seqae_streams s ON s.name = d.stream WHERE d.status = "
                     + "'PENDING' AND d.next_at <= ? AND " + HEAD + " ORDER BY d.id LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, limit);
            List<AlertDispatcher.Due> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertDispatcher.Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), JSON.readValue(rs.getString(6), LiveEvent.class),
                            rs.getTimestamp(7).toInstant(), rs.getInt(8)));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw failure("reading the due alert deliveries", e);
        }
    }

    @Override
    public Optional<Instant> nextDue() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MIN(d.next_at) FROM seqae_alert_deliveries d WHERE "
                     + "d.status = 'PENDING' AND " + HEAD);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return t == null ? Optional.empty() : Optional.of(t.toInstant());
        } catch (SQLException e) {
            throw failure("reading the alert deliveries", e);
        }
    }

    @Override
    public void record(AlertDispatcher.Attempt a) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE seqae_alert_deliveries SET status = ?, attempts = ?, "
                     + "last_code = ?, last_error = ?, next_at = COALESCE(?, next_at), delivered_at = ? WHERE id = ?")) {
            ps.setString(1, a.status().name());
            ps.setInt(2, a.attempts());
            if (a.code() == null) {
                ps.setNull(3, Types.INTEGER);
            } else {
                ps.setInt(3, a.code());
            }
            ps.setString(4, a.error());
            ps.setTimestamp(5, a.next() == null ? null : Timestamp.from(a.next()));
            ps.setTimestamp(6, a.status() == AlertDispatcher.Status.DELIVERED ? Timestamp.from(a.at()) : null);
            ps.setLong(7, a.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("recording alert delivery " + a.id(), e);
        }
    }

    /**
     * Deliveries, newest first, at most {@code limit}; each filter may be null.
     */
    public List<Delivery> list(String stream, String webhook, AlertDispatcher.Status status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT d.id, d.webhook, d.stream, d.seq, e.kind, d.status, d.attempts, "
                + "d.last_code, d.last_error, d.created_at, d.next_at, d.delivered_at FROM seqae_alert_deliveries d "
                + "JOIN seqae_stream_events e ON e.stream = d.stream AND e.seq = d.seq WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (stream != null) {
            sql.append(" AND d.stream = ?");
            args.add(stream);
        }
        if (webhook != null) {
            sql.append(" AND d.webhook = ?");
            args.add(webhook);
        }
        if (status != null) {
            sql.append(" AND d.status = ?");
            args.add(status.name());
        }
        sql.append(" ORDER BY d.id DESC LIMIT ?");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (String a : args) {
                ps.setString(i++, a);
            }
            ps.setInt(i, limit);
            List<Delivery> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int code = rs.getInt(8);
                    Integer lastCode = rs.wasNull() ? null : code;
                    AlertDispatcher.Status st = AlertDispatcher.Status.valueOf(rs.getString(6));
                    Timestamp delivered = rs.getTimestamp(12);
                    out.add(new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            LiveEvent.Kind.valueOf(rs.getString(5)), st, rs.getInt(7), lastCode, rs.getString(9),
                            rs.getTimestamp(10).toInstant(), st == AlertDispatcher.Status.PENDING
                            ? rs.getTimestamp(11).toInstant() : null, delivered == null ? null : delivered.toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("listing alert deliveries", e);
        }
    }

    /**
     * Fails the pending deliveries to webhooks that are not in {@code configured} (removed from the
     * configuration since they were made: nothing would ever send them); returns how many.
     */
    public int failUnconfigured(java.util.Set<String> configured, Instant now) {
        StringBuilder sql = new StringBuilder("UPDATE seqae_alert_deliveries SET status = 'FAILED', last_error = "
                + "'webhook no longer configured', next_at = ? WHERE status = 'PENDING'");
        if (!configured.isEmpty()) {
            sql.append(" AND webhook NOT IN (").append(String.join(", ", java.util.Collections.nCopies(
                    configured.size(), "?"))).append(')');
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setTimestamp(1, Timestamp.from(now));
            int i = 2;
            for (String name : configured) {
                ps.setString(i++, name);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("failing the deliveries of webhooks no longer configured", e);
        }
    }

    /** How many deliveries there are in each status. */
    public Map<AlertDispatcher.Status, Long> counts() {
        Map<AlertDispatcher.Status, Long> out = new EnumMap<>(AlertDispatcher.Status.class);
        for (AlertDispatcher.Status s : AlertDispatcher.Status.values()) {
            out.put(s, 0L);
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM seqae_alert_deliveries GROUP BY "
                     + "status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(AlertDispatcher.Status.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw failure("counting alert deliveries", e);
        }
    }

    private static IllegalStateException failure(String what, Exception e) {
        return new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
}
