package dev.seqae.service;

import dev.seqae.model.TrainingListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The service's own meters, each with its help text, in one place (docs/operations.md lists them).
 * Meters of a model carry a {@code model} tag; they are removed when the model is deleted, so a
 * scrape shows only models that exist. Gauges of the registry (active version, load failures) are
 * read at scrape time.
 */
public final class ServiceMetrics {
    /** Buckets of the micro-batch size histogram (sequences per batch). */
    private static final double[] BATCH_SIZES = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    private final MeterRegistry meters;
    private final ModelRegistry registry;
    /** Meters of the micro-batcher (no tags: registered once, recorded on every batch). */
    private final DistributionSummary batchSizes;
    private final Timer batchWait;
    /** The last epoch of the running (or last) training job of each model. */
    private final Map<String, TrainingListener.EpochStats> training = new ConcurrentHashMap<>();
    /** Models whose per-model gauges are registered. */
    private final Map<String, Boolean> gauged = new ConcurrentHashMap<>();
    private final Map<String, Boolean> openGauged = new ConcurrentHashMap<>();
    private volatile java.util.function.ToLongFunction<String> openAnomalies;

    public ServiceMetrics(MeterRegistry meters, ModelRegistry registry) {
        this.meters = meters;
        this.registry = registry;
        this.batchSizes = DistributionSummary.builder("seqae.batch.sequences").baseUnit("sequences")
                .description("sequences per micro-batch of score requests").serviceLevelObjectives(BATCH_SIZES)
                .register(meters);
        this.batchWait = Timer.builder("seqae.batch.queue").description("time a score request waited for its "
                + "micro-batch to start").serviceLevelObjectives(Latency.BUCKETS).register(meters);
        Gauge.builder("seqae.models.loaded", registry, r -> r.names().size())
                .description("models the service answers with").register(meters);
        Gauge.builder("seqae.models.load.failures", registry, r -> r.failures().size())
                .description("model files or folders in the models folder that did not load (GET /api/v1/models "
                        + "says why)").register(meters);
        refresh();
    }

    /** Registers the per-model gauges of models that appeared since the last call (called before each scrape). */
    public void refresh() {
        java.util.function.ToLongFunction<String> open = openAnomalies;
        for (String name : registry.names()) {
            if (gauged.putIfAbsent(name, Boolean.TRUE) == null) {
                Gauge.builder("seqae.model.active.version", registry, r -> {
                            Integer v = r.activeVersion(name);
                            return v == null ? Double.NaN : v;
                        }).tag("model", name).description("the version number each model answers with")
                        .register(meters);
            }
            if (open != null && openGauged.putIfAbsent(name, Boolean.TRUE) == null) {
                Gauge.builder("seqae.streams.open.anomalies", open, f -> f.applyAsLong(name)).tag("model", name)
                        .description("live streams of the model with an anomaly open now").register(meters);
            }
        }
    }

    /** Where the gauge of open anomalies per model reads (set by the live streams when they start). */
    public void openAnomalies(java.util.function.ToLongFunction<String> perModel) {
        this.openAnomalies = perModel;
        refresh();
    }

    /** A live-stream commit: points taken and the events it made. */
    public void streamCommitted(String model, int accepted, List<dev.seqae.live.LiveEvent> events) {
        counter("seqae.stream.points", model, "points taken by live streams, committed").increment(accepted);
        for (dev.seqae.live.LiveEvent e : events) {
            Counter.builder("seqae.stream.events").tag("model", model)
                    .tag("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .description("anomalies opened and closed on live streams").register(meters).increment();
        }
    }

    /** An attempt to deliver an alert: delivered, retried (will be tried again) or failed (given up). */
    public void delivery(dev.seqae.alerts.AlertDispatcher.Attempt a) {
        String outcome = switch (a.status()) {
            case DELIVERED -> "delivered";
            case PENDING -> "retried";
            case FAILED -> "failed";
        };
        Counter.builder("seqae.alert.deliveries").tag("webhook", a.webhook()).tag("outcome", outcome)
                .description("attempts to deliver alerts to webhooks, by outcome").register(meters).increment();
    }

    /** Sequences scored by {@code model}, and how many were flagged. */
    public void scored(String model, int sequences, int flagged) {
        counter("seqae.sequences.scored", model, "sequences scored (score requests)").increment(sequences);
        counter("seqae.anomalies.flagged", model, "scored sequences above the threshold").increment(flagged);
    }

    /** Points of a time series run through detection, and the intervals found. */
    public void detected(String model, long points, int intervals) {
        counter("seqae.points.scored", model, "time-series points run through detection").increment(points);
        counter("seqae.intervals.flagged", model, "anomalous intervals found by detection").increment(intervals);
    }

    /** Scored sequences that were not flagged, appended to the model's intake dataset. */
    public void appendedScored(String model, int sequences) {
        counter("seqae.sequences.appended", model, "scored normal sequences appended to the model's intake dataset "
                + "(seqae.intake.append-scored)").increment(sequences);
    }

    /** Records appended to an intake dataset over HTTP. */
    public void intakeAppended(int records) {
        Counter.builder("seqae.intake.records.appended").description("records appended to intake datasets "
                + "(POST /api/v1/datasets/{name}/records), committed").register(meters).increment(records);
    }

    /** A micro-batch: its sequences, and how long each request in it waited in the queue. */
    public void batch(int requests, int sequences, long[] waitedNanos) {
        batchSizes.record(sequences);
        for (long w : waitedNanos) {
            batchWait.record(w, TimeUnit.NANOSECONDS);
        }
    }

    /** An epoch of a training job (the progress gauges of its model). */
    public void epoch(String model, TrainingListener.EpochStats stats) {
        if (training.put(model, stats) == null) {
            Gauge.builder("seqae.training.epoch", training, t -> value(t, model, s -> s.epoch()))
                    .tag("model", model).description("epoch of the running (or last) training job of the model")
                    .register(meters);
            Gauge.builder("seqae.training.loss", training, t -> value(t, model, s -> s.trainLoss()))
                    .tag("model", model).description("training loss of that job's last epoch").register(meters);
            Gauge.builder("seqae.training.validation.loss", training, t -> value(t, model, s -> s.validationLoss()))
                    .tag("model", model).description("validation loss of that job's last epoch").register(meters);
            Gauge.builder("seqae.training.sequences.per.second", training,
                            t -> value(t, model, s -> s.sequencesPerSecond()))
                    .tag("model", model).description("training throughput of that job's last epoch").register(meters);
        }
    }

    /** A training job ended: its duration by model and outcome. */
    public void jobEnded(TrainingJobs.View job) {
        if (job.startedAt() == null || job.finishedAt() == null) {
            return;
        }
        Timer.builder("seqae.training.duration").tag("model", job.model())
                .tag("outcome", job.state().name().toLowerCase(Locale.ROOT))
                .description("training job durations, from start to end, by model and outcome")
                .serviceLevelObjectives(TRAINING_BUCKETS).register(meters)
                .record(Duration.between(Instant.parse(job.startedAt()), Instant.parse(job.finishedAt())));
    }

    /** A retraining run: its outcome and duration. */
    public void retrained(String model, String outcome, double seconds) {
        Counter.builder("seqae.retraining.runs").tag("model", model).tag("outcome", outcome)
                .description("retraining runs by model and outcome (promoted, rejected, skipped, failed)")
                .register(meters).increment();
        Timer.builder("seqae.retraining.duration").tag("model", model)
                .description("retraining run durations").serviceLevelObjectives(TRAINING_BUCKETS).register(meters)
                .record(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** Removes every series of a deleted model (retraining schedules, which outlive it, stay). */
    public void forget(String model) {
        training.remove(model);
        gauged.remove(model);
        openGauged.remove(model);
        List<Meter> gone = meters.getMeters().stream()
                .filter(m -> model.equals(m.getId().getTag("model")))
                .filter(m -> !m.getId().getName().startsWith("seqae.retraining.")).toList();
        gone.forEach(meters::remove);
    }

    /** Buckets of training durations: 1 s to 2 h. */
    private static final Duration[] TRAINING_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(2)};

    private Counter counter(String name, String model, String help) {
        return Counter.builder(name).tag("model", model).description(help).register(meters);
    }

    private static double value(Map<String, TrainingListener.EpochStats> t, String model,
                                java.util.function.ToDoubleFunction<TrainingListener.EpochStats> f) {
        TrainingListener.EpochStats s = t.get(model);
        return s == null ? Double.NaN : f.applyAsDouble(s);
    }

    /** Latency buckets of this service (docs/operations.md, "Metrics"): 1 ms to 60 s. */
    public static final class Latency {
        /** The request-latency buckets. */
        public static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
                Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

        private Latency() {
        }
    }
}
