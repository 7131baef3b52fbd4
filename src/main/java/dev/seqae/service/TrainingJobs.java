package dev.seqae.service;

import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import dev.seqae.model.TrainingListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * it; cancelling a running one stops it between minibatches and publishes nothing. No Micronaut here.
 */
public final class TrainingJobs implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainingJobs.class);
    /** A job's state. */
    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    /** What a caller sees of a job. */
    public record View(String id, String model, State state, String createdAt, String startedAt, String finishedAt,
                       int epoch, int maxEpochs, Double trainLoss, Double validationLoss, Double sequencesPerSecond,
                       Double etaSeconds, String error, String data, int threads, Integer version) {
    }

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
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onEpoch(EpochStats stats) {
                    last = stats;
                    progress.accept(stats);
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
                if (cancel) {
                    state = State.CANCELLED;
                } else {
                    version = registry.publish(model, m, "training job " + id, m.provenance().trainingFigures());
                    state = State.SUCCEEDED;
                }
            } catch (InvalidInputException e) {
                error = e.getMessage();
                state = State.FAILED;
            } catch (IllegalStateException e) {
                if (cancel) {
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
            return new View(id, model, state, createdAt, startedAt, finishedAt, s == null ? 0 : s.epoch(),
                    config.maxEpochs(), s == null ? null : s.trainLoss(),
                    s == null || Double.isNaN(s.validationLoss()) ? null : s.validationLoss(),
                    s == null ? null : s.sequencesPerSecond(), s == null || state != State.RUNNING ? null
                    : s.etaSeconds(), error, description, threads, version);
        }
    }

    /** Seconds a refused caller is told to wait (Retry-After). */
    static final int RETRY_AFTER = 30;

    private final ModelRegistry registry;
    private final ThreadPoolExecutor executor;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong submitted = new AtomicLong();
    private final int maxQueued;
    private final Consumer<TrainingListener.EpochStats> progress;

    /**
     * @param maxQueued jobs that may wait behind the running one
     * @param progress  every epoch of every job (metrics)
     */
    public TrainingJobs(ModelRegistry registry, int maxQueued, Consumer<TrainingListener.EpochStats> progress) {
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued must be >= 0, got " + maxQueued);
        }
        this.registry = registry;
        this.maxQueued = maxQueued;
        this.progress = progress == null ? s -> { } : progress;
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
        }
        return job.view();
    }

    /** One job, or 404. */
    public View get(String id) {
        return find(id).view();
    }

    /** Every job, newest first. */
    public List<View> list() {
        List<Job> all = new ArrayList<>(jobs.values());
        all.sort(Comparator.comparingLong((Job j) -> j.order).reversed());
        return all.stream().map(Job::view).toList();
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
            } else if (job.state == State.RUNNING) {
                job.cancel = true;
            } else {
                throw new ApiException(409, "job " + id + " has already ended (" + job.state.name().toLowerCase(Locale.ROOT)
                        + ")");
            }
        }
        return job.view();
    }

    /** Counts by state (metrics, health). */
    public Map<State, Long> counts() {
        Map<State, Long> out = new LinkedHashMap<>();
        for (State s : State.values()) {
            out.put(s, jobs.values().stream().filter(j -> j.state == s).count());
        }
        return out;
    }

    private Job find(String id) {
        Job job = id == null ? null : jobs.get(id);
        if (job == null) {
            throw ApiException.notFound("job '" + id + "' not found");
        }
        return job;
    }

    /** Stops the worker; a running job is cancelled. */
    @Override
    public void close() {
        jobs.values().forEach(j -> j.cancel = true);
        executor.shutdownNow();
    }
}
