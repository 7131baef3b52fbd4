package dev.seqae.retraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.SeqAutoencoderModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ticks queue exactly the plans that are due, once per scheduled time, on a clock the test moves. */
class RetrainingSchedulerTest {
    /** A clock the test sets. */
    static final class TestClock extends Clock {
        volatile Instant now;

        TestClock(String iso) {
            now = Instant.parse(iso);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** No model at all: every run fails at once with the reason, which is all these tests need. */
    static final class NoModels implements ModelVersions {
        final List<RetrainingRun> runs = new ArrayList<>();

        @Override
        public Optional<Active> active(String name) {
            return Optional.empty();
        }

        @Override
        public int addCandidate(String name, SeqAutoencoderModel model, String trigger, Map<String, Object> metrics) {
            throw new AssertionError();
        }

        @Override
        public boolean promoteIfActive(String name, int version, int expectedActive, String reason) {
            throw new AssertionError();
        }

        @Override
        public void reject(String name, int version, String reason) {
            throw new AssertionError();
        }

        @Override
        public synchronized void recordRun(String name, RetrainingRun run) {
            runs.add(run);
        }

        @Override
        public synchronized List<RetrainingRun> runs(String name, int limit) {
            return List.copyOf(runs);
        }
    }

    static RetrainingPlan plan(String model, String cron, boolean enabled) {
        return new RetrainingPlan(model, Cron.parse(cron), ZoneOffset.UTC, enabled,
                new RetrainingPlan.IntakeSource("d", 100, null), 0.2, 0.1, null, 0.02, 10, null, 1);
    }

    /** Until {@code n} runs are recorded and no model is queued or running. */
    static void awaitRuns(RetrainingScheduler s, NoModels models, int n) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            boolean idle = s.plans().stream().allMatch(p -> s.status(p.model()).orElseThrow().state()
                    == RetrainingScheduler.State.IDLE);
            if (idle && models.runs(null, 0).size() >= n) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("runs did not finish");
    }

    @Test
    void ticksQueueDuePlansOncePerScheduledTime() throws Exception {
        TestClock clock = new TestClock("2026-11-29T02:58:00Z");
        NoModels models = new NoModels();
        try (RetrainingScheduler s = new RetrainingScheduler(List.of(plan("a", "0 3 * * *", true),
                plan("b", "*/30 * * * *", true), plan("off", "* * * * *", false)),
                new Retrainer(models, null, clock, null), clock)) {
            assertEquals("2026-11-29T03:00Z", s.status("a").orElseThrow().nextRun().toString());
            assertEquals(List.of(), s.tick());
            clock.now = Instant.parse("2026-11-29T03:00:20Z");
            assertEquals(List.of("a", "b"), s.tick(), "both due, the disabled one never");
            assertEquals(List.of(), s.tick(), "once per scheduled time");
            assertEquals("2026-11-30T03:00Z", s.status("a").orElseThrow().nextRun().toString());
            assertEquals("2026-11-29T03:30Z", s.status("b").orElseThrow().nextRun().toString());
            awaitRuns(s, models, 2);
            clock.now = clock.now.plus(Duration.ofMinutes(40));
            assertEquals(List.of("b"), s.tick());
            awaitRuns(s, models, 3);
            s.runNow("off", "api").get(10, TimeUnit.SECONDS);
            assertEquals(4, models.runs.size());
            RetrainingRun run = models.runs.get(0);
            assertEquals(RetrainingRun.Outcome.FAILED, run.outcome());
            assertEquals("model 'a' has no active version to retrain (train one first)", run.reason());
            assertEquals("schedule", run.trigger());
            assertEquals("api", models.runs.get(3).trigger());
            assertThrows(InvalidInputException.class, () -> s.runNow("nope", "api"));
        }
    }
}
