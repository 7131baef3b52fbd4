package dev.seqae.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 * {@link JobHistory} in the intake database (table {@code seqae_jobs}, created by the same Flyway
 * migrations as the records): H2 by default, PostgreSQL by configuration. Each save is one
 * committed statement.
 */
public final class JdbcJobHistory implements JobHistory {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> OPEN = List.of(TrainingJobs.State.QUEUED.name(),
            TrainingJobs.State.RUNNING.name());

    private final DataSource ds;

    /** Over a database whose tables are migrated ({@code RecordStore#migrate}). */
    public JdbcJobHistory(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public void save(long seq, TrainingJobs.View job) {
        String body = json(job);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement("UPDATE seqae_jobs SET state = ?, body = ? WHERE id = ?")) {
                up.setString(1, job.state().name());
                up.setString(2, body);
                up.setString(3, job.id());
                if (up.executeUpdate() == 0) {
                    try (PreparedStatement in = c.prepareStatement("INSERT INTO seqae_jobs (id, seq, model, state, "
                            + "created_at, body) VALUES (?, ?, ?, ?, ?, ?)")) {
                        in.setString(1, job.id());
                        in.setLong(2, seq);
                        in.setString(3, job.model());
                        in.setString(4, job.state().name());
                        in.setTimestamp(5, Timestamp.from(Instant.parse(job.createdAt())));
                        in.setString(6, body);
                        in.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("saving training job " + job.id() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<TrainingJobs.View> get(String id) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT body FROM seqae_jobs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(view(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading training job " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Entry> page(int limit, Long before) {
        List<Entry> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, body FROM seqae_jobs"
                     + (before == null ? "" : " WHERE seq < ?") + " ORDER BY seq DESC")) {
            if (before != null) {
                ps.setLong(1, before);
            }
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), view(rs.getString(2))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("listing training jobs failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long maxSeq() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM seqae_jobs");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("reading training jobs failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int interruptOpen(String reason, Instant at) {
        int n = 0;
        for (Entry e : open()) {
            TrainingJobs.View v = e.job();
            save(e.seq(), v.interrupted(reason, at.toString()));
            n++;
        }
        return n;
    }

    private List<Entry> open() {
        List<Entry> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, body FROM seqae_jobs WHERE state IN (?, ?)")) {
            ps.setString(1, OPEN.get(0));
            ps.setString(2, OPEN.get(1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), view(rs.getString(2))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading training jobs failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int retain(int keep, Instant before) {
        try (Connection c = ds.getConnection()) {
            int n = 0;
            // the keep-th newest job's sequence number: ended jobs below it go
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM seqae_jobs ORDER BY seq DESC")) {
                ps.setMaxRows(keep + 1);
                Long cut = null;
                try (ResultSet rs = ps.executeQuery()) {
                    int i = 0;
                    while (rs.next()) {
                        if (++i == keep + 1) {
                            cut = rs.getLong(1);
                        }
                    }
                }
                if (cut != null) {
                    try (PreparedStatement del = c.prepareStatement(
                            "DELETE FROM seqae_jobs WHERE seq <= ? AND state NOT IN (?, ?)")) {
                        del.setLong(1, cut);
                        del.setString(2, OPEN.get(0));
                        del.setString(3, OPEN.get(1));
                        n += del.executeUpdate();
                    }
                }
            }
            if (before != null) {
                try (PreparedStatement del = c.prepareStatement(
                        "DELETE FROM seqae_jobs WHERE created_at < ? AND state NOT IN (?, ?)")) {
                    del.setTimestamp(1, Timestamp.from(before));
                    del.setString(2, OPEN.get(0));
                    del.setString(3, OPEN.get(1));
                    n += del.executeUpdate();
                }
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("deleting old training jobs failed: " + e.getMessage(), e);
        }
    }

    private static String json(TrainingJobs.View v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a training job could not be written as JSON", e);
        }
    }

    private static TrainingJobs.View view(String json) {
        try {
            return JSON.readValue(json, TrainingJobs.View.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a saved training job could not be read: " + e.getOriginalMessage(), e);
        }
    }
}
