package dev.seqae.spark;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The model settings of the training jobs, as {@code seqae train} takes them: a settings file and
 * single settings on top; read on the driver and sent to the executors as text, where
 * {@link ModelSettings} builds the same validated configuration.
 */
final class ModelOptions {
    @Option(names = "--config", description = "model settings file (key=value, as seqae train --config), read on the driver")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a model setting, as seqae train's options "
            + "(window=100, epochs=30, seed=7, ...); repeatable, over --config")
    List<String> set;

    /** The settings as keys and values. */
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        if (config != null) {
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new InvalidInputException("--config " + config + ": cannot read: " + e.getMessage(), e);
            }
            for (String k : p.stringPropertyNames()) {
                s.put(k, p.getProperty(k).trim());
            }
        }
        if (set != null) {
            for (String kv : set) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidInputException("--set '" + kv + "': give KEY=VALUE");
                }
                s.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        if (s.containsKey("threads") && !s.get("threads").equals("1")) {
            throw new InvalidInputException("--set threads: the Spark jobs compute on one thread per task (one task per "
                    + "core); leave threads out");
        }
        build(s);
        return s;
    }

    boolean given() {
        return config != null || (set != null && !set.isEmpty());
    }

    /** The validated configuration of {@code settings} (on the driver or in an executor). */
    static ModelConfig build(Map<String, String> settings) {
        ModelSettings m = new ModelSettings();
        settings.forEach((k, v) -> m.set(k, v, "--set " + k));
        return m.build();
    }
}
