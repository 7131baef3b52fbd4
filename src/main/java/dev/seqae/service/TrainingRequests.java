package dev.seqae.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.Dataset;
import dev.seqae.data.Imputation;
import dev.seqae.data.LabeledSequence;
import dev.seqae.data.Layout;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelSettings;
import dev.seqae.model.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/v1/models/{name}/train}: settings in {@code config} (the keys of
 * {@code seqae train}'s options: {@code {"encoder": "64,32", "epochs": 20, ...}}) and exactly one
 * source of data — {@code sequences} inline, {@code values} (one time series, with a
 * {@code window} in the config) inline, or {@code dataset}, a file under the service's data folder
 * read as the command line reads it ({@code csv}: layout, label_column, normal_labels, ...).
 */
public final class TrainingRequests {
    private static final Set<String> FIELDS = Set.of("config", "sequences", "values", "feature_names", "dataset",
            "csv");
    static final Set<String> CSV_FIELDS = Set.of("layout", "delimiter", "header", "timestamp_column",
            "value_columns", "label_column", "id_column", "impute", "normal_labels");

    private TrainingRequests() {
    }

    /** A parsed request. */
    public record Parsed(ModelConfig config, int threads, Dataset data, String description) {
    }

    /** As {@link #parse(JsonNode, Path, Requests.Limits, TrainingLimits)} with the default training limits. */
    public static Parsed parse(JsonNode root, Path dataDir, Requests.Limits limits) {
        return parse(root, dataDir, limits, TrainingLimits.defaults());
    }

    /**
     * Parses and validates the body; everything wrong — a setting beyond {@code training}'s
     * limits or a window that does not fit the data included — is a 400 that names the field.
     */
    public static Parsed parse(JsonNode root, Path dataDir, Requests.Limits limits, TrainingLimits training) {
        if (!root.isObject()) {
            throw new InvalidInputException("the body must be an object with 'config' and one of 'sequences', "
                    + "'values' or 'dataset', got " + Requests.kind(root));
        }
        Requests.requireKnownFields(root, "", FIELDS);
        ModelSettings settings = new ModelSettings();
        JsonNode config = root.get("config");
        if (config != null && !config.isNull()) {
            if (!config.isObject()) {
                throw new InvalidInputException("config must be an object of settings, got " + Requests.kind(config));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                settings.set(e.getKey(), scalar(e.getValue(), "config." + e.getKey()), "config." + e.getKey());
            }
        }
        ModelConfig cfg = settings.build();
        int threads = settings.threads();
        int sources = (root.has("sequences") ? 1 : 0) + (root.has("values") ? 1 : 0) + (root.has("dataset") ? 1 : 0);
        if (sources != 1) {
            throw new InvalidInputException("give exactly one of 'sequences', 'values' or 'dataset' (got " + sources
                    + ")");
        }
        if (root.has("csv") && !root.has("dataset")) {
            throw new InvalidInputException("'csv' options apply to a 'dataset' file only");
        }
        Dataset data;
        String description;
        if (root.has("dataset")) {
            Path file = datasetFile(dataDir, root.get("dataset"));
            data = read(file, root.get("csv"));
            description = "dataset " + dataDir.toAbsolutePath().normalize().relativize(file);
        } else if (root.has("sequences")) {
            List<float[][]> seqs = Requests.sequences(root, -1, limits);
            int features = seqs.get(0)[0].length;
            List<LabeledSequence> list = new ArrayList<>();
            for (int i = 0; i < seqs.size(); i++) {
                list.add(new LabeledSequence(String.valueOf(i), null, seqs.get(i)));
            }
            data = new SequenceSet("request body", list, names(root.get("feature_names"), features));
            description = "request body (" + seqs.size() + " sequences)";
        } else {
            float[][] values = Requests.steps(root.get("values"), "values", -1, limits);
            data = new TimeSeries("request body", null, values, names(root.get("feature_names"), values[0].length));
            description = "request body (time series, " + values.length + " points)";
        }
        if (data instanceof TimeSeries && cfg.window() <= 0) {
            throw new InvalidInputException("training on a time series needs config.window (the window length)");
        }
        training.check(cfg, threads, data);
        return new Parsed(cfg, threads, data, description);
    }

    private static String scalar(JsonNode v, String where) {
        if (v.isValueNode() && !v.isNull()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode n : v) {
                if (!n.isIntegralNumber()) {
                    throw new InvalidInputException(where + ": expected a list of integers, got " + v);
                }
                parts.add(n.asText());
            }
            return String.join(",", parts);
        }
        throw new InvalidInputException(where + ": expected a value, got " + Requests.kind(v));
    }

    private static String[] names(JsonNode n, int features) {
        if (n == null || n.isNull()) {
            String[] out = new String[features];
            for (int f = 0; f < features; f++) {
                out[f] = features == 1 ? "value" : "f" + f;
            }
            return out;
        }
        if (!n.isArray() || n.size() != features) {
            throw new InvalidInputException("feature_names must be an array of " + features + " names, got "
                    + (n.isArray() ? n.size() + " names" : Requests.kind(n)));
        }
        String[] out = new String[features];
        for (int f = 0; f < features; f++) {
            out[f] = n.get(f).asText();
        }
        return out;
    }

    /** A file under {@code dataDir}: relative, no '..', no absolute path, must exist. */
    static Path datasetFile(Path dataDir, JsonNode n) {
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new InvalidInputException("dataset must be a file name under the data folder, got "
                    + (n == null ? "nothing" : Requests.kind(n)));
        }
        String name = n.asText();
        Path rel;
        try {
            rel = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidInputException("dataset '" + name + "' is not a valid file name");
        }
        Path root = dataDir.toAbsolutePath().normalize();
        Path file = root.resolve(rel).normalize();
        if (rel.isAbsolute() || name.contains("..") || name.startsWith("~") || !file.startsWith(root)) {
            throw new InvalidInputException("dataset '" + name + "' must be a relative path inside the data folder "
                    + "(no '..', no absolute paths)");
        }
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("dataset '" + name + "' not found in the data folder");
        }
        return file;
    }

    /**
     * A dataset file of the data folder read with the reading options in {@code csv} (an object
     * with layout, label_column, ...; null for auto-detection): what {@code train} and the
     * {@code ?dataset=} of the latent and plot endpoints read.
     */
    static Dataset readDataset(Path dataDir, String dataset, JsonNode csv) {
        return read(datasetFile(dataDir, dataset == null ? null
                : com.fasterxml.jackson.databind.node.TextNode.valueOf(dataset)), csv);
    }

    private static Dataset read(Path file, JsonNode csv) {
        return CsvReading.parse(csv, "csv").read(file);
    }

    /**
     * Reading options given as an object ({@code layout}, {@code label_column}, ...,
     * {@code normal_labels}): validated once, applied to any number of files.
     *
     * @param options      how to read
     * @param normalLabels when not empty, only sequences with these labels are kept
     */
    record CsvReading(CsvOptions options, List<String> normalLabels) {
        private static String at(String prefix, String field) {
            return prefix.isEmpty() ? field : prefix + "." + field;
        }

        /** Parses {@code csv} (null: detect everything); errors name the field as {@code prefix.field} ({@code field} for an empty prefix). */
        static CsvReading parse(JsonNode csv, String prefix) {
            if (csv != null && !csv.isNull() && !csv.isObject()) {
                throw new InvalidInputException(prefix + " must be an object of reading options, got "
                        + Requests.kind(csv));
            }
            Requests.requireKnownFields(csv, prefix, CSV_FIELDS);
            Character delimiter = CsvOptions.delimiter(text(csv, "delimiter"), at(prefix, "delimiter"));
            String header = text(csv, "header");
            CsvOptions options = new CsvOptions(
                    Options.parseEnum(Layout.class, at(prefix, "layout"), orElse(text(csv, "layout"), "auto")),
                    delimiter, header == null ? null : Boolean.valueOf(header), text(csv, "timestamp_column"),
                    list(csv, "value_columns"), text(csv, "label_column"), text(csv, "id_column"),
                    Options.parseEnum(Imputation.class, at(prefix, "impute"), orElse(text(csv, "impute"), "none")));
            List<String> normal = list(csv, "normal_labels");
            if (!normal.isEmpty() && options.labelColumn() == null) {
                throw new InvalidInputException(at(prefix, "normal_labels") + " needs " + at(prefix, "label_column"));
            }
            return new CsvReading(options, normal);
        }

        /** Reads {@code file}; with normal labels, keeps the sequences that have one of them. */
        Dataset read(Path file) {
            Dataset data = CsvDataReader.read(file, file.getFileName().toString(), options); // no server path
            if (normalLabels.isEmpty()) {
                return data;
            }
            if (!(data instanceof SequenceSet set) || set.sequences().stream().anyMatch(s -> s.label() == null)) {
                throw new InvalidInputException(file.getFileName() + ": normal_labels needs labelled sequences "
                        + "(label_column)");
            }
            SequenceSet kept = set.filter(s -> normalLabels.contains(s.label()));
            if (kept.size() == 0) {
                throw new InvalidInputException(file.getFileName() + ": no sequence has a label in " + normalLabels);
            }
            return kept;
        }
    }

    private static String orElse(String v, String fallback) {
        return v == null ? fallback : v;
    }

    private static String text(JsonNode csv, String field) {
        if (csv == null || !csv.hasNonNull(field)) {
            return null;
        }
        JsonNode v = csv.get(field);
        if (!v.isValueNode()) {
            throw new InvalidInputException("csv." + field + " must be a value, got " + Requests.kind(v));
        }
        return v.asText();
    }

    private static List<String> list(JsonNode csv, String field) {
        if (csv == null || !csv.hasNonNull(field)) {
            return List.of();
        }
        JsonNode v = csv.get(field);
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        } else {
            for (String s : v.asText().split(",")) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
