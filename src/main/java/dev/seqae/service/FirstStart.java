package dev.seqae.service;

import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.TrainingListener;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start: when the models folder has no model at all (none loaded, none that failed to load),
 * the {@link DefaultModel} is trained in the background once the listener is up, and published into
 * the registry. Until then liveness answers UP and readiness DOWN with the epoch it is at; a
 * failure leaves readiness DOWN with the reason, and the service serves models added later.
 */
@Singleton
@Requires(beans = DefaultModel.class)
public class FirstStart implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(FirstStart.class);

    private final ModelRegistry registry;
    private final DefaultModel model;
    private final Readiness readiness;
    private final Path dataDir;
    private final Path config;
    private final boolean enabled;

    public FirstStart(ModelRegistry registry, DefaultModel model, Readiness readiness,
                      @Value("${seqae.default-model.data-dir:datasets/ecg5000}") String dataDir,
                      @Value("${seqae.default-model.config:config/ecg5000.properties}") String config,
                      @Value("${seqae.default-model.enabled:true}") boolean enabled) {
        this.registry = registry;
        this.model = model;
        this.readiness = readiness;
        this.dataDir = Path.of(dataDir);
        this.config = Path.of(config);
        this.enabled = enabled;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (!enabled || !registry.names().isEmpty() || !registry.failures().isEmpty()) {
            return;
        }
        String what = "training the default model '" + model.name() + "' into " + registry.dir();
        readiness.pending(what);
        LOG.info("no models in {}: {}", registry.dir(), what);
        Thread t = new Thread(() -> train(what), "seqae-first-start");
        t.setDaemon(true);
        t.start();
    }

    private void train(String what) {
        TrainingListener progress = new TrainingListener() {
            @Override
            public void onEpoch(EpochStats s) {
                readiness.pending(String.format(Locale.ROOT, "%s (epoch %d of at most %d)", what, s.epoch(),
                        s.maxEpochs()));
            }

            @Override
            public boolean cancelled() {
                return readiness.isStopping();
            }
        };
        try {
            SeqAutoencoderModel m = model.train(dataDir, config, progress);
            if (readiness.isStopping()) {
                LOG.warn("the default model was not published: the service is shutting down");
                return;
            }
            int v = registry.publish(model.name(), m, "first start", m.provenance().trainingFigures());
            readiness.pending(null);
            LOG.info("default model '{}' v{} trained and served", model.name(), v);
        } catch (Exception | OutOfMemoryError e) {
            LOG.error("the default model could not be trained", e);
            readiness.pending("the default model could not be trained (" + Problems.scrub(e.getMessage())
                    + "); add a model to " + registry.dir() + " or train one over HTTP");
        }
    }
}
