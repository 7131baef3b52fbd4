package dev.seqae.service;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seqae.intake.RecordStore;
import dev.seqae.model.TrainingListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

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

    /** Training jobs: one at a time, {@code seqae.training.max-queued} (default 4) waiting. */
    @Singleton
    @Bean(preDestroy = "close")
    TrainingJobs jobs(ModelRegistry registry, @Value("${seqae.training.max-queued:4}") int maxQueued,
                      MeterRegistry meters) {
        AtomicReference<TrainingListener.EpochStats> last = new AtomicReference<>();
        Gauge.builder("seqae.training.epoch", last, r -> r.get() == null ? 0 : r.get().epoch())
                .description("epoch of the running (or last) training job").register(meters);
        Gauge.builder("seqae.training.loss", last, r -> r.get() == null ? Double.NaN : r.get().trainLoss())
                .description("training loss of its last epoch").register(meters);
        Gauge.builder("seqae.training.validation.loss", last,
                r -> r.get() == null ? Double.NaN : r.get().validationLoss())
                .description("validation loss of its last epoch").register(meters);
        Gauge.builder("seqae.training.sequences.per.second", last,
                r -> r.get() == null ? 0 : r.get().sequencesPerSecond())
                .description("training throughput of its last epoch").register(meters);
        TrainingJobs jobs = new TrainingJobs(registry, maxQueued, last::set);
        for (TrainingJobs.State state : TrainingJobs.State.values()) {
            Gauge.builder("seqae.training.jobs", jobs, j -> j.counts().get(state))
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .description("training jobs by state").register(meters);
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
                         @Value("${seqae.batching.workers:0}") int workers) {
        return new MicroBatcher(maxBatch, maxDelayMs, workers > 0 ? workers
                : Runtime.getRuntime().availableProcessors());
    }

    /**
     * The intake database, created on first use: {@code seqae.intake.url} (default an H2 file
     * database under {@code intake/}, written on every commit), {@code seqae.intake.user},
     * {@code seqae.intake.password}; PostgreSQL with a {@code jdbc:postgresql://...} URL. The
     * tables are created or upgraded (Flyway) when it opens.
     */
    @Singleton
    @Bean(preDestroy = "close")
    HikariDataSource intakeDataSource(@Value("${seqae.intake.url:`jdbc:h2:file:./intake/seqae;WRITE_DELAY=0`}") String url,
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

    /** {@code seqae.limits.max-sequences} (default 10,000) and {@code seqae.limits.max-steps} (default 100,000). */
    @Singleton
    Requests.Limits limits(@Value("${seqae.limits.max-sequences:10000}") int maxSequences,
                           @Value("${seqae.limits.max-steps:100000}") int maxSteps) {
        return new Requests.Limits(maxSequences, maxSteps);
    }
}
