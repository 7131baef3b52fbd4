package dev.seqae.service;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seqae.alerts.AlertDispatcher;
import dev.seqae.alerts.RetryPolicy;
import dev.seqae.alerts.Webhook;
import dev.seqae.intake.AlertStore;
import dev.seqae.intake.RecordStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.retraining.Retrainer;
import dev.seqae.retraining.RetrainingPlan;
import dev.seqae.retraining.RetrainingScheduler;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** The service's beans, from configuration ({@code seqae.*} in {@code config/application.yml} or environment). */
@Factory
public class ServiceBeans {
    /** The models of {@code seqae.models-dir} (default {@code models}), the last {@code seqae.registry.keep} (5) versions of each. */
    @Singleton
    ModelRegistry registry(@Value("${seqae.models-dir:models}") String dir,
                           @Value("${seqae.registry.keep:5}") int keep) {
        return new ModelRegistry(Path.of(dir), keep);
    }

    /** {@code seqae.api-key} (none: changes disabled) and {@code seqae.scoring-requires-key} (default false). */
    @Singleton
    ApiKeys apiKeys(@Nullable @Value("${seqae.api-key:}") String key,
                    @Value("${seqae.scoring-requires-key:false}") boolean scoringNeedsKey) {
        return new ApiKeys(key, scoringNeedsKey);
    }

    /** The service's own meters (help text, model tags, removed with their model). */
    @Singleton
    ServiceMetrics serviceMetrics(MeterRegistry meters, ModelRegistry registry) {
        return new ServiceMetrics(meters, registry);
    }

    /** Training jobs kept in the intake database ({@code seqae_jobs}), so that they survive a restart. */
    @Singleton
    JobHistory jobHistory(HikariDataSource ds, RecordStore migrated) {
        return new JdbcJobHistory(ds);
    }

    /**
     * Training jobs: one at a time, {@code seqae.training.max-queued} (default 4) waiting; the
     * history keeps {@code seqae.training.jobs.keep} (default 1,000) ended jobs for {@code
     * seqae.training.jobs.max-age} (default 30d).
     */
    @Singleton
    @Bean(preDestroy = "close")
    TrainingJobs jobs(ModelRegistry registry, @Value("${seqae.training.max-queued:4}") int maxQueued,
                      @Value("${seqae.training.jobs.keep:1000}") int keep,
                      @Nullable @Value("${seqae.training.jobs.max-age:30d}") Duration maxAge,
                      MeterRegistry meters, ServiceMetrics metrics, JobHistory history) {
        if (keep < 1) {
            throw new InvalidInputException("seqae.training.jobs.keep: " + keep + " must be at least 1");
        }
        TrainingJobs jobs = new TrainingJobs(registry, maxQueued, metrics::epoch, metrics::jobEnded, history,
                new TrainingJobs.Retention(keep, maxAge));
        for (TrainingJobs.State state : TrainingJobs.State.values()) {
            Gauge.builder("seqae.training.jobs", jobs, j -> j.count(state))
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .description("training jobs queued and running now, and ended since the start, by state")
                    .register(meters);
        }
        return jobs;
    }

    /**
     * Micro-batching of small score requests: {@code seqae.batching.max-batch} sequences (default
     * 32; 1 = off), {@code seqae.batching.max-delay-ms} (default 2), {@code seqae.batching.workers}
     * (default: the cores).
     */
    @Singleton
    @Bean(preDestroy = "close")
    MicroBatcher batcher(@Value("${seqae.batching.max-batch:32}") int maxBatch,
                         @Value("${seqae.batching.max-delay-ms:2}") double maxDelayMs,
                         @Value("${seqae.batching.workers:0}") int workers, ServiceMetrics metrics) {
        return new MicroBatcher(maxBatch, maxDelayMs, workers > 0 ? workers
                : Runtime.getRuntime().availableProcessors(), metrics::batch);
    }

    /**
     * The intake database, created on first use: {@code seqae.intake.url} (default an H2 file
     * database under {@code intake/}, with {@link dev.seqae.intake.RecordStore#H2_OPTIONS}), {@code seqae.intake.user},
     * {@code seqae.intake.password}; PostgreSQL with a {@code jdbc:postgresql://...} URL. The
     * tables are created or upgraded (Flyway) when it opens.
     */
    @Singleton
    @Bean(preDestroy = "close")
    HikariDataSource intakeDataSource(@Value("${seqae.intake.url:`jdbc:h2:file:./intake/seqae"
            + dev.seqae.intake.RecordStore.H2_OPTIONS + "`}") String url,
                                      @Value("${seqae.intake.user:sa}") String user,
                                      @Value("${seqae.intake.password:}") String password) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(8);
        c.setPoolName("seqae-intake");
        return new HikariDataSource(c);
    }

    /** The intake store over {@link #intakeDataSource}, migrated. */
    @Singleton
    RecordStore recordStore(HikariDataSource ds) {
        RecordStore store = new RecordStore(ds);
        store.migrate();
        return store;
    }

    /** The live streams' store, in the intake database (migrated by the record store). */
    @Singleton
    dev.seqae.intake.StreamStore streamStore(HikariDataSource ds, RecordStore migrated) {
        return new dev.seqae.intake.StreamStore(ds);
    }

    /**
     * The live streams ({@code /api/v1/streams}): at most {@code seqae.streams.max-streams} (default
     * 10,000) in the database, {@code seqae.streams.cached} (default 10,000) in memory.
     */
    @Context
    @Requires(notEnv = Environment.CLI)
    LiveStreams liveStreams(dev.seqae.intake.StreamStore store, ModelRegistry registry, MicroBatcher batcher,
                            @Value("${seqae.streams.max-streams:10000}") int maxStreams,
                            @Value("${seqae.streams.cached:10000}") int cached, AlertDispatcher alerts,
                            ServiceMetrics metrics) {
        if (maxStreams < 1 || cached < 1) {
            throw new IllegalArgumentException("seqae.streams.max-streams and seqae.streams.cached must be at least 1");
        }
        LiveStreams streams = new LiveStreams(store, registry, batcher, maxStreams, cached, alerts.webhooks(),
                (model, accepted, events, delivered) -> {
                    metrics.streamCommitted(model, accepted, events);
                    if (delivered) {
                        alerts.wake();
                    }
                });
        metrics.openAnomalies(streams::openAnomalies);
        return streams;
    }

    /** The alert deliveries' store, in the intake database. */
    @Singleton
    AlertStore alertStore(HikariDataSource ds, RecordStore migrated) {
        return new AlertStore(ds);
    }

    /**
     * The alerts ({@code seqae.alerts.*}, docs/live.md): the webhooks, checked at start (a mistake
     * names its key), and the thread that delivers what the live streams' events made pending —
     * also what was pending when the service stopped. Attempts are counted per webhook and outcome.
     */
    @Singleton
    @Requires(notEnv = Environment.CLI)
    @Bean(preDestroy = "close")
    AlertDispatcher alertDispatcher(Environment env, AlertStore store, ServiceMetrics metrics, Clock clock,
                                    io.micronaut.json.JsonMapper json,
                                    @Value("${seqae.alerts.max-attempts:10}") int maxAttempts,
                                    @Value("${seqae.alerts.backoff:1s}") Duration backoff,
                                    @Value("${seqae.alerts.max-backoff:10m}") Duration maxBackoff,
                                    @Value("${seqae.alerts.timeout:5s}") Duration timeout,
                                    @Value("${seqae.alerts.poll:5s}") Duration poll) {
        List<Webhook> webhooks = AlertsConfig.webhooks(env.getProperties(AlertsConfig.PREFIX));
        RetryPolicy policy;
        try {
            policy = new RetryPolicy(maxAttempts, backoff, maxBackoff, timeout);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("seqae.alerts: " + e.getMessage());
        }
        if (poll.isNegative() || poll.isZero()) {
            throw new InvalidInputException("seqae.alerts.poll must be > 0, got " + poll);
        }
        int orphans = store.failUnconfigured(webhooks.stream().map(Webhook::name)
                .collect(java.util.stream.Collectors.toSet()), clock.instant());
        if (orphans > 0) {
            org.slf4j.LoggerFactory.getLogger(AlertDispatcher.class).warn("alerts: {} pending delivery(ies) to "
                    + "webhooks no longer configured marked failed", orphans);
        }
        AlertDispatcher dispatcher = new AlertDispatcher(store, webhooks, policy, poll, clock, metrics::delivery,
                d -> {
                    try {
                        return json.writeValueAsBytes(new dev.seqae.service.api.Alerts.Payload(d.id(), d.webhook(),
                                d.stream(), d.model(), StreamsController.event(new dev.seqae.intake.StreamStore.EventRow(
                                        d.seq(), d.event(), d.createdAt()))));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("cannot write an alert body", e);
                    }
                });
        dispatcher.start();
        return dispatcher;
    }

    /** The clock of schedules and records (UTC). */
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Retraining: the plans of {@code seqae.retraining.models.*} (checked at start, a mistake names
     * its key), their runs counted and timed per model and outcome. Created at start so that a bad
     * plan stops the service from starting; not in a command-line process (whose commands never retrain).
     */
    @Context
    @Requires(notEnv = Environment.CLI)
    @Bean(preDestroy = "close")
    RetrainingScheduler retraining(ModelRegistry registry, BeanProvider<RecordStore> intake, Environment env,
                                   @Value("${seqae.retraining.zone:UTC}") String zone, MeterRegistry meters,
                                   ServiceMetrics metrics, Clock clock) {
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw new InvalidInputException("seqae.retraining.zone: '" + zone + "' is not a time zone");
        }
        List<RetrainingPlan> plans = RetrainingConfig.plans(env.getProperties(RetrainingConfig.PREFIX), zoneId);
        boolean usesIntake = plans.stream().anyMatch(p -> p.source() instanceof RetrainingPlan.IntakeSource);
        Retrainer retrainer = new Retrainer(registry, usesIntake ? intake.get() : null, clock,
                run -> metrics.retrained(run.model(), run.outcome().name().toLowerCase(Locale.ROOT), run.seconds()));
        RetrainingScheduler scheduler = new RetrainingScheduler(plans, retrainer, clock);
        for (RetrainingPlan p : plans) {
            Gauge.builder("seqae.retraining.next.run.seconds", scheduler, s -> s.status(p.model())
                            .map(st -> st.nextRun() == null ? Double.NaN
                                    : Duration.between(clock.instant(), st.nextRun().toInstant()).toSeconds())
                            .orElse(Double.NaN))
                    .tag("model", p.model()).description("seconds until the next scheduled retraining run")
                    .register(meters);
        }
        return scheduler;
    }

    /**
     * The pool of heavy requests: {@code seqae.limits.heavy.workers} at once (default 0: half the
     * cores, at least one), {@code seqae.limits.heavy.queue} more waiting (default 4), each answered within
     * {@code seqae.limits.heavy.timeout} (default 60s).
     */
    @Singleton
    @Bean(preDestroy = "close")
    HeavyWork heavyWork(@Value("${seqae.limits.heavy.workers:0}") int workers,
                        @Value("${seqae.limits.heavy.queue:4}") int queue,
                        @Value("${seqae.limits.heavy.timeout:60s}") Duration timeout) {
        return new HeavyWork(workers, queue, timeout);
    }

    /**
     * {@code seqae.limits.training.max-epochs} (default 1,000), {@code .max-layer-size} (1,024) and
     * {@code .max-batch} (4,096): what one training request may ask for.
     */
    @Singleton
    TrainingLimits trainingLimits(@Value("${seqae.limits.training.max-epochs:1000}") int maxEpochs,
                                  @Value("${seqae.limits.training.max-layer-size:1024}") int maxLayerSize,
                                  @Value("${seqae.limits.training.max-batch:4096}") int maxBatch) {
        return new TrainingLimits(maxEpochs, maxLayerSize, maxBatch);
    }

    /** {@code seqae.limits.tsne-max-iterations} (default 2,000) and {@code seqae.limits.tsne-max-points} (default 5,000). */
    @Singleton
    TsneLimits tsneLimits(@Value("${seqae.limits.tsne-max-iterations:2000}") int maxIterations,
                          @Value("${seqae.limits.tsne-max-points:5000}") int maxPoints) {
        return new TsneLimits(maxIterations, maxPoints);
    }

    /** {@code seqae.limits.max-sequences} (default 10,000) and {@code seqae.limits.max-steps} (default 100,000). */
    @Singleton
    Requests.Limits limits(@Value("${seqae.limits.max-sequences:10000}") int maxSequences,
                           @Value("${seqae.limits.max-steps:100000}") int maxSteps) {
        return new Requests.Limits(maxSequences, maxSteps);
    }
}
