package dev.seqae.cli;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.retraining.RetrainingPlan;
import dev.seqae.retraining.RetrainingScheduler;
import dev.seqae.service.ModelRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seqae serve}: the HTTP service. Loads every model of the models folder; when there is
 * none, first trains the default ECG5000 model there (as {@code seqae quickstart} does) so that
 * the service is useful at once. Runs until interrupted (Ctrl-C / SIGTERM: in-flight requests
 * finish, then it stops).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the models of a folder over HTTP (/api/v1/models...); trains the default ECG5000 model "
                + "first when the folder has none.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "HTTP port (default: micronaut.server.port, 8080)")
    Integer port;

    @Option(names = "--models-dir", description = "the models folder (default: seqae.models-dir, 'models')")
    Path modelsDir;

    @Option(names = "--data-dir", description = "ECG5000 data for the default model (default ${DEFAULT-VALUE})",
            defaultValue = "datasets/ecg5000")
    Path dataDir;

    @Option(names = "--config", description = "settings of the default model (default ${DEFAULT-VALUE})",
            defaultValue = "config/ecg5000.properties")
    Path config;

    @Option(names = "--native-memory", description = "the most native (off-heap) memory the models' computations "
            + "may hold, e.g. 3g (default: SEQAE_NATIVE_MEMORY, else ${DEFAULT-VALUE}); a request that needs more is "
            + "refused with 503 instead of the process growing", defaultValue = "3g")
    String nativeMemory;

    @Override
    public Integer call() throws Exception {
        // before ND4J and JavaCPP load: their allocations are counted against this bound (no /proc polling)
        String bound = System.getenv("SEQAE_NATIVE_MEMORY") != null && !System.getenv("SEQAE_NATIVE_MEMORY").isBlank()
                ? System.getenv("SEQAE_NATIVE_MEMORY").trim() : nativeMemory.trim();
        if (!bound.matches("\\d+[kKmMgGtT]?")) {
            throw new InvalidInputException("--native-memory: '" + bound + "' is not a size such as 3g or 2048m");
        }
        System.setProperty("org.bytedeco.javacpp.maxbytes", bound);
        Map<String, Object> props = new LinkedHashMap<>();
        if (port != null) {
            props.put("micronaut.server.port", port);
        }
        if (modelsDir != null) {
            props.put("seqae.models-dir", modelsDir.toString());
        }
        String dir = modelsDir != null ? modelsDir.toString()
                : System.getProperty("seqae.models-dir", envOr("SEQAE_MODELS_DIR", "models"));
        Path models = Path.of(dir);
        if (!hasModels(models)) {
            System.err.println("seqae serve: no models in " + models + "; training the default ECG5000 model first");
            SeqAutoencoderModel m = QuickstartCommand.trainEcg5000(dataDir, config);
            Files.createDirectories(models);
            ModelFile.save(m, models.resolve("ecg5000.seqae"));
        }
        // Micronaut's own shutdown hook stops the server on SIGTERM / Ctrl-C (a second hook closing the
        // context as well deadlocks with it)
        Micronaut app = new Micronaut() {
            @Override
            protected void handleStartupException(Environment environment, Throwable exception) {
                // instead of Micronaut's log line with a stack trace and System.exit: a mistake in the
                // configuration is reported as bad input (one line, exit code 2)
                throw configurationError(exception);
            }
        };
        ApplicationContext ctx = app.properties(props).start();
        EmbeddedServer server = ctx.getBean(EmbeddedServer.class);
        ModelRegistry registry = ctx.getBean(ModelRegistry.class);
        System.err.printf("seqae serve: %d model(s) %s from %s on %s/api/v1/models%n", registry.names().size(),
                registry.names(), registry.dir(), server.getURL());
        registry.failures().forEach((f, why) -> System.err.println("seqae serve: not loaded: " + f + ": " + why));
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

    /** A mistake in the configuration (the cause Micronaut wrapped) as the user-facing error it is. */
    private static RuntimeException configurationError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException bad) {
                return new InvalidInputException("configuration: " + bad.getMessage(), e);
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("the service did not start: " + e, e);
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static boolean hasModels(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            // a loose model file, or a model folder of the registry with an active version
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".seqae")
                    || Files.isRegularFile(p.resolve("ACTIVE")));
        }
    }
}
