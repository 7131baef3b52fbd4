package dev.seqae.service;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The service's beans, from configuration ({@code seqae.*} in {@code config/application.yml} or environment). */
@Factory
public class ServiceBeans {
    /** The models of {@code seqae.models-dir} (default {@code models}). */
    @Singleton
    ModelRegistry registry(@Value("${seqae.models-dir:models}") String dir) {
        return new ModelRegistry(Path.of(dir));
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
    TrainingJobs jobs(ModelRegistry registry, @Value("${seqae.training.max-queued:4}") int maxQueued) {
        return new TrainingJobs(registry, maxQueued, null);
    }

    /** {@code seqae.limits.max-sequences} (default 10,000) and {@code seqae.limits.max-steps} (default 100,000). */
    @Singleton
    Requests.Limits limits(@Value("${seqae.limits.max-sequences:10000}") int maxSequences,
                           @Value("${seqae.limits.max-steps:100000}") int maxSteps) {
        return new Requests.Limits(maxSequences, maxSteps);
    }
}
