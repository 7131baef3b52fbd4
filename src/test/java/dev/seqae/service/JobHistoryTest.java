package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.intake.RecordStore;
import dev.seqae.model.ModelConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training jobs outlive the process: they are saved in the intake database, listed page by page
 * newest first, trimmed to the configured number, and a job a stop left queued or running is found
 * at the next start and recorded as interrupted, with the reason.
 */
class JobHistoryTest {
    @TempDir
    Path dir;

    HikariDataSource database() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db") + dev.seqae.intake.RecordStore.H2_OPTIONS);
        c.setUsername("sa");
        c.setPassword("");
        HikariDataSource ds = new HikariDataSource(c);
        new RecordStore(ds).migrate();
        return ds;
    }

    static final ModelConfig TINY = ModelConfig.defaults().withLayers(new int[] {4}, 2, new int[] {4})
            .withTraining(5e-3, 16, 1, 0, 0.25, 1);
    static final SequenceSet DATA = new SequenceSet("synthetic", SyntheticGenerator.normal(16, 8, 1, 1).stream()
            .map(v -> new dev.seqae.data.LabeledSequence(null, null, v)).toList(), new String[] {"x"});

    static TrainingJobs.View await(TrainingJobs jobs, String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            TrainingJobs.View v = jobs.get(id);
            if (v.state() != TrainingJobs.State.QUEUED && v.state() != TrainingJobs.State.RUNNING) {
                return v;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " did not end");
    }

    @Test
    void jobsArePagedNewestFirstSurviveARestartAndAreTrimmed() throws Exception {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        List<String> ids = new ArrayList<>();
        try (HikariDataSource ds = database();
             TrainingJobs jobs = new TrainingJobs(registry, 4, null, null, new JdbcJobHistory(ds),
                     new TrainingJobs.Retention(5, Duration.ofDays(30)))) {
            for (int i = 0; i < 7; i++) {
                String id = jobs.submit("m" + i, TINY, DATA, "tiny", 1).id();
                assertEquals(TrainingJobs.State.SUCCEEDED, await(jobs, id).state());
                ids.add(0, id);   // newest first
            }
            // 7 ended, 5 kept: pages of 2 give the 5 newest, each once, newest first
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                TrainingJobs.Page page = jobs.list(2, cursor);
                page.jobs().forEach(v -> seen.add(v.id()));
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null);
            assertEquals(ids.subList(0, 5), seen);
            assertEquals(3, pages);
            assertThrows(InvalidInputException.class, () -> jobs.list(0, null));
            assertThrows(InvalidInputException.class, () -> jobs.list(2, "x"));
        }
        // a job left running by a hard stop (saved as running, never ended)
        try (HikariDataSource ds = database()) {
            JdbcJobHistory history = new JdbcJobHistory(ds);
            long seq = history.maxSeq() + 1;
            history.save(seq, new TrainingJobs.View("left-running", "m9", TrainingJobs.State.RUNNING,
                    "2026-12-01T10:00:00Z", "2026-12-01T10:00:01Z", null, 3, 10, 0.5, 0.6, 100.0, 7.0, null, "tiny",
                    1, null));
        }
        try (HikariDataSource ds = database();
             TrainingJobs jobs = new TrainingJobs(registry, 4, null, null, new JdbcJobHistory(ds),
                     new TrainingJobs.Retention(5, null))) {
            TrainingJobs.View v = jobs.get("left-running");
            assertEquals(TrainingJobs.State.INTERRUPTED, v.state());
            assertTrue(v.error().startsWith("stopped at epoch 3 of 10: the service stopped"), v.error());
            assertTrue(v.finishedAt() != null);
            assertNull(v.etaSeconds());
            Set<String> listed = new HashSet<>();
            jobs.list(200, null).jobs().forEach(j -> listed.add(j.id()));
            assertTrue(listed.contains(ids.get(0)) && listed.contains("left-running"), listed.toString());
            // new jobs continue the numbering: the next one is the newest
            String next = jobs.submit("m10", TINY, DATA, "tiny", 1).id();
            await(jobs, next);
            assertEquals(next, jobs.list(1, null).jobs().get(0).id());
            var ended = assertThrows(ApiException.class, () -> jobs.cancel(ids.get(0)));
            assertEquals(409, ended.status());
        }
    }

    @Test
    void aShutdownInterruptsQueuedJobsAndRecordsARunningOneItCannotWaitFor() throws Exception {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        ModelConfig slow = TINY.withTraining(5e-3, 1, 100000, 0, 0.25, 1);
        String running;
        String queued;
        try (HikariDataSource ds = database()) {
            TrainingJobs jobs = new TrainingJobs(registry, 4, null, null, new JdbcJobHistory(ds),
                    new TrainingJobs.Retention(100, null));
            running = jobs.submit("slow", slow, DATA, "slow", 1).id();
            queued = jobs.submit("later", TINY, DATA, "later", 1).id();
            for (int i = 0; i < 200 && jobs.get(running).epoch() < 1; i++) {
                Thread.sleep(50);
            }
            var drained = jobs.drain();
            assertEquals(TrainingJobs.State.INTERRUPTED, jobs.get(queued).state());
            assertTrue(jobs.get(queued).error().startsWith("never started: "), jobs.get(queued).error());
            var refused = assertThrows(ApiException.class, () -> jobs.submit("more", TINY, DATA, "more", 1));
            assertEquals(503, refused.status());
            assertTrue(!drained.isDone(), "the running job is still running");
            jobs.close();    // the grace period is over
            assertTrue(drained.isDone());
        }
        try (HikariDataSource ds = database();
             TrainingJobs after = new TrainingJobs(registry, 4, null, null, new JdbcJobHistory(ds),
                     new TrainingJobs.Retention(100, null))) {
            TrainingJobs.View v = after.get(running);
            assertEquals(TrainingJobs.State.INTERRUPTED, v.state());
            assertTrue(v.error().contains("the service shut down before it finished"), v.error());
            assertEquals(TrainingJobs.State.INTERRUPTED, after.get(queued).state());
        }
    }
}
