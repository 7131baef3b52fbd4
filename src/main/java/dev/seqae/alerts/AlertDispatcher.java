package dev.seqae.alerts;

import dev.seqae.live.LiveEvent;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the pending deliveries of its {@link Outbox} to their webhooks, on a thread of its own:
 * the due ones (their time has come, and no earlier delivery of the same webhook and stream is
 * pending — so a receiver hears of a stream's events in order) are POSTed together, each signed,
 * and each outcome recorded: delivered on a 2xx answer; else retried after the policy's backoff,
 * or failed after its last attempt. {@link #wake()} after a commit sends at once; otherwise the
 * thread looks again when the next retry is due, and at least every {@code poll}.
 */
public final class AlertDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
    private static final int BATCH = 64;

    /** Where a delivery stands. */
    public enum Status { PENDING, DELIVERED, FAILED }

    /**
     * A delivery to make: one event of one stream for one webhook.
     *
     * @param attempts attempts made so far
     */
    public record Due(long id, String webhook, String stream, String model, long seq, LiveEvent event,
                      Instant createdAt, int attempts) {
    }

    /**
     * The outcome of an attempt.
     *
     * @param status   what the delivery is now
     * @param attempts attempts made, this one included
     * @param code     the receiver's HTTP status, or null when there was no answer
     * @param error    why it failed (null when delivered)
     * @param at       when the attempt ended
     * @param next     when to try again (PENDING), else null
     */
    public record Attempt(long id, String webhook, Status status, int attempts, Integer code, String error,
                          Instant at, Instant next) {
    }

    /** The store of deliveries (the intake database in the service). */
    public interface Outbox {
        /** At most {@code limit} pending deliveries due at {@code now}, at most one per webhook and stream. */
        List<Due> due(Instant now, int limit);

        /** When the next pending delivery is due, if any is pending. */
        Optional<Instant> nextDue();

        /** Records the outcome of an attempt. */
        void record(Attempt attempt);
    }

    private final Outbox outbox;
    private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
    private final RetryPolicy policy;
    private final Duration poll;
    private final Clock clock;
    private final Consumer<Attempt> listener;
    private final Function<Due, byte[]> body;
    private final HttpClient http;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean closed;
    private Thread thread;

    /**
     * @param poll     how often the outbox is looked at without a wake-up
     * @param listener told of every attempt (metrics), on the dispatcher's thread
     * @param body     a delivery's JSON body (the same bytes on every attempt; the service writes
     *                 the event as its API shows it)
     */
    public AlertDispatcher(Outbox outbox, List<Webhook> webhooks, RetryPolicy policy, Duration poll, Clock clock,
                           Consumer<Attempt> listener, Function<Due, byte[]> body) {
        this.outbox = outbox;
        for (Webhook w : webhooks) {
            this.webhooks.put(w.name(), w);
        }
        this.policy = policy;
        this.poll = poll;
        this.clock = clock;
        this.listener = listener;
        this.body = body;
        this.http = HttpClient.newBuilder().connectTimeout(policy.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Starts the sending thread (a daemon). */
    public synchronized void start() {
        if (thread == null && !webhooks.isEmpty()) {
            thread = new Thread(this::run, "seqae-alerts");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Looks at the outbox now (called after a commit that made deliveries). */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            try {
                int sent = sendDue();
                if (sent == BATCH) {
                    continue;
                }
                long waitMs = poll.toMillis();
                Optional<Instant> next = outbox.nextDue();
                if (next.isPresent()) {
                    waitMs = Math.max(1, Math.min(waitMs, Duration.between(clock.instant(), next.get()).toMillis()));
                }
                synchronized (signal) {
                    if (!woken && !closed) {
                        signal.wait(waitMs);
                    }
                    woken = false;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("alerts: reading or recording deliveries failed ({}); trying again in {}", e.getMessage(), poll);
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /**
     * Sends the deliveries due now, together, and records their outcomes; returns how many were
     * attempted. (The thread calls this; tests may too.)
     */
    public int sendDue() throws InterruptedException {
        List<Due> due = outbox.due(clock.instant(), BATCH);
        List<CompletableFuture<Attempt>> pending = new ArrayList<>(due.size());
        for (Due d : due) {
            Webhook w = webhooks.get(d.webhook());
            if (w == null) {
                Instant now = clock.instant();
                pending.add(CompletableFuture.completedFuture(new Attempt(d.id(), d.webhook(), Status.FAILED,
                        d.attempts(), null, "webhook '" + d.webhook() + "' is no longer configured", now, null)));
                continue;
            }
            pending.add(send(w, d));
        }
        for (CompletableFuture<Attempt> f : pending) {
            Attempt a;
            try {
                a = f.get(policy.timeout().toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("an alert delivery did not finish", e);
            }
            outbox.record(a);
            if (a.status() != Status.DELIVERED) {
                LOG.info("alerts: delivery {} to webhook '{}' attempt {}: {}{}", a.id(), a.webhook(), a.attempts(),
                        a.error(), a.status() == Status.FAILED ? " — giving up" : ", next at " + a.next());
            }
            listener.accept(a);
        }
        return due.size();
    }

    private CompletableFuture<Attempt> send(Webhook w, Due d) {
        byte[] body = this.body.apply(d);
        long now = clock.instant().getEpochSecond();
        int attempt = d.attempts() + 1;
        HttpRequest request = HttpRequest.newBuilder(w.url()).timeout(policy.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "seqae-alerts")
                .header("X-Seqae-Webhook", w.name())
                .header("X-Seqae-Delivery", Long.toString(d.id()))
                .header("X-Seqae-Attempt", Integer.toString(attempt))
                .header("X-Seqae-Event", d.event().kind().name().toLowerCase(Locale.ROOT))
                .header(Signatures.HEADER, Signatures.header(w.secret(), now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            Instant at = clock.instant();
            if (failure == null && response.statusCode() / 100 == 2) {
                return new Attempt(d.id(), w.name(), Status.DELIVERED, attempt, response.statusCode(), null, at, null);
            }
            Integer code = failure == null ? response.statusCode() : null;
            String error = failure == null ? "answered " + response.statusCode() : describe(failure);
            if (attempt >= policy.maxAttempts()) {
                return new Attempt(d.id(), w.name(), Status.FAILED, attempt, code, error, at, null);
            }
            return new Attempt(d.id(), w.name(), Status.PENDING, attempt, code, error, at,
                    at.plus(policy.backoff(attempt)));
        });
    }

    private static String describe(Throwable failure) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String kind = t instanceof java.net.ConnectException ? "connection refused"
                : t instanceof java.net.http.HttpTimeoutException ? "timed out"
                : t instanceof IOException ? "I/O error" : t.getClass().getSimpleName();
        String message = t.getMessage();
        String text = message == null || message.isBlank() ? kind : kind + ": " + message;
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    /** The configured webhooks. */
    public List<Webhook> webhooks() {
        return List.copyOf(webhooks.values());
    }

    /** Stops the thread (deliveries still pending are sent after the next start). */
    @Override
    public void close() {
        closed = true;
        wake();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(policy.timeout().toMillis() * 2 + 2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
