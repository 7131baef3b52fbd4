package dev.seqae.service;

import dev.seqae.intake.RecordStore;
import dev.seqae.intake.StreamStore;
import dev.seqae.retraining.RetrainingScheduler;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's timers, each only calling a use case: the retraining scheduler's tick ({@code
 * seqae.retraining.tick}, default 30 s; off with {@code seqae.retraining.enabled: false}) and the
 * intake's retention ({@code seqae.intake.retention.max-rows} and/or {@code .max-days}, applied
 * every {@code seqae.intake.retention.interval}, default 1 h; off when neither is set) and the live
 * streams' ({@code seqae.streams.retention.keep-points}, every {@code
 * seqae.streams.retention.interval}, default 10 min).
 */
@Singleton
@Requires(notEnv = Environment.CLI)             // the service's timers: never in a command-line process
public class ScheduledJobs {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledJobs.class);

    private final RetrainingScheduler retraining;
    private final boolean retrainingEnabled;
    private final BeanProvider<RecordStore> intake;
    private final Long maxRows;
    private final Duration maxAge;
    private final Clock clock;
    private final BeanProvider<StreamStore> streams;
    private final long keepPoints;

    public ScheduledJobs(RetrainingScheduler retraining,
                         @Value("${seqae.retraining.enabled:true}") boolean retrainingEnabled,
                         BeanProvider<RecordStore> intake,
                         @Nullable @Value("${seqae.intake.retention.max-rows:}") Long maxRows,
                         @Nullable @Value("${seqae.intake.retention.max-days:}") Double maxDays, Clock clock,
                         BeanProvider<StreamStore> streams,
                         @Value("${seqae.streams.retention.keep-points:100000}") long keepPoints) {
        this.retraining = retraining;
        this.retrainingEnabled = retrainingEnabled;
        this.intake = intake;
        if (maxRows != null && maxRows < 1) {
            throw new dev.seqae.errors.InvalidInputException("seqae.intake.retention.max-rows must be >= 1, got "
                    + maxRows);
        }
        if (maxDays != null && !(maxDays > 0)) {
            throw new dev.seqae.errors.InvalidInputException("seqae.intake.retention.max-days must be > 0, got "
                    + maxDays);
        }
        this.maxRows = maxRows;
        this.maxAge = maxDays == null ? null : Duration.ofMinutes(Math.round(maxDays * 24 * 60));
        this.clock = clock;
        if (keepPoints < 1) {
            throw new dev.seqae.errors.InvalidInputException("seqae.streams.retention.keep-points must be >= 1, got "
                    + keepPoints);
        }
        this.streams = streams;
        this.keepPoints = keepPoints;
    }

    /** Queues the retraining plans that are due. */
    @Scheduled(fixedDelay = "${seqae.retraining.tick:30s}", initialDelay = "${seqae.retraining.tick:30s}")
    void retrainingTick() {
        if (retrainingEnabled) {
            retraining.tick();
        }
    }

    /** Applies the intake retention settings to every dataset. */
    @Scheduled(fixedDelay = "${seqae.intake.retention.interval:1h}", initialDelay = "1m")
    void intakeRetention() {
        if (maxRows == null && maxAge == null) {
            return;
        }
        Map<String, Integer> deleted = intake.get().applyRetention(maxRows, maxAge, clock.instant());
        deleted.forEach((dataset, n) -> LOG.info("intake retention: deleted {} record(s) of dataset '{}' (max-rows {}, "
                + "max-days {})", n, dataset, maxRows, maxAge == null ? null : maxAge.toMinutes() / (24.0 * 60)));
    }

    /**
     * Drops each live stream's stored points and scores beyond its newest {@code
     * seqae.streams.retention.keep-points} (default 100,000); the streams' state and events stay.
     */
    @Scheduled(fixedDelay = "${seqae.streams.retention.interval:10m}", initialDelay = "1m")
    void streamRetention() {
        int n = streams.get().retainNewest(keepPoints);
        if (n > 0) {
            LOG.info("stream retention: deleted {} stored point(s) and score(s) beyond each stream's newest {}", n,
                    keepPoints);
        }
    }
}
