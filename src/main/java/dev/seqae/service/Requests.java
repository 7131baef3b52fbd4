package dev.seqae.service;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceChecks;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Request bodies to core inputs, with messages that name the bad field by its JSON path
 * ({@code sequences[3][17][2] is NaN}) and limits on how much one request may carry. NaN and
 * Infinity literals are parsed (so they can be reported by position) and then refused.
 */
public final class Requests {
    /** The one reader of every JSON body: strict (duplicate keys are an error), NaN literals read so they can be named. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Limits on one request.
     *
     * @param maxSequences sequences per request
     * @param maxSteps     steps per sequence (points per series for detect)
     */
    public record Limits(int maxSequences, int maxSteps) {
    }

    private Requests() {
    }

    /**
     * The body as a JSON tree; malformed JSON — including a key given twice and anything after the
     * value — is a 400 with line and column. A top-level field whose value is null counts as left
     * out.
     */
    public static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("the request body is empty");
        }
        requireUtf8(body);
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.createParser(body)) {
            JsonNode root = JSON.readTree(parser);
            if (root == null) {
                throw new InvalidInputException("the request body is empty");
            }
            JsonLocation end = parser.currentLocation();
            JsonLocation after = null;
            try {
                if (parser.nextToken() != null) {
                    after = parser.currentTokenLocation();
                }
            } catch (JsonProcessingException e) {
                after = end; // not a token: where the value ended
            }
            if (after != null) {
                throw new InvalidInputException("malformed JSON at line " + after.getLineNr() + ", column "
                        + after.getColumnNr() + ": unexpected text after the JSON value");
            }
            if (root instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                // a field given as null is a field left out (as generated clients send unset fields)
                object.properties().removeIf(e -> e.getValue().isNull());
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = e.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; ", "[")
                    .replaceFirst("^Duplicate field '(.*)'$", "the field '$1' is given twice");
            throw new InvalidInputException("malformed JSON" + where + ": " + why);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // reading a String: not expected
        }
    }

    /**
     * Every field of the object {@code node} must be one of {@code known}; another is a 400 that
     * names it (as {@code prefix.field}, or {@code field} for an empty prefix) and lists the known
     * ones. The one check of unknown fields for every body.
     */
    public static void requireKnownFields(JsonNode node, String prefix, java.util.Collection<String> known) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (java.util.Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new InvalidInputException("unknown field '" + (prefix.isEmpty() ? f : prefix + "." + f)
                        + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    /**
     * Sequences from {@code {"sequences": [...]}} or a bare array: each sequence an array of steps,
     * each step an array of numbers (or one number, for univariate sequences). {@code features < 0}
     * takes the width of the first step (training data for a new model).
     */
    public static List<float[][]> sequences(JsonNode root, int features, Limits limits) {
        JsonNode seqs = root.isArray() ? root : root.get("sequences");
        String path = root.isArray() ? "" : "sequences";
        if (seqs == null) {
            throw new InvalidInputException("missing field 'sequences' (an array of sequences, each an array of steps)");
        }
        if (!seqs.isArray()) {
            throw new InvalidInputException(label(path) + " must be an array of sequences, got " + kind(seqs));
        }
        if (seqs.isEmpty()) {
            throw new InvalidInputException(label(path) + " is empty: send at least one sequence");
        }
        if (seqs.size() > limits.maxSequences()) {
            throw ApiException.tooLarge(String.format(Locale.ROOT, "%d sequences in one request; the limit is %d "
                    + "(seqae.limits.max-sequences)", seqs.size(), limits.maxSequences()));
        }
        int width = features >= 0 ? features : width(seqs.get(0));
        List<float[][]> out = new ArrayList<>(seqs.size());
        for (int i = 0; i < seqs.size(); i++) {
            out.add(steps(seqs.get(i), path + "[" + i + "]", width, features >= 0, limits));
        }
        SequenceChecks.requireValid(out, width, "sequence", features >= 0 ? "model expects" : "the first has");
        return out;
    }

    /** The width of a sequence's first step: its length, 1 for a number, -1 when it cannot tell (steps() reports it). */
    private static int width(JsonNode seq) {
        if (seq == null || !seq.isArray() || seq.isEmpty()) {
            return -1;
        }
        JsonNode first = seq.get(0);
        return first.isArray() ? first.size() : first.isNumber() ? 1 : -1;
    }

    /** One series' points from an array of steps (the body of detect); {@code features < 0}: the first step's width. */
    public static float[][] steps(JsonNode node, String path, int features, Limits limits) {
        return steps(node, path, features >= 0 ? features : width(node), features >= 0, limits);
    }

    private static float[][] steps(JsonNode node, String path, int features, boolean expectedByModel, Limits limits) {
        if (node == null) {
            throw new InvalidInputException("missing field '" + path + "'");
        }
        if (!node.isArray()) {
            throw new InvalidInputException(path + " must be an array of steps, got " + kind(node));
        }
        if (node.isEmpty()) {
            throw new InvalidInputException(path + " is empty");
        }
        if (node.size() > limits.maxSteps()) {
            throw ApiException.tooLarge(String.format(Locale.ROOT, "%s has %d steps; the limit is %d "
                    + "(seqae.limits.max-steps)", path, node.size(), limits.maxSteps()));
        }
        float[][] steps = new float[node.size()][];
        for (int t = 0; t < steps.length; t++) {
            JsonNode step = node.get(t);
            String at = path + "[" + t + "]";
            if (step.isNumber()) {
                steps[t] = new float[] {number(step, at)};
            } else if (step.isArray()) {
                if (step.size() != features) {
                    throw new InvalidInputException(at + " has " + step.size() + " features, "
                            + (expectedByModel ? "model expects " : "the first step has ") + features);
                }
                steps[t] = new float[step.size()];
                for (int f = 0; f < step.size(); f++) {
                    steps[t][f] = number(step.get(f), at + "[" + f + "]");
                }
            } else {
                throw new InvalidInputException(at + " must be an array of numbers (one per feature), got "
                        + kind(step));
            }
            if (steps[t].length != features) {
                throw new InvalidInputException(at + " has " + steps[t].length + " features, "
                        + (expectedByModel ? "model expects " : "the first step has ") + features);
            }
        }
        return steps;
    }

    /**
     * A whole-number query parameter: {@code otherwise} when absent, else it must be between
     * {@code min} and {@code max} (a 400 that names the parameter).
     */
    static long query(String value, String name, long min, long max, long otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            long v = Long.parseLong(value.trim());
            if (v < min || v > max) {
                throw new InvalidInputException(name + " must be between " + min + " and " + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " must be an integer, got '" + value + "'");
        }
    }

    /** A JSON number as a float; anything else, NaN, infinity or out of float range is a 400 naming {@code path}. */
    static float number(JsonNode n, String path) {
        if (!n.isNumber()) {
            throw new InvalidInputException(path + " must be a number, got " + kind(n));
        }
        double v = n.doubleValue();
        if (Double.isNaN(v)) {
            throw new InvalidInputException(path + " is NaN");
        }
        if (Double.isInfinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw new InvalidInputException(path + " is infinite or out of float range");
        }
        return (float) v;
    }

    /** Sequences of a score-like request body: CSV when {@code contentType} is text/csv, JSON otherwise. */
    public static List<float[][]> sequences(String body, String contentType, int features, Limits limits) {
        return sequences(body, contentType, features, limits, CsvOptions.auto());
    }

    /** As above, a CSV body read with {@code csv} (see {@link #csvOptions}). */
    public static List<float[][]> sequences(String body, String contentType, int features, Limits limits,
                                            CsvOptions csv) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
            return csvSequences(body, features, limits, csv);
        }
        JsonNode root = json(body);
        requireKnownFields(root, "", List.of("sequences"));
        return sequences(root, features, limits);
    }

    /** The reading options a CSV body may come with, named as query parameters (snake_case). */
    static final List<String> CSV_PARAMETERS = List.of("layout", "label_column", "id_column", "header", "delimiter",
            "timestamp_column", "value_columns", "impute");

    /**
     * Reading options of a CSV body from query parameters named as the command line's options:
     * {@code layout}, {@code label_column}, {@code id_column}, {@code header}, {@code delimiter},
     * {@code timestamp_column}, {@code value_columns}, {@code impute}; a bad one is a 400 naming it.
     */
    static CsvOptions csvOptions(java.util.function.Function<String, String> query) {
        com.fasterxml.jackson.databind.node.ObjectNode csv =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (String k : CSV_PARAMETERS) {
            String v = query.apply(k);
            if (v != null) {
                csv.put(k, v);
            }
        }
        return TrainingRequests.CsvReading.parse(csv, "").options();
    }

    /** Sequences from CSV text in the layouts the command line reads (rows or long form; a time series is one sequence). */
    public static List<float[][]> csvSequences(String body, int features, Limits limits, CsvOptions csv) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("the request body is empty");
        }
        requireUtf8(body);
        Dataset d = CsvDataReader.read(body, "request body", csv);
        List<float[][]> out = d instanceof SequenceSet set ? set.values()
                : List.<float[][]>of(((TimeSeries) d).values());
        checkSequences(out, limits);
        SequenceChecks.requireValid(out, features, "sequence", "model expects");
        return out;
    }

    /**
     * A body that was not valid UTF-8 reaches the controller with U+FFFD where the bad bytes were
     * (the server decodes it so); that is a 400 that says where, never data.
     */
    static String requireUtf8(String body) {
        int at = body.indexOf('\uFFFD');
        if (at >= 0) {
            long line = body.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
            throw new InvalidInputException("the request body is not valid UTF-8 (line " + line + ", character "
                    + (at - body.lastIndexOf('\n', at - 1)) + ")");
        }
        return body;
    }

    /** The request limits on sequences read from CSV: their count and each one's steps (413). */
    static List<float[][]> checkSequences(List<float[][]> out, Limits limits) {
        if (out.size() > limits.maxSequences()) {
            throw ApiException.tooLarge(String.format(Locale.ROOT, "%d sequences in one request; the limit is %d "
                    + "(seqae.limits.max-sequences)", out.size(), limits.maxSequences()));
        }
        for (int i = 0; i < out.size(); i++) {
            checkSteps(out.get(i), "sequence " + i, limits);
        }
        return out;
    }

    /** The request limit on the steps of one sequence or series read from CSV (413). */
    static float[][] checkSteps(float[][] steps, String what, Limits limits) {
        if (steps.length > limits.maxSteps()) {
            throw ApiException.tooLarge(String.format(Locale.ROOT, "%s has %d steps; the limit is %d "
                    + "(seqae.limits.max-steps)", what, steps.length, limits.maxSteps()));
        }
        return steps;
    }

    private static String label(String path) {
        return path.isEmpty() ? "the body" : path;
    }

    static String kind(JsonNode n) {
        if (n.isArray()) {
            return "an array";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isTextual()) {
            return "the string \"" + (n.asText().length() > 20 ? n.asText().substring(0, 20) + "…" : n.asText())
                    + "\"";
        }
        if (n.isNull()) {
            return "null";
        }
        return n.isBoolean() ? "a boolean" : "a number";
    }
}
