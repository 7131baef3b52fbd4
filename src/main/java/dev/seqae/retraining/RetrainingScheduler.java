package dev.seqae.retraining;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.TrainingListener;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * When plans run. {@link #tick} (called every minute or so by the service's {@code @Scheduled}
 * job) queues every enabled plan whose next time has come and computes its next time from now;
 * {@link #runNow} queues one on request. Runs execute one at a time on one background thread,
 * so a tick never waits for training and two runs never compete for the cores. A time missed
 * while the service was down is not caught up: the next run is the schedule's next time after
 * start.
 */
public final class RetrainingScheduler implements AutoCloseable {
    /** Where a model's retraining is. */
    public enum State { IDLE, QUEUED, RUNNING }

    /** What {@code GET .../retraining} shows of a plan besides its history. */
    public record Status(RetrainingPlan plan, State state, ZonedDateTime nextRun, TrainingListener.EpochStats epoch) {
    }

    private final Map<String, RetrainingPlan> plans = new LinkedHashMap<>();
    private final Retrainer retrainer;
    private final Clock clock;
    private final Map<String, ZonedDateTime> next = new ConcurrentHashMap<>();
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, TrainingListener.EpochStats> epochs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "seqae-retraining");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public RetrainingScheduler(List<RetrainingPlan> plans, Retrainer retrainer, Clock clock) {
        for (RetrainingPlan p : plans) {
            if (this.plans.put(p.model(), p) != null) {
                throw new InvalidInputException("two retraining plans for model '" + p.model() + "'");
            }
        }
        this.retrainer = retrainer;
        this.clock = clock;
        for (RetrainingPlan p : plans) {
            schedule(p);
        }
    }

    private void schedule(RetrainingPlan p) {
        Optional<ZonedDateTime> n = p.schedule().next(ZonedDateTime.now(clock.withZone(p.zone())));
        if (n.isPresent()) {
            next.put(p.model(), n.get());
        } else {
            next.remove(p.model());
        }
    }

    /** The plan of {@code model}, if it has one. */
    public Optional<RetrainingPlan> plan(String model) {
        return Optional.ofNullable(plans.get(model));
    }

    /** Every plan, in configuration order. */
    public List<RetrainingPlan> plans() {
        return List.copyOf(plans.values());
    }

    /** Queues the enabled plans that are due; returns the models queued. */
    public synchronized List<String> tick() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        List<String> queued = new java.util.ArrayList<>();
        for (RetrainingPlan p : plans.values()) {
            ZonedDateTime due = next.get(p.model());
            if (!p.enabled() || due == null || due.isAfter(now)) {
                continue;
            }
            schedule(p);
            if (states.getOrDefault(p.model(), State.IDLE) == State.IDLE) {
                submit(p, "schedule");
                queued.add(p.model());
            }
        }
        return queued;
    }

    /**
     * Queues a run of {@code model}'s plan now (whether or not it is enabled); an error when it has
     * no plan or a run is already queued or running.
     */
    public synchronized Future<RetrainingRun> runNow(String model, String trigger) {
        RetrainingPlan p = plans.get(model);
        if (p == null) {
            throw new InvalidInputException("model '" + model + "' has no retraining plan "
                    + "(seqae.retraining.models." + model + " in the configuration)");
        }
        State s = states.getOrDefault(model, State.IDLE);
        if (s != State.IDLE) {
            throw new IllegalStateException("a retraining run of '" + model + "' is already "
                    + s.name().toLowerCase(Locale.ROOT));
        }
        return submit(p, trigger);
    }

    private Future<RetrainingRun> submit(RetrainingPlan p, String trigger) {
        states.put(p.model(), State.QUEUED);
        return worker.submit(() -> {
            states.put(p.model(), State.RUNNING);
            try {
                return retrainer.run(p, trigger, new TrainingListener() {
                    @Override
                    public void onEpoch(EpochStats stats) {
                        epochs.put(p.model(), stats);
                    }

                    @Override
                    public boolean cancelled() {
                        return closed;
                    }
                });
            } finally {
                epochs.remove(p.model());
                states.put(p.model(), State.IDLE);
            }
        });
    }

    /** A plan's state and next run, if {@code model} has a plan. */
    public Optional<Status> status(String model) {
        RetrainingPlan p = plans.get(model);
        if (p == null) {
            return Optional.empty();
        }
        return Optional.of(new Status(p, states.getOrDefault(model, State.IDLE), p.enabled() ? next.get(model) : null,
                epochs.get(model)));
    }

    /** Stops the worker; a run in progress stops at its next minibatch and promotes nothing. */
    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
    }
}
