package dev.seqae.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.anomaly.DetectionRecipe;
import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.ScoreKind;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.anomaly.TimeSpan;
import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.Normalizer;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.recipe.Recipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The NAB suite, the way the Orion benchmark runs it: for every signal of the categories found
 * under {@code data/}, train on the whole signal (windows), score every point, detect intervals,
 * and compare them with the labelled windows of {@code labels/combined_windows.json}. One
 * configuration for every signal ({@link #CONFIG}, {@link #DETECTOR}); nothing is tuned on labels.
 */
public final class NabSuite {
    /** The model configuration for every NAB signal. */
    public static final ModelConfig CONFIG = ModelConfig.defaults()
            .withLayers(new int[] {32}, 8, new int[] {32})
            .withTraining(1e-3, 64, 20, 5, 0.2, 42)
            .withData(Normalizer.Kind.ZSCORE, 64, 4)
            .withAnomaly(new AnomalyConfig(ScoreKind.MSE, ThresholdStrategy.MEAN_K_SIGMA, 0.99, 4, 0.005));
    /**
     * Interval detection as Orion's LSTM autoencoder pipeline sets it up: scores smoothed over 1%
     * of the signal, mean + 4σ refitted on windows of a third of the signal every tenth of that,
     * 50 points of padding, pruning at 0.1.
     */
    public static final DetectionRecipe DETECTOR =
            new DetectionRecipe(0.01, 50, 0.1, ThresholdStrategy.MEAN_K_SIGMA, 0.33, 0.1);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private NabSuite() {
    }

    /** seqae's own recipe for NAB ({@link #CONFIG}, {@link #DETECTOR}). */
    public static Recipe seqaeRecipe() {
        return Recipe.seqae(CONFIG, DETECTOR);
    }

    /**
     * The aggregation interval in seconds: Orion's per category — an hour for realAdExchange, ten
     * minutes (NAB's five-minute data halved) for the categories it benchmarks; a category it does
     * not (realKnownCause, artificialNoAnomaly) gets ten minutes or, when longer, the series' own
     * median step, so that hourly and half-hourly series are not cut into empty segments.
     */
    public static double interval(String category, double[] times) {
        if (category.equals("realAdExchange")) {
            return 3600;
        }
        if (category.equals("artificialWithAnomaly") || category.equals("realAWSCloudwatch") || times.length < 2) {
            return 600;
        }
        double[] steps = new double[times.length - 1];
        for (int i = 1; i < times.length; i++) {
            steps[i - 1] = times[i] - times[i - 1];
        }
        java.util.Arrays.sort(steps);
        return Math.max(600, steps[steps.length / 2]);
    }

    /**
     * Runs every signal whose {@code category/name.csv} key starts with one of {@code only}
     * (all when empty), in name order.
     */
    public static List<SignalResult> run(Path nabDir, List<String> only, SuiteRunner.Settings settings) {
        Map<String, List<Interval.Window>> labels =
                readLabels(nabDir.resolve("labels").resolve("combined_windows.json"));
        List<Path> files = signals(nabDir.resolve("data"));
        List<SuiteRunner.Job> jobs = new ArrayList<>();
        for (Path f : files) {
            String key = nabDir.resolve("data").relativize(f).toString().replace('\\', '/');
            if (!only.isEmpty() && only.stream().noneMatch(key::startsWith)) {
                continue;
            }
            List<Interval.Window> windows = labels.get(key);
            if (windows == null) {
                throw new InvalidInputException(f + ": no entry '" + key + "' in combined_windows.json");
            }
            jobs.add(new SuiteRunner.Job(key, List.of(f, nabDir.resolve("labels").resolve("combined_windows.json")),
                    () -> signal(f, key, windows)));
        }
        if (jobs.isEmpty()) {
            throw new InvalidInputException(nabDir + ": no signals" + (only.isEmpty() ? "" : " matching " + only));
        }
        return SuiteRunner.run("nab", jobs, settings);
    }

    private static SeriesEvaluation.Signal signal(Path file, String key, List<Interval.Window> labelled) {
        TimeSeries ts = inTimeOrder((TimeSeries) CsvDataReader.read(file, CsvOptions.auto()), file);
        LocalDateTime[] times = times(file, ts);
        List<Interval> truth = new ArrayList<>();
        List<TimeSpan> spans = new ArrayList<>();
        for (Interval.Window w : labelled) {
            Interval i = w.toIndices(times);
            if (i != null) {
                truth.add(i);
            }
            spans.add(TimeSpan.label(w.start().toEpochSecond(ZoneOffset.UTC), w.end().toEpochSecond(ZoneOffset.UTC)));
        }
        int slash = key.indexOf('/');
        String category = key.substring(0, slash);
        String name = key.substring(slash + 1).replaceFirst("\\.csv$", "");
        double[] seconds = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            seconds[i] = times[i].toEpochSecond(ZoneOffset.UTC);
        }
        return new SeriesEvaluation.Signal(category, name, ts, ts, truth, spans, interval(category, seconds),
                "datetime");
    }

    /**
     * The rows sorted by time stamp (stably), as Orion's aggregation sorts them; a file in time
     * order is returned as it is. (realKnownCause/machine_temperature_system_failure steps back
     * 55 minutes at row 10,150.)
     */
    static TimeSeries inTimeOrder(TimeSeries ts, Path file) {
        LocalDateTime[] t = times(file, ts);
        boolean sorted = true;
        for (int i = 1; i < t.length && sorted; i++) {
            sorted = !t[i].isBefore(t[i - 1]);
        }
        if (sorted) {
            return ts;
        }
        Integer[] order = new Integer[t.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparing(i -> t[i]));
        String[] stamps = new String[order.length];
        float[][] values = new float[order.length][];
        for (int i = 0; i < order.length; i++) {
            stamps[i] = ts.timestamps()[order[i]];
            values[i] = ts.values()[order[i]];
        }
        return new TimeSeries(ts.source(), stamps, values, ts.featureNames());
    }

    /** The series' timestamps as times, to match the labelled windows with. */
    private static LocalDateTime[] times(Path file, TimeSeries ts) {
        if (ts.timestamps() == null) {
            throw new InvalidInputException(file + ": no timestamp column to match the labelled windows with");
        }
        LocalDateTime[] out = new LocalDateTime[ts.length()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = LocalDateTime.parse(ts.timestamps()[i].trim(), TIME);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(file + ": row " + (i + 1) + ": timestamp '" + ts.timestamps()[i]
                        + "' is not yyyy-MM-dd HH:mm:ss", e);
            }
        }
        return out;
    }

    private static List<Path> signals(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            throw new InvalidInputException(dataDir + ": not a directory (expected <nab>/data/<category>/<name>.csv)");
        }
        try (Stream<Path> s = Files.walk(dataDir, 2)) {
            return s.filter(p -> p.toString().endsWith(".csv") && dataDir.relativize(p).getNameCount() == 2).sorted()
                    .toList();
        } catch (IOException e) {
            throw new InvalidInputException(dataDir + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static Map<String, List<Interval.Window>> readLabels(Path file) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read the labelled windows: " + e.getMessage(), e);
        }
        Map<String, List<Interval.Window>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<Interval.Window> windows = new ArrayList<>();
            for (JsonNode w : e.getValue()) {
                if (!w.isArray() || w.size() != 2) {
                    throw new InvalidInputException(file + ": " + e.getKey() + ": a window must be [start, end]");
                }
                try {
                    windows.add(new Interval.Window(LocalDateTime.parse(w.get(0).asText(), TIME),
                            LocalDateTime.parse(w.get(1).asText(), TIME)));
                } catch (DateTimeParseException ex) {
                    throw new InvalidInputException(file + ": " + e.getKey() + ": bad timestamp: " + ex.getMessage(),
                            ex);
                }
            }
            out.put(e.getKey(), windows);
        }
        return out;
    }
}
