package dev.seqae.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceSet;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.retraining.Cron;
import dev.seqae.retraining.RetrainingPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Retraining plans from configuration: {@code seqae.retraining.models.<model>.<key>} (see
 * docs/retraining.md). Every mistake is an error that names the key, raised when the service
 * starts — not at 3 a.m. when the schedule fires.
 */
public final class RetrainingConfig {
    static final String PREFIX = "seqae.retraining.models";
    private static final Set<String> KEYS = Set.of("schedule", "zone", "enabled", "dataset", "rows", "days", "csv-dir",
            "holdout", "tolerance", "f1-tolerance", "min-records", "epochs", "threads");
    private static final Set<String> GROUPS = Set.of("csv", "labelled");

    private RetrainingConfig() {
    }

    /**
     * The plans in {@code flat}: the properties under {@value #PREFIX}, keys relative to it
     * ({@code "ecg.schedule" -> "0 3 * * *"}, {@code "ecg.csv.label-column" -> "0"}).
     *
     * @param zone the default zone of schedules ({@code seqae.retraining.zone})
     */
    public static List<RetrainingPlan> plans(Map<String, Object> flat, ZoneId zone) {
        Map<String, Map<String, String>> byModel = new TreeMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot < 0) {
                throw new InvalidInputException(PREFIX + "." + e.getKey() + ": expected the settings of a model "
                        + "(" + PREFIX + ".<model>.schedule, ...)");
            }
            byModel.computeIfAbsent(e.getKey().substring(0, dot), k -> new LinkedHashMap<>())
                    .put(e.getKey().substring(dot + 1), value(e.getValue()));
        }
        List<RetrainingPlan> plans = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : byModel.entrySet()) {
            plans.add(plan(e.getKey(), e.getValue(), zone));
        }
        return plans;
    }

    private static String value(Object v) {
        if (v instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    static RetrainingPlan plan(String model, Map<String, String> s, ZoneId defaultZone) {
        String at = PREFIX + "." + model;
        ModelRegistry.checkName(model);
        for (String key : s.keySet()) {
            int dot = key.indexOf('.');
            boolean known = dot < 0 ? KEYS.contains(key) : GROUPS.contains(key.substring(0, dot));
            if (!known) {
                throw new InvalidInputException(at + "." + key + " is not a retraining setting (known: "
                        + String.join(", ", new java.util.TreeSet<>(KEYS)) + ", csv.*, labelled.*)");
            }
        }
        try {
            Cron schedule = Cron.parse(required(s, "schedule", at));
            ZoneId zone = s.containsKey("zone") ? zone(s.get("zone"), at + ".zone") : defaultZone;
            boolean enabled = bool(s.getOrDefault("enabled", "true"), at + ".enabled");
            if (s.containsKey("dataset") == s.containsKey("csv-dir")) {
                throw new InvalidInputException(at + ": give exactly one of dataset (an intake dataset) or csv-dir "
                        + "(a folder of CSV files) as the training window");
            }
            RetrainingPlan.Source source;
            if (s.containsKey("dataset")) {
                if (group(s, "csv").size() > 0) {
                    throw new InvalidInputException(at + ".csv: reading options apply to csv-dir only");
                }
                String dataset = s.get("dataset");
                Integer rows = s.containsKey("rows") ? integer(s.get("rows"), at + ".rows") : null;
                Duration age = s.containsKey("days") ? Duration.ofMinutes(Math.round(
                        number(s.get("days"), at + ".days") * 24 * 60)) : null;
                if (rows == null && age == null) {
                    throw new InvalidInputException(at + ": give rows and/or days (the training window of dataset '"
                            + dataset + "')");
                }
                source = new RetrainingPlan.IntakeSource(dataset, rows, age);
            } else {
                if (s.containsKey("rows") || s.containsKey("days")) {
                    throw new InvalidInputException(at + ": rows and days apply to a dataset; csv-dir uses every "
                            + "file of the folder");
                }
                source = files(Path.of(s.get("csv-dir")), group(s, "csv"), at);
            }
            RetrainingPlan.LabelledSet labelled = null;
            Map<String, String> lab = group(s, "labelled");
            if (!lab.isEmpty()) {
                labelled = labelled(lab, at + ".labelled");
            }
            return new RetrainingPlan(model, schedule, zone, enabled, source,
                    number(s.getOrDefault("holdout", "0.2"), at + ".holdout"),
                    number(s.getOrDefault("tolerance", "0.1"), at + ".tolerance"), labelled,
                    number(s.getOrDefault("f1-tolerance", "0.02"), at + ".f1-tolerance"),
                    integer(s.getOrDefault("min-records", "100"), at + ".min-records"),
                    s.containsKey("epochs") ? integer(s.get("epochs"), at + ".epochs") : null,
                    integer(s.getOrDefault("threads", "1"), at + ".threads"));
        } catch (InvalidInputException e) {
            throw e.getMessage().startsWith(at) ? e : new InvalidInputException(at + ": " + e.getMessage(), e);
        }
    }

    /** Every .csv/.tsv file of {@code dir}, by name (name them so that the oldest sorts first). */
    private static RetrainingPlan.FileSource files(Path dir, Map<String, String> csv, String at) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(at + ".csv-dir: " + dir + " is not a folder");
        }
        TrainingRequests.CsvReading reading = reading(csv, at + ".csv");
        return new RetrainingPlan.FileSource("the CSV files of " + dir, () -> {
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return Files.isRegularFile(p) && (n.endsWith(".csv") || n.endsWith(".tsv"));
                }).sorted().toList();
            } catch (IOException e) {
                throw new InvalidInputException(dir + ": cannot list the folder: " + e.getMessage(), e);
            }
            List<Dataset> out = new ArrayList<>();
            for (Path f : files) {
                out.add(reading.read(f));
            }
            return out;
        });
    }

    private static RetrainingPlan.LabelledSet labelled(Map<String, String> lab, String at) {
        Path file = Path.of(required(lab, "file", at));
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(at + ".file: " + file + " is not a file");
        }
        Map<String, String> csv = new LinkedHashMap<>(lab);
        csv.remove("file");
        String normal = csv.remove("normal-labels");
        if (normal == null || normal.isBlank()) {
            throw new InvalidInputException(at + ".normal-labels: the labels of normal sequences must be given "
                    + "(the others count as anomalies)");
        }
        if (!csv.containsKey("label-column")) {
            throw new InvalidInputException(at + ".label-column must be given");
        }
        TrainingRequests.CsvReading reading = reading(csv, at);
        Set<String> normalLabels = new HashSet<>();
        for (String l : normal.split(",")) {
            normalLabels.add(l.trim());
        }
        return new RetrainingPlan.LabelledSet(file.toString(), () -> {
            Dataset d = reading.read(file);
            if (!(d instanceof SequenceSet set) || set.sequences().stream().anyMatch(q -> q.label() == null)) {
                throw new InvalidInputException(file + ": the labelled set must hold labelled sequences");
            }
            return set;
        }, Set.copyOf(normalLabels));
    }

    private static Map<String, String> group(Map<String, String> s, String group) {
        Map<String, String> out = new LinkedHashMap<>();
        s.forEach((k, v) -> {
            if (k.startsWith(group + ".")) {
                out.put(k.substring(group.length() + 1), v);
            }
        });
        return out;
    }

    /** Reading options from configuration keys; a mistake names the key as it is written there (kebab-case). */
    private static TrainingRequests.CsvReading reading(Map<String, String> csv, String at) {
        List<String> known = TrainingRequests.CSV_FIELDS.stream().map(f -> f.replace('_', '-')).sorted().toList();
        for (String k : csv.keySet()) {
            if (!known.contains(k)) {
                throw new InvalidInputException(at + "." + k + " is not a reading option (known: "
                        + String.join(", ", known) + ")");
            }
        }
        try {
            return TrainingRequests.CsvReading.parse(json(csv), at);
        } catch (InvalidInputException e) {
            String m = e.getMessage();
            for (String f : TrainingRequests.CSV_FIELDS) {
                m = m.replace(f, f.replace('_', '-'));
            }
            throw new InvalidInputException(m, e);
        }
    }

    /** Configuration keys (kebab-case) as the reading options' JSON fields (snake_case). */
    private static ObjectNode json(Map<String, String> csv) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        csv.forEach((k, v) -> n.put(k.replace('-', '_'), v));
        return n;
    }

    private static String required(Map<String, String> s, String key, String at) {
        String v = s.get(key);
        if (v == null || v.isBlank()) {
            throw new InvalidInputException(at + "." + key + " must be given");
        }
        return v.trim();
    }

    private static ZoneId zone(String v, String at) {
        try {
            return ZoneId.of(v.trim());
        } catch (java.time.DateTimeException e) {
            throw new InvalidInputException(at + ": '" + v + "' is not a time zone (e.g. UTC, Europe/Berlin)");
        }
    }

    private static boolean bool(String v, String at) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(at + ": expected true or false, got '" + v + "'");
        };
    }

    private static int integer(String v, String at) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(at + ": expected a whole number, got '" + v + "'");
        }
    }

    private static double number(String v, String at) {
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(at + ": expected a number, got '" + v + "'");
        }
    }
}
