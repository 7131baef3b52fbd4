package dev.seqae.service;

import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import dev.seqae.model.TrainingListener;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Training jobs: one runs at a time (training uses the machine's cores), up to {@code maxQueued}
 * wait; a full queue is refused (429). A job that succeeds publishes its model in the registry —
 * atomically, so scoring requests in flight are not disturbed. Cancelling a queued job removes
 * it; cancelling a running one stops it between minibatches and publishes nothing. Every state
 * change is saved in a {@link JobHistory}, so the list survives a restart; jobs a stop left queued
 * or running are found at the next start and marked {@link State#INTERRUPTED} with the reason. On
 * shutdown, {@link #drain} lets the running job finish and interrupts the queued ones; what is still
 * running when the grace period is over is interrupted by {@link #close}. No Micronaut here.
 */
public final class TrainingJobs implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainingJobs.class);
    /** A job's state. */
    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, INTERRUPTED }

    /** What a caller sees of a job. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "TrainingJob")
    public record View(String id, String model, State state, String createdAt, @Nullable String startedAt,
                       @Nullable String finishedAt, int epoch, int maxEpochs, @Nullable Double trainLoss,
                       @Nullable Double validationLoss, @Nullable Double sequencesPerSecond,
                       @Nullable Double etaSeconds, @Nullable String error, String data, int threads,
                       @Nullable Integer version) {
        /** This job, ended by a stop of the service at {@code at}, with {@code reason}. */
        public View interrupted(String reason, String at) {
            String why = (startedAt == null ? "never started: " : "stopped at epoch " + epoch + " of "
                    + maxEpochs + ": ") + reason;
            return new View(id, model, State.INTERRUPTED, createdAt, startedAt, at, epoch, maxEpochs, trainLoss,
                    validationLoss, sequencesPerSecond, null, why, data, threads, null);
        }
    }

    /** A page of jobs, newest first; {@code nextCursor} fetches the next (older) page, null on the last. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "TrainingJobPage")
    public record Page(List<View> jobs, @Nullable String nextCursor) {
    }

    /** Jobs a page holds at most. */
    public static final int MAX_PAGE = 200;

    private final class Job implements Runnable {
        final String id = UUID.randomUUID().toString();
        final String model;
        final ModelConfig config;
        final Dataset data;
        final String description;
        final int threads;
        final String createdAt = Instant.now().toString();
        final long order = submitted.incrementAndGet();
        volatile State state = State.QUEUED;
        volatile String startedAt;
        volatile String finishedAt;
        volatile TrainingListener.EpochStats last;
        volatile String error;
        volatile boolean cancel;
        volatile Future<?> future;
        volatile Integer version;
        /** Set when a stop of the service ends the job: the reason it is recorded as interrupted. */
        volatile String interruptedBy;
        /** Whether {@link #ended} has recorded it. */
        final java.util.concurrent.atomic.AtomicBoolean recorded = new java.util.concurrent.atomic.AtomicBoolean();

        Job(String model, ModelConfig config, Dataset data, String description, int threads) {
            this.model = model;
            this.config = config;
            this.data = data;
            this.description = description;
            this.threads = threads;
        }

        @Override
        public void run() {
            if (cancel) {
                return;
            }
            state = State.RUNNING;
            startedAt = Instant.now().toString();
            save(this);
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onEpoch(EpochStats stats) {
                    last = stats;
                    progress.accept(model, stats);
                }

                @Override
                public boolean cancelled() {
                    return cancel;
                }
            };
            try {
                Trainer trainer = new Trainer(config, listener, threads);
                SeqAutoencoderModel m;
                if (data instanceof TimeSeries ts) {
                    m = trainer.fit(ts, description);
                } else {
                    SequenceSet set = (SequenceSet) data;
                    m = trainer.fit(set.values(), set.featureNames(), description);
                }
                if (interruptedBy != null) {
                    state = State.INTERRUPTED;
                } else if (cancel) {
                    state = State.CANCELLED;
                } else {
                    version = registry.publish(model, m, "training job " + id, m.provenance().trainingFigures());
                    state = State.SUCCEEDED;
                }
            } catch (InvalidInputException e) {
                error = e.getMessage();
                state = State.FAILED;
            } catch (IllegalStateException e) {
                if (interruptedBy != null) {
                    state = State.INTERRUPTED;
                } else if (cancel) {
                    state = State.CANCELLED;
                } else {
                    error = internal(e);
                    state = State.FAILED;
                }
            } catch (Exception | OutOfMemoryError e) {
                error = internal(e);
                state = State.FAILED;
            } finally {
                finishedAt = Instant.now().toString();
                ended(this);
            }
        }

        /**
         * What the job's answer says about a failure that is not bad input: a correlation id, with
         * the exception and its stack trace in the server's log under it (the job list is readable
         * without a key, so nothing of the exception goes into it).
         */
        private String internal(Throwable e) {
            String ref = Problems.newId();
            LOG.error("[{}] training job {} of model {} failed", ref, id, model, e);
            return "internal error (the server's log has it under correlation id " + ref + ")";
        }

        View view() {
            TrainingListener.EpochStats s = last;
            View v = new View(id, model, state, createdAt, startedAt, finishedAt, s == null ? 0 : s.epoch(),
                    config.maxEpochs(), s == null ? null : s.trainLoss(),
                    s == null || Double.isNaN(s.validationLoss()) ? null : s.validationLoss(),
                    s == null ? null : s.sequencesPerSecond(), s == null || state != State.RUNNING ? null
                    : s.etaSeconds(), error, description, threads, version);
            return state == State.INTERRUPTED ? v.interrupted(interruptedBy, finishedAt) : v;
        }
    }

    /** Seconds a refused caller is told to wait (Retry-After). */
    static final int RETRY_AFTER = 30;

    private final ModelRegistry registry;
    private final ThreadPoolExecutor executor;
    /** The jobs queued or running in this process (ended ones are in the history). */
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong submitted;
    private final int maxQueued;
    private final java.util.function.BiConsumer<String, TrainingListener.EpochStats> progress;
    private final Consumer<View> onEnd;
    private final JobHistory history;
    private final Retention retention;
    /** Jobs ended since this start, by state (metrics, health). */
    private final Map<State, AtomicLong> ended = new java.util.EnumMap<>(State.class);
    private final java.util.concurrent.CompletableFuture<Void> drained = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean draining;

    /** How many ended jobs the history keeps, and for how long (null: no age limit). */
    public record Retention(int keep, java.time.Duration maxAge) {
    }

    /**
     * @param maxQueued jobs that may wait behind the running one
     * @param progress  every epoch of every job, with the job's model (metrics)
     * @param onEnd     every job that ends, with its final answer (metrics)
     * @param history   where jobs are saved; the jobs a previous stop left open are marked interrupted in it now
     */
    public TrainingJobs(ModelRegistry registry, int maxQueued,
                        java.util.function.BiConsumer<String, TrainingListener.EpochStats> progress,
                        Consumer<View> onEnd, JobHistory history, Retention retention) {
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued must be >= 0, got " + maxQueued);
        }
        this.registry = registry;
        this.maxQueued = maxQueued;
        this.progress = progress == null ? (m, s) -> { } : progress;
        this.onEnd = onEnd == null ? v -> { } : onEnd;
        this.history = history;
        this.retention = retention;
        for (State st : State.values()) {
            ended.put(st, new AtomicLong());
        }
        int interrupted = history.interruptOpen("the service stopped (found at the next start)", Instant.now());
        if (interrupted > 0) {
            LOG.warn("{} training job(s) left queued or running by the last stop are recorded as interrupted",
                    interrupted);
        }
        this.submitted = new AtomicLong(history.maxSeq());
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxQueued + 1), r -> {
                    Thread t = new Thread(r, "seqae-training");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Queues a training job; 429 (as {@link ApiException}) when {@code maxQueued} jobs already wait. */
    public View submit(String model, ModelConfig config, Dataset data, String description, int threads) {
        ModelRegistry.checkName(model);
        Job job = new Job(model, config, data, description, threads);
        synchronized (this) {
            if (draining) {
                throw new ApiException(503, "the service is shutting down: no new training jobs", RETRY_AFTER);
            }
            long open = jobs.values().stream().filter(j -> j.state == State.QUEUED || j.state == State.RUNNING)
                    .count();
            if (open > maxQueued) {
                throw new ApiException(429, "the training queue is full (" + (open - 1) + " waiting behind the "
                        + "running job, limit " + maxQueued + ", seqae.training.max-queued); retry later", RETRY_AFTER);
            }
            try {
                job.future = executor.submit(job);
            } catch (RejectedExecutionException e) {
                throw new ApiException(429, "the training queue is full (limit " + maxQueued + "); retry later",
                        RETRY_AFTER);
            }
            jobs.put(job.id, job);
            save(job);
        }
        return job.view();
    }

    /** One job, or 404. */
    public View get(String id) {
        Job live = id == null ? null : jobs.get(id);
        if (live != null) {
            return live.view();
        }
        return (id == null ? java.util.Optional.<View>empty() : history.get(id))
                .orElseThrow(() -> ApiException.notFound("job '" + id + "' not found"));
    }

    /**
     * Up to {@code limit} jobs (1 to {@value #MAX_PAGE}), newest first, after {@code cursor} (a
     * previous page's {@code nextCursor}; null: from the newest). Queued and running jobs show their
     * live progress.
     */
    public Page list(int limit, String cursor) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new dev.seqae.errors.InvalidInputException("limit: " + limit + " is not between 1 and " + MAX_PAGE);
        }
        Long before = null;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                before = -1L;
            }
            if (before < 1) {
                throw new dev.seqae.errors.InvalidInputException("cursor: '" + cursor + "' is not a cursor this "
                        + "service gave (use next_cursor of the previous page)");
            }
        }
        List<JobHistory.Entry> page = history.page(limit + 1, before);
        List<View> out = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, page.size()); i++) {
            View saved = page.get(i).job();
            Job live = jobs.get(saved.id());
            out.add(live == null ? saved : live.view());
        }
        String next = page.size() > limit ? String.valueOf(page.get(limit - 1).seq()) : null;
        return new Page(out, next);
    }

    /** Cancels a queued or running job; a finished one is a 409. */
    public View cancel(String id) {
        Job job = find(id);
        synchronized (this) {
            if (job.state == State.QUEUED) {
                job.cancel = true;
                executor.remove((Runnable) job.future);
                job.state = State.CANCELLED;
                job.finishedAt = Instant.now().toString();
                ended(job);
            } else if (job.state == State.RUNNING) {
                job.cancel = true;
            } else {
                throw new ApiException(409, "job " + id + " has already ended (" + job.state.name().toLowerCase(Locale.ROOT)
                        + ")");
            }
        }
        return job.view();
    }

    /** Jobs queued and running now, and ended since this start, by state (metrics, health). */
    public Map<State, Long> counts() {
        Map<State, Long> out = new LinkedHashMap<>();
        for (State s : State.values()) {
            out.put(s, count(s));
        }
        return out;
    }

    /** Jobs in {@code state}: queued and running now, or ended since this start. */
    public long count(State state) {
        return state == State.QUEUED || state == State.RUNNING
                ? jobs.values().stream().filter(j -> j.state == state).count() : ended.get(state).get();
    }

    /**
     * The start of a shutdown: no new job is taken (503), the queued ones are recorded as
     * interrupted; the returned future completes when the running job (if any) has ended.
     */
    public java.util.concurrent.CompletableFuture<Void> drain() {
        synchronized (this) {
            draining = true;
            for (Job j : jobs.values()) {
                if (j.state == State.QUEUED) {
                    j.interruptedBy = "the service shut down before the job started";
                    j.cancel = true;
                    executor.remove((Runnable) j.future);
                    j.state = State.INTERRUPTED;
                    j.finishedAt = Instant.now().toString();
                    ended(j);
                }
            }
            if (jobs.isEmpty()) {
                drained.complete(null);
            }
        }
        return drained;
    }

    private Job find(String id) {
        Job job = id == null ? null : jobs.get(id);
        if (job == null) {
            View ended = id == null ? null : history.get(id).orElse(null);
            if (ended != null) {
                throw new ApiException(409, "job " + id + " has already ended ("
                        + ended.state().name().toLowerCase(Locale.ROOT) + ")");
            }
            throw ApiException.notFound("job '" + id + "' not found");
        }
        return job;
    }

    private void save(Job job) {
        // one save of a job at a time (the submitting thread's and the job's own may meet), each with
        // the job's state at that moment, so the last one written is the newest
        synchronized (job) {
            saveNow(job);
        }
    }

    private void saveNow(Job job) {
        try {
            history.save(job.order, job.view());
        } catch (RuntimeException e) {
            LOG.warn("training job {} could not be saved: {}", job.id, e.getMessage());
        }
    }

    /** A job has ended: saved, counted, no longer live, old ones trimmed. */
    private void ended(Job job) {
        if (!job.recorded.compareAndSet(false, true)) {
            return;
        }
        save(job);
        View v = job.view();
        if (v.state() == State.INTERRUPTED) {
            LOG.warn("training job {} of model {} interrupted: {}", job.id, job.model, v.error());
        }
        ended.get(v.state()).incrementAndGet();
        jobs.remove(job.id);
        onEnd.accept(v);
        try {
            history.retain(retention.keep(), retention.maxAge() == null ? null
                    : Instant.now().minus(retention.maxAge()));
        } catch (RuntimeException e) {
            LOG.warn("old training jobs could not be deleted: {}", e.getMessage());
        }
        synchronized (this) {
            if (draining && jobs.isEmpty()) {
                drained.complete(null);
            }
        }
    }

    /**
     * Stops the worker. A job still running (the grace period of a shutdown is over) is stopped and
     * recorded as interrupted.
     */
    @Override
    public void close() {
        for (Job j : jobs.values()) {
            j.interruptedBy = j.state == State.RUNNING
                    ? "the service shut down before it finished (the grace period was over)"
                    : "the service shut down before the job started";
            j.cancel = true;
        }
        // no interrupt (shutdownNow): the job stops at its next minibatch on the cancel flag, and an
        // interrupted thread writing to an H2 file database closes that database for everyone
        executor.getQueue().clear();
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Job j : List.copyOf(jobs.values())) {
            // not ended by its own thread in time: recorded here
            j.state = State.INTERRUPTED;
            j.finishedAt = Instant.now().toString();
            ended(j);
        }
    }
}
