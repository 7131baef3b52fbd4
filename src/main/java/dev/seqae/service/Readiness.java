package dev.seqae.service;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Why the service is not ready yet, beyond "no model is loaded": the default model being trained at
 * first start (with its epoch), or the service shutting down. Read by {@code /health/readiness}.
 */
@jakarta.inject.Singleton
public final class Readiness {
    private final AtomicReference<String> pending = new AtomicReference<>();
    private volatile boolean stopping;

    /** Sets (or, with null, clears) what the service is busy with before it can serve. */
    public void pending(String reason) {
        pending.set(reason);
    }

    /** From now on the service is not ready: it is shutting down. */
    public void stopping() {
        stopping = true;
    }

    /** Whether {@link #stopping()} was called. */
    public boolean isStopping() {
        return stopping;
    }

    /** Why the service cannot serve yet, when it is busy with something; empty otherwise. */
    public Optional<String> reason() {
        return stopping ? Optional.of("shutting down: requests in flight finish, new ones are refused")
                : Optional.ofNullable(pending.get());
    }
}
