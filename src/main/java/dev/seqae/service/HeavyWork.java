package dev.seqae.service;

import dev.seqae.errors.InvalidInputException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bounded pool every heavy request runs on — t-SNE and PCA projections, plots, detect and
 * denoise over long series: {@code workers} at a time, at most {@code queue} more waiting. A
 * request beyond that is refused at once with 429 and {@code Retry-After}; one that does not
 * finish within {@code timeout} is answered with 503 and interrupted. A slot is held until the
 * work has really stopped (a computation that cannot be interrupted still counts), so abandoned
 * requests cannot pile up work behind the answers. A request takes its slot ({@link #admit})
 * before its body is parsed or its data read, so that a refusal is cheap; the inputs are parsed by
 * the caller, on its own thread, and only the computation comes here. A computation is stopped
 * (interrupted; t-SNE and scoring check between their rounds) when its client closes the
 * connection.
 */
public final class HeavyWork implements AutoCloseable {
    private final ExecutorService pool;
    private final Semaphore slots;
    private final int workers;
    private final int queue;
    private final Duration timeout;

    /**
     * @param workers computations at once (0: half the cores, at least one — heavy work never takes
     *                the whole machine from scoring)
     * @param queue   more that may wait for a worker
     * @param timeout the longest a request waits for its answer
     */
    public HeavyWork(int workers, int queue, Duration timeout) {
        if (workers < 0 || queue < 0 || timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("seqae.limits.heavy: workers and queue must be >= 0 and the timeout > 0, "
                    + "got " + workers + ", " + queue + ", " + timeout);
        }
        this.workers = workers > 0 ? workers : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        this.queue = queue;
        this.timeout = timeout;
        this.slots = new Semaphore(this.workers + queue);
        AtomicInteger n = new AtomicInteger();
        // a fork-join pool: the parallel streams of a computation (Smile's t-SNE) run inside it, on
        // its workers, instead of taking every core through the common pool
        this.pool = new ForkJoinPool(this.workers, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("seqae-heavy-" + n.incrementAndGet());
            return t;
        }, null, false);
    }

    /** Runs {@code work} (called {@code what} in answers) on the pool and answers with its result. */
    public <T> T run(String what, Callable<T> work) {
        try (Permit p = admit(ClientWatch.NONE)) {
            return p.run(what, work);
        }
    }

    /**
     * A slot for one request, taken before its body is parsed or its data read, so that a refusal
     * costs nothing; the work runs through {@link Permit#run}, and closing the permit gives back a
     * slot the work never took. When the request's client goes away the work is stopped.
     *
     * @throws ApiException 429 with {@code Retry-After} when every slot is taken
     */
    public Permit admit(HttpRequest<?> request) {
        return admit(ClientWatch.of(request));
    }

    Permit admit(ClientWatch watch) {
        if (!slots.tryAcquire()) {
            throw new ApiException(429, String.format(Locale.ROOT, "the server is busy: %d heavy requests (projections, "
                    + "plots, detect, denoise) are running or waiting, its limit; retry in %d s", workers + queue,
                    retryAfter()), retryAfter());
        }
        return new Permit(watch);
    }

    /** Calls back when a request's client has closed its connection. */
    interface ClientWatch {
        /** Watches for {@code onGone} (run at once if the client has gone already); returns the un-watch. */
        Runnable watch(Runnable onGone);

        ClientWatch NONE = onGone -> () -> { };

        static ClientWatch of(HttpRequest<?> request) {
            if (request instanceof NettyHttpRequest<?> n) {
                Channel channel = n.getChannelHandlerContext().channel();
                return onGone -> {
                    ChannelFutureListener l = f -> onGone.run();
                    channel.closeFuture().addListener(l);
                    return () -> channel.closeFuture().removeListener(l);
                };
            }
            return NONE;
        }
    }

    /** One request's slot: held from {@link #admit} until its work has really stopped. */
    public final class Permit implements AutoCloseable {
        private final ClientWatch watch;
        private final AtomicBoolean held = new AtomicBoolean(true);   // not handed over to a computation

        private Permit(ClientWatch watch) {
            this.watch = watch;
        }

        /** Runs {@code work} on the pool (once per permit) and answers with its result. */
        public <T> T run(String what, Callable<T> work) {
            if (!held.compareAndSet(true, false)) {
                throw new IllegalStateException("a permit runs one computation");
            }
            AtomicReference<Thread> runner = new AtomicReference<>();
            AtomicInteger state = new AtomicInteger(WAITING);   // who releases the slot: the work, or stop()
            Future<T> f;
            try {
                f = pool.submit(() -> {
                    if (!state.compareAndSet(WAITING, RUNNING)) {
                        return null;        // stopped before it started: stop() released the slot
                    }
                    Thread.interrupted();   // an interrupt meant for an earlier computation on this thread
                    runner.set(Thread.currentThread());
                    try {
                        return work.call();
                    } finally {
                        runner.set(null);
                        state.set(ENDED);
                        slots.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                slots.release();
                throw new ApiException(503, "the server is shutting down", retryAfter());
            }
            // stop() cancels the future before it interrupts the work, so get() below ends in a
            // CancellationException however far the work has got
            Runnable unwatch = watch.watch(() -> stop(f, runner, state));
            try {
                return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                stop(f, runner, state);
                throw new ApiException(503, String.format(Locale.ROOT, "%s took longer than the server's time limit "
                        + "of %s s: send less data, or fewer iterations", what, seconds(timeout)), retryAfter());
            } catch (CancellationException e) {
                // only a departed client cancels; nobody reads this answer
                throw new ApiException(503, what + " was stopped: the client closed the connection", retryAfter());
            } catch (InterruptedException e) {
                stop(f, runner, state);
                Thread.currentThread().interrupt();
                throw new ApiException(503, what + " was interrupted", retryAfter());
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException r) {
                    throw r;          // bad input found during the work stays a 4xx
                }
                if (c instanceof OutOfMemoryError) {
                    throw new ApiException(503, what + " needs more memory than the server allows one computation: "
                            + "send less data", retryAfter());
                }
                if (c instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(what + " failed", c);
            } finally {
                unwatch.run();
            }
        }

        /** Gives back the slot if no computation took it. */
        @Override
        public void close() {
            if (held.compareAndSet(true, false)) {
                slots.release();
            }
        }
    }

    private static final int WAITING = 0;
    private static final int RUNNING = 1;
    private static final int ENDED = 2;

    /**
     * Stops {@code f}: one still waiting never runs and its slot is released here; one running is
     * interrupted (a fork-join task is not interrupted by cancel) and releases its slot when it ends.
     */
    private void stop(Future<?> f, AtomicReference<Thread> runner, AtomicInteger state) {
        if (state.compareAndSet(WAITING, ENDED)) {
            slots.release();
        }
        f.cancel(true);
        Thread t = runner.get();
        if (t != null) {
            t.interrupt();
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : String.format(Locale.ROOT, "%.1f",
                d.toMillis() / 1000.0);
    }

    /** Seconds a refused client is told to wait: the time limit, from 1 to 10. */
    int retryAfter() {
        return (int) Math.max(1, Math.min(10, timeout.toSeconds()));
    }

    /** Computations running or waiting now. */
    public int busy() {
        return workers + queue - slots.availablePermits();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
