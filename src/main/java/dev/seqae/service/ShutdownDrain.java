package dev.seqae.service;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's part of a graceful shutdown ({@code micronaut.lifecycle.graceful-shutdown}, on
 * SIGTERM): readiness turns DOWN, no new training job is taken, queued ones are recorded as
 * interrupted, and the running one may finish within the grace period — at the same time as the
 * HTTP server stops accepting and lets requests and streamed answers in flight finish. Whatever
 * is still running when the grace period is over is stopped by the beans' close (a running
 * training job is then recorded as interrupted). Not in a command-line process: the context
 * {@code seqae} runs its commands in must not open the service's beans (and its database) when it
 * closes.
 */
@Singleton
@Requires(notEnv = Environment.CLI)
public class ShutdownDrain implements GracefulShutdownCapable {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownDrain.class);
    private final Readiness readiness;
    private final TrainingJobs jobs;
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

    public ShutdownDrain(Readiness readiness, TrainingJobs jobs) {
        this.readiness = readiness;
        this.jobs = jobs;
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        if (!started.compareAndSet(false, true)) {
            return jobs.drain();   // asked again (the server and the context both call it)
        }
        readiness.stopping();
        long running = jobs.count(TrainingJobs.State.RUNNING);
        LOG.info("shutting down: requests in flight finish{}", running > 0 ? ", and the running training job" : "");
        return jobs.drain();
    }

    @Override
    public OptionalLong reportActiveTasks() {
        return OptionalLong.of(jobs.count(TrainingJobs.State.RUNNING));
    }
}
