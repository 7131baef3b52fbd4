package dev.seqae.service;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/** Readiness: the service is ready when at least one model is loaded ({@code /health/readiness}). */
@Singleton
@Readiness
public class ModelsHealth implements HealthIndicator {
    private final ModelRegistry registry;
    private final TrainingJobs jobs;

    public ModelsHealth(ModelRegistry registry, TrainingJobs jobs) {
        this.registry = registry;
        this.jobs = jobs;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("models", registry.names());
        details.put("failed_to_load", registry.failures().keySet());
        details.put("jobs", jobs.counts());
        return Publishers.just(HealthResult.builder("models", registry.isEmpty() ? HealthStatus.DOWN : HealthStatus.UP)
                .details(details).build());
    }
}
