package dev.seqae.model;

import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.anomaly.ScoreKind;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.Normalizer;
import dev.seqae.data.Corruption;
import dev.seqae.errors.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Model settings from a properties file ({@code --config}) and the command line, the latter
 * winning, turned into a validated {@link ModelConfig}. Keys are the long option names without
 * dashes: {@code encoder=64,32}, {@code latent=16}, {@code decoder-kind=conditional}, … The
 * command line and the service's training requests both build their configurations here.
 */
public final class ModelSettings {
    /** Every setting's key. */
    public static final Set<String> KEYS = Set.of("encoder", "decoder", "latent", "decoder-kind", "reverse", "dropout",
            "l2", "lr", "updater", "batch", "epochs", "patience", "validation", "seed", "normalization", "window",
            "stride", "score", "threshold", "percentile", "k", "alpha", "engine", "threads", "noise", "mask", "spikes",
            "spike-magnitude", "validation-split", "min-delta", "restore-best", "bidirectional",
            "prediction-heads");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origin = new LinkedHashMap<>();

    /** Adds every key of a properties file; unknown keys are an error. */
    public ModelSettings file(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read configuration: " + e.getMessage(), e);
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new InvalidInputException(file + ": unknown setting '" + key + "' (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
            put(key, p.getProperty(key).trim(), file + ": " + key);
        }
        return this;
    }

    /** Adds a command-line value when given. */
    public ModelSettings option(String key, Object value) {
        if (value != null) {
            put(key, value.toString(), "--" + key);
        }
        return this;
    }

    /**
     * Adds a value from elsewhere (a request body); {@code where} names it in messages. Unknown
     * keys are an error.
     */
    public ModelSettings set(String key, String value, String where) {
        if (!KEYS.contains(key)) {
            throw new InvalidInputException(where + ": unknown setting '" + key + "' (known: "
                    + String.join(", ", KEYS.stream().sorted().toList()) + ")");
        }
        put(key, value, where);
        return this;
    }

    private void put(String key, String value, String where) {
        values.put(key, value);
        origin.put(key, where);
    }

    /** The validated configuration: defaults, overridden by every value added. */
    public ModelConfig build() {
        ModelConfig d = ModelConfig.defaults();
        AnomalyConfig a = d.anomaly();
        AnomalyConfig anomaly = new AnomalyConfig(
                enumValue("score", ScoreKind.class, a.score()),
                enumValue("threshold", ThresholdStrategy.class, a.strategy()),
                dbl("percentile", a.percentile()), dbl("k", a.k()), dbl("alpha", a.alpha()));
        try {
            return config(d, anomaly);
        } catch (InvalidInputException e) {
            // ModelConfig's messages start with the setting's name: say where it was given (--latent, config.latent)
            String key = e.getMessage().split(" ", 2)[0];
            if (KEYS.contains(key) && origin.containsKey(key)) {
                throw new InvalidInputException(where(key) + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private ModelConfig config(ModelConfig d, AnomalyConfig anomaly) {
        return new ModelConfig(
                sizes("encoder", d.encoderSizes()), sizes("decoder", d.decoderSizes()), integer("latent", d.latentSize()),
                enumValue("decoder-kind", DecoderKind.class, d.decoder()), bool("reverse", d.reversed()),
                bool("bidirectional", d.bidirectional()), dbl("prediction-heads", d.predictionWeight()),
                dbl("dropout", d.dropout()), dbl("l2", d.l2()), dbl("lr", d.learningRate()),
                enumValue("updater", UpdaterKind.class, d.updater()), integer("batch", d.batchSize()),
                integer("epochs", d.maxEpochs()), integer("patience", d.patience()),
                dbl("validation", d.validationFraction()), lng("seed", d.seed()),
                enumValue("normalization", Normalizer.Kind.class, d.normalization()),
                integer("window", d.window()), integer("stride", d.stride()), anomaly,
                enumValue("engine", Engine.class, d.engine()), corruption(), fitting());
    }

    /** The denoising corruption ({@code noise}, {@code mask}, {@code spikes}, {@code spike-magnitude}, default 3). */
    private Corruption corruption() {
        double spikes = dbl("spikes", 0);
        try {
            return new Corruption(dbl("noise", 0), dbl("mask", 0), spikes, dbl("spike-magnitude", 3));
        } catch (InvalidInputException e) {
            String key = e.getMessage().startsWith("noise") ? "noise" : e.getMessage().startsWith("mask") ? "mask"
                    : e.getMessage().startsWith("spike rate") ? "spikes" : "spike-magnitude";
            throw new InvalidInputException(where(key) + ": " + e.getMessage(), e);
        }
    }

    /** {@code validation-split=random|tail}, {@code min-delta}, {@code restore-best=true|false}. */
    private ModelConfig.Fitting fitting() {
        String split = values.getOrDefault("validation-split", "random").trim();
        if (!split.equals("random") && !split.equals("tail")) {
            throw new InvalidInputException(where("validation-split") + ": '" + split + "' is not random or tail");
        }
        double minDelta = dbl("min-delta", 0);
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new InvalidInputException(where("min-delta") + ": min-delta must be >= 0, got " + minDelta);
        }
        return new ModelConfig.Fitting(split.equals("tail"), minDelta, bool("restore-best", true));
    }

    /** Training threads (not part of the model definition, but recorded in its provenance). */
    public int threads() {
        int t = integer("threads", 1);
        if (t < 1) {
            throw new InvalidInputException(where("threads") + ": threads must be >= 1, got " + t);
        }
        return t;
    }

    private String where(String key) {
        return origin.getOrDefault(key, key);
    }

    private <T> T parse(String key, T fallback, java.util.function.Function<String, T> parser, String expected) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return parser.apply(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where(key) + ": '" + v + "' is not " + expected);
        }
    }

    private int integer(String key, int fallback) {
        return parse(key, fallback, Integer::parseInt, "an integer");
    }

    private long lng(String key, long fallback) {
        return parse(key, fallback, Long::parseLong, "an integer");
    }

    private double dbl(String key, double fallback) {
        return parse(key, fallback, v -> {
            double x = Double.parseDouble(v);
            if (!Double.isFinite(x)) {
                throw new NumberFormatException(v);
            }
            return x;
        }, "a finite number");
    }

    private boolean bool(String key, boolean fallback) {
        return parse(key, fallback, v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(v);
            }
            return Boolean.parseBoolean(v);
        }, "true or false");
    }

    private int[] sizes(String key, int[] fallback) {
        String v = values.get(key);
        return v == null ? fallback : Options.sizes(where(key), v);
    }

    private <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        String v = values.get(key);
        return v == null ? fallback : Options.parseEnum(type, where(key), v);
    }
}
