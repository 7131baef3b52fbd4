package dev.seqae.cli;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.TrainingListener;
import dev.seqae.retraining.RetrainingPlan;
import dev.seqae.retraining.RetrainingScheduler;
import dev.seqae.service.DefaultModel;
import dev.seqae.service.ModelRegistry;
import dev.seqae.service.Readiness;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seqae serve}: the HTTP service. Loads every model of the models folder; when there is
 * none, trains the default ECG5000 model there in the background (as {@code seqae quickstart}
 * does), with the port already answering liveness. Every setting comes from Micronaut's
 * configuration (files, -D, environment); the options here are only set on top of it. Runs until
 * interrupted (Ctrl-C / SIGTERM: the listener stops accepting, requests in flight finish within the
 * grace period, then it stops).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the models of a folder over HTTP (/api/v1/models...); trains the default ECG5000 model "
                + "first when the folder has none.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "HTTP port (default: micronaut.server.port, 8080)")
    Integer port;

    @Option(names = "--models-dir", description = "the models folder (default: seqae.models-dir, 'models')")
    Path modelsDir;

    @Option(names = "--data-dir", description = "ECG5000 data for the default model (default: "
            + "seqae.default-model.data-dir, datasets/ecg5000)")
    Path dataDir;

    @Option(names = "--config", description = "settings of the default model (default: "
            + "seqae.default-model.config, config/ecg5000.properties)")
    Path config;

    @Option(names = "--native-memory", description = "the most native (off-heap) memory the models' computations "
            + "may hold, e.g. 3g (default: seqae.native-memory, 3g; SEQAE_NATIVE_MEMORY); a request that needs more "
            + "is refused with 503 instead of the process growing")
    String nativeMemory;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> props = new LinkedHashMap<>();
        if (port != null) {
            props.put("micronaut.server.port", port);
        }
        if (modelsDir != null) {
            props.put("seqae.models-dir", modelsDir.toString());
        }
        if (dataDir != null) {
            props.put("seqae.default-model.data-dir", dataDir.toString());
        }
        if (config != null) {
            props.put("seqae.default-model.config", config.toString());
        }
        if (nativeMemory != null) {
            props.put("seqae.native-memory", nativeMemory);
        }
        // before ND4J and JavaCPP load (the models load when the context starts): their allocations are
        // counted against this bound. Read from the same configuration the service reads (files, -D, env).
        System.setProperty("org.bytedeco.javacpp.maxbytes", nativeBound(props));
        // Micronaut's own shutdown hook stops the server on SIGTERM / Ctrl-C, gracefully
        // (micronaut.lifecycle.graceful-shutdown); a second hook closing the context deadlocks with it
        Micronaut app = new Micronaut() {
            @Override
            protected void handleStartupException(Environment environment, Throwable exception) {
                // instead of Micronaut's log line with a stack trace and System.exit: a mistake in the
                // configuration is reported as bad input (one line, exit code 2)
                throw configurationError(exception);
            }
        };
        // the port opens at once; on an empty models folder the default model trains in the background
        // (FirstStart), and readiness says so until it serves
        ApplicationContext ctx = app.properties(props).singletons(new Ecg5000Default()).start();
        EmbeddedServer server = ctx.getBean(EmbeddedServer.class);
        ModelRegistry registry = ctx.getBean(ModelRegistry.class);
        System.err.printf("seqae serve: %d model(s) %s from %s on %s/api/v1/models%n", registry.names().size(),
                registry.names(), registry.dir(), server.getURL());
        registry.failures().forEach((f, why) -> System.err.println("seqae serve: not loaded: " + f + ": " + why));
        ctx.getBean(Readiness.class).reason().ifPresent(r -> System.err.println("seqae serve: not ready yet: " + r));
        RetrainingScheduler retraining = ctx.getBean(RetrainingScheduler.class);
        boolean scheduled = ctx.getProperty("seqae.retraining.enabled", Boolean.class).orElse(true);
        for (RetrainingPlan p : retraining.plans()) {
            var next = retraining.status(p.model()).map(RetrainingScheduler.Status::nextRun).orElse(null);
            System.err.printf("seqae serve: retraining '%s' at '%s' (%s) on %s: %s%n", p.model(), p.schedule(),
                    p.zone(), p.source().describe(), !scheduled ? "scheduler off (seqae.retraining.enabled)"
                    : !p.enabled() ? "disabled" : next == null ? "never fires" : "next " + next.toOffsetDateTime());
        }
        while (server.isRunning()) {
            Thread.sleep(500);
        }
        return 0;
    }

    /** {@code seqae.native-memory} as the service's configuration resolves it, checked. */
    private static String nativeBound(Map<String, Object> props) {
        String bound;
        try (ApplicationContext probe = ApplicationContext.builder().properties(props).deduceEnvironment(false)
                .build()) {
            probe.getEnvironment().start();
            bound = probe.getEnvironment().getProperty("seqae.native-memory", String.class).orElse("3g").trim();
        }
        if (!bound.matches("\\d+[kKmMgGtT]?")) {
            throw new InvalidInputException("--native-memory (seqae.native-memory): '" + bound
                    + "' is not a size such as 3g or 2048m");
        }
        return bound;
    }

    /** The default model of a first start: {@code seqae quickstart}'s ECG5000 model. */
    private static final class Ecg5000Default implements DefaultModel {
        @Override
        public String name() {
            return "ecg5000";
        }

        @Override
        public SeqAutoencoderModel train(Path dataDir, Path config, TrainingListener progress) {
            return QuickstartCommand.trainEcg5000(dataDir, config, progress);
        }
    }

    /** A mistake in the configuration (the cause Micronaut wrapped) as the user-facing error it is. */
    private static RuntimeException configurationError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException bad) {
                return new InvalidInputException("configuration: " + bad.getMessage(), e);
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("the service did not start: " + e, e);
    }
}
