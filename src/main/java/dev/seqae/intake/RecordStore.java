package dev.seqae.intake;

import dev.seqae.data.SequenceChecks;
import dev.seqae.errors.InvalidInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Named datasets in a database. A dataset holds either separate sequences or the points of one
 * time series, of a fixed number of features (set by its first append). {@link #append} writes a
 * whole batch in one transaction and returns only after the commit; bad input is rejected whole
 * before anything is written.
 */
public final class RecordStore {
    /** What a dataset holds. */
    public enum Kind { SEQUENCES, POINTS }

    /** A dataset's description. */
    public record Info(String name, Kind kind, int features, long records, Instant createdAt) {
    }

    /**
     * The options seqae opens an H2 file database with (appended to its {@code jdbc:h2:file:}
     * path): {@code WRITE_DELAY=0}, a commit is in the file before it returns (the acknowledged
     * point or record survives a kill); {@code CACHE_SIZE=1024}, H2's page cache is 1 MB instead of
     * its 16 MB. Every commit rewrites the B-tree pages it touches and caches the new copies; under
     * a few hundred commits a second (live streams) a 16 MB cache turned over about once a second,
     * so each young collection copied ~16 MB of cached pages that died soon after, and its pause
     * (20–40 ms every second) was the streams' p99 latency. Pages not in the cache are read back
     * from the file (the operating system's cache) when needed.
     */
    public static final String H2_OPTIONS = ";WRITE_DELAY=0;CACHE_SIZE=1024";

    private final DataSource ds;

    public RecordStore(DataSource ds) {
        this.ds = ds;
    }

    /** Creates or upgrades the tables (Flyway, {@code classpath:db/migration}). */
    public void migrate() {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").table("seqae_schema_history").load()
                .migrate();
    }

    /**
     * Appends {@code records} (sequences, or points as one-step records) to {@code dataset},
     * creating it on first use; returns the dataset's record count after the commit.
     */
    public long append(String dataset, Kind kind, List<float[][]> records) {
        if (records.isEmpty()) {
            throw new InvalidInputException("no records to append");
        }
        int features = records.get(0)[0].length;
        SequenceChecks.requireValid(records, features, kind == Kind.POINTS ? "point" : "sequence", "the first has");
        try (Connection c = ds.getConnection()) {
            ensure(c, dataset, kind, features);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO seqae_records (dataset, received_at, steps, payload) VALUES (?, ?, ?, ?)")) {
                Timestamp now = Timestamp.from(Instant.now());
                for (float[][] r : records) {
                    ps.setString(1, dataset);
                    ps.setTimestamp(2, now);
                    ps.setInt(3, r.length);
                    ps.setString(4, encode(r));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return count(c, dataset);
        } catch (SQLException e) {
            throw new IllegalStateException("appending to dataset '" + dataset + "' failed: " + e.getMessage(), e);
        }
    }

    /** The dataset's description, if it exists. */
    public Optional<Info> info(String dataset) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT kind, features, created_at FROM seqae_datasets WHERE name = ?")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Info(dataset, Kind.valueOf(rs.getString(1)), rs.getInt(2), count(c, dataset),
                        rs.getTimestamp(3).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading dataset '" + dataset + "' failed: " + e.getMessage(), e);
        }
    }

    /** The newest {@code limit} records, oldest first. */
    public List<float[][]> latest(String dataset, int limit) {
        return window(dataset, limit, null);
    }

    /**
     * A training window: the newest records, at most {@code limit} (null: no limit) received at or
     * after {@code since} (null: any time), oldest first.
     */
    public List<float[][]> window(String dataset, Integer limit, Instant since) {
        List<float[][]> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT payload FROM seqae_records WHERE dataset = ?"
                     + (since == null ? "" : " AND received_at >= ?") + " ORDER BY id DESC")) {
            ps.setString(1, dataset);
            if (since != null) {
                ps.setTimestamp(2, Timestamp.from(since));
            }
            if (limit != null) {
                ps.setMaxRows(limit);
            }
            ps.setFetchSize(limit == null ? 1000 : Math.min(limit, 1000));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(decode(rs.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading dataset '" + dataset + "' failed: " + e.getMessage(), e);
        }
        Collections.reverse(out);
        return out;
    }

    /** Names of every dataset, sorted. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM seqae_datasets ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("listing datasets failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Deletes all but the newest {@code keep} records; returns how many were deleted. */
    public int retainNewest(String dataset, long keep) {
        try (Connection c = ds.getConnection();
             PreparedStatement max = c.prepareStatement(
                     "SELECT id FROM seqae_records WHERE dataset = ? ORDER BY id DESC")) {
            max.setString(1, dataset);
            max.setMaxRows((int) Math.min(Integer.MAX_VALUE, keep + 1));
            long cut = -1;
            long seen = 0;
            try (ResultSet rs = max.executeQuery()) {
                while (rs.next()) {
                    if (++seen == keep + 1) {
                        cut = rs.getLong(1);
                    }
                }
            }
            if (cut < 0) {
                return 0;
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM seqae_records WHERE dataset = ? AND id <= ?")) {
                del.setString(1, dataset);
                del.setLong(2, cut);
                return del.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("retention on dataset '" + dataset + "' failed: " + e.getMessage(), e);
        }
    }

    /** Deletes the records received before {@code before}; returns how many. */
    public int retainSince(String dataset, Instant before) {
        try (Connection c = ds.getConnection();
             PreparedStatement del = c.prepareStatement(
                     "DELETE FROM seqae_records WHERE dataset = ? AND received_at < ?")) {
            del.setString(1, dataset);
            del.setTimestamp(2, Timestamp.from(before));
            return del.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("retention on dataset '" + dataset + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * Retention over every dataset: keeps at most {@code maxRows} records each (null: no limit) and
     * none received before {@code now - maxAge} (null: any age); returns the records deleted per
     * dataset (datasets with none deleted left out).
     */
    public java.util.Map<String, Integer> applyRetention(Long maxRows, java.time.Duration maxAge, Instant now) {
        java.util.Map<String, Integer> deleted = new java.util.TreeMap<>();
        for (String name : names()) {
            int n = 0;
            if (maxAge != null) {
                n += retainSince(name, now.minus(maxAge));
            }
            if (maxRows != null) {
                n += retainNewest(name, maxRows);
            }
            if (n > 0) {
                deleted.put(name, n);
            }
        }
        return deleted;
    }

    /** Creates the dataset on first use; an existing one must hold the same kind and width. */
    private static void ensure(Connection c, String dataset, Kind kind, int features) throws SQLException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, features FROM seqae_datasets WHERE name = ?")) {
                ps.setString(1, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        Kind k = Kind.valueOf(rs.getString(1));
                        int f = rs.getInt(2);
                        if (k != kind || f != features) {
                            throw new InvalidInputException("dataset '" + dataset + "' holds " + describe(k, f)
                                    + "; this request has " + describe(kind, features));
                        }
                        return;
                    }
                }
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO seqae_datasets (name, kind, features, created_at) VALUES (?, ?, ?, ?)")) {
                ins.setString(1, dataset);
                ins.setString(2, kind.name());
                ins.setInt(3, features);
                ins.setTimestamp(4, Timestamp.from(Instant.now()));
                ins.executeUpdate();
                return;
            } catch (SQLException e) {
                // another writer created it at the same moment: read it again
            }
        }
        throw new SQLException("could not create dataset '" + dataset + "'");
    }

    private static String describe(Kind k, int features) {
        return (k == Kind.POINTS ? "time-series points" : "sequences") + " of " + features + " feature"
                + (features == 1 ? "" : "s");
    }

    private static long count(Connection c, String dataset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM seqae_records WHERE dataset = ?")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Steps separated by ';', features by ',', each float written so that it reads back exactly. */
    static String encode(float[][] r) {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < r.length; t++) {
            if (t > 0) {
                sb.append(';');
            }
            for (int f = 0; f < r[t].length; f++) {
                if (f > 0) {
                    sb.append(',');
                }
                sb.append(Float.toString(r[t][f]));
            }
        }
        return sb.toString();
    }

    static float[][] decode(String s) {
        String[] steps = s.split(";");
        float[][] out = new float[steps.length][];
        for (int t = 0; t < steps.length; t++) {
            String[] cells = steps[t].split(",");
            out[t] = new float[cells.length];
            for (int f = 0; f < cells.length; f++) {
                out[t][f] = Float.parseFloat(cells[f]);
            }
        }
        return out;
    }

    /** "points" or "sequences" (any case). */
    public static Kind kind(String s) {
        return switch (s == null ? "" : s.toLowerCase(Locale.ROOT)) {
            case "points" -> Kind.POINTS;
            case "sequences" -> Kind.SEQUENCES;
            default -> throw new InvalidInputException("kind: '" + s + "' is not one of points, sequences");
        };
    }
}
