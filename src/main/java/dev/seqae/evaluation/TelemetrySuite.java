package dev.seqae.evaluation;

import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.anomaly.DetectionRecipe;
import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.ScoreKind;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.anomaly.TimeSpan;
import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.Imputation;
import dev.seqae.data.Layout;
import dev.seqae.data.Normalizer;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.recipe.Recipe;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The two train/test telemetry suites: NASA SMAP/MSL (Hundman et al. 2018, labels in
 * {@code labeled_anomalies.csv}) and the Server Machine Dataset (Su et al. 2019, labels in
 * {@code test_label/}). For every series: train on {@code train/}, score every point of
 * {@code test/}, detect intervals, compare with the labelled ranges. One configuration per suite
 * ({@link #SMAP_MSL}, {@link #SMD}), nothing tuned on the labels.
 */
public enum TelemetrySuite {
    /** SMAP/MSL: the telemetry value (column 0) of each channel, as telemanom and Orion model it. */
    SMAP_MSL("smap-msl", ".csv",
            ModelConfig.defaults()
                    .withLayers(new int[] {32}, 8, new int[] {32})
                    .withTraining(1e-3, 64, 20, 5, 0.2, 42)
                    .withData(Normalizer.Kind.ZSCORE, 64, 2)
                    .withAnomaly(new AnomalyConfig(ScoreKind.MSE, ThresholdStrategy.DYNAMIC, 0.99, 4, 0.005)),
            // telemanom's settings for this data: errors smoothed over 105 of ~8,000 points, the dynamic
            // threshold on windows of 2,100 points every 70, 100 points of buffer, pruning at 0.13
            new DetectionRecipe(0.013, 100, 0.13, ThresholdStrategy.DYNAMIC, 0.26, 0.033)),
    /** SMD: all 38 metrics of each machine. */
    SMD("smd", ".txt",
            ModelConfig.defaults()
                    .withLayers(new int[] {64}, 16, new int[] {64})
                    .withTraining(1e-3, 64, 15, 5, 0.2, 42)
                    .withData(Normalizer.Kind.ZSCORE, 64, 8)
                    .withAnomaly(new AnomalyConfig(ScoreKind.MSE, ThresholdStrategy.DYNAMIC, 0.99, 4, 0.005)),
            new DetectionRecipe(0.013, 100, 0.13, ThresholdStrategy.DYNAMIC, 0.26, 0.033));

    private final String id;
    private final String extension;
    /** The model configuration for every series of the suite. */
    public final ModelConfig config;
    /** Interval detection for every series of the suite. */
    public final DetectionRecipe detector;

    TelemetrySuite(String id, String extension, ModelConfig config, DetectionRecipe detector) {
        this.id = id;
        this.extension = extension;
        this.config = config;
        this.detector = detector;
    }

    /** The name {@code seqae evaluate --suite} knows it by. */
    public String id() {
        return id;
    }

    /** A labelled series: its group, name and the labelled ranges of its test part. */
    private record Labelled(String category, String name, List<Interval> ranges) {
    }

    /** seqae's own recipe for the suite ({@link #config}, {@link #detector}). */
    public Recipe seqaeRecipe() {
        return Recipe.seqae(config, detector);
    }

    /**
     * Runs every series found under {@code dir/test} whose name starts with one of {@code only}
     * (all when empty), in name order. The time axis is the row index: Orion's copies of these
     * signals carry one time stamp per row, one aggregation interval apart, so its aggregation
     * leaves them as they are — here an interval of one row.
     */
    public List<SignalResult> run(Path dir, List<String> only, SuiteRunner.Settings settings) {
        Path testDir = dir.resolve("test");
        Map<String, Labelled> labels = this == SMAP_MSL ? readTelemanomLabels(dir.resolve("labeled_anomalies.csv"))
                : null;
        List<SuiteRunner.Job> jobs = new ArrayList<>();
        for (Path test : files(testDir)) {
            String name = test.getFileName().toString();
            name = name.substring(0, name.length() - extension.length());
            String key = name;
            if (!only.isEmpty() && only.stream().noneMatch(key::startsWith)) {
                continue;
            }
            Path train = dir.resolve("train").resolve(test.getFileName());
            if (!Files.isRegularFile(train)) {
                throw new InvalidInputException(test + ": no training file " + train);
            }
            Labelled known = null;
            if (labels != null) {
                known = labels.get(name);
                if (known == null) {
                    throw new InvalidInputException(test + ": channel '" + name + "' is not in labeled_anomalies.csv");
                }
            }
            Labelled fromList = known;
            String series = name;
            List<Path> inputs = this == SMAP_MSL ? List.of(test, train, dir.resolve("labeled_anomalies.csv"))
                    : List.of(test, train, dir.resolve("test_label").resolve(test.getFileName()));
            jobs.add(new SuiteRunner.Job(key, inputs, () -> signal(dir, test, train, series, fromList)));
        }
        if (jobs.isEmpty()) {
            throw new InvalidInputException(testDir + ": no series" + (only.isEmpty() ? "" : " matching " + only));
        }
        return SuiteRunner.run(id, jobs, settings);
    }

    private SeriesEvaluation.Signal signal(Path dir, Path test, Path train, String name, Labelled known) {
        TimeSeries testSeries = read(test);
        Labelled l = known != null ? known : new Labelled("smd", name,
                readPointLabels(dir.resolve("test_label").resolve(test.getFileName()), testSeries.length()));
        List<TimeSpan> spans = new ArrayList<>();
        for (Interval r : l.ranges()) {
            if (r.end() >= testSeries.length()) {
                throw new InvalidInputException(test + ": labelled range [" + r.start() + ", " + r.end()
                        + "] ends after the last of its " + testSeries.length() + " rows");
            }
            spans.add(TimeSpan.label(r.start(), r.end()));
        }
        return new SeriesEvaluation.Signal(l.category(), name, read(train), testSeries, l.ranges(), spans, 1, "index");
    }

    private TimeSeries read(Path file) {
        TimeSeries ts = (TimeSeries) CsvDataReader.read(file, new CsvOptions(Layout.TIMESERIES, ',', false,
                null, List.of(), null, null, Imputation.NONE));
        if (this != SMAP_MSL) {
            return ts;
        }
        float[][] telemetry = new float[ts.length()][];
        for (int i = 0; i < telemetry.length; i++) {
            telemetry[i] = new float[] {ts.values()[i][0]};
        }
        return new TimeSeries(ts.source(), null, telemetry, new String[] {"telemetry"});
    }

    private List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": not a directory (expected <" + id + ">/test/<series>" + extension
                    + " next to train/)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(extension)).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static final Pattern RANGE = Pattern.compile("\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");

    /** {@code chan_id,spacecraft,anomaly_sequences,...}: the ranges are 0-based, inclusive rows of the test file. */
    private static Map<String, Labelled> readTelemanomLabels(Path file) {
        Map<String, Labelled> out = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            var records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in);
            for (String column : List.of("chan_id", "spacecraft", "anomaly_sequences")) {
                if (!records.getHeaderMap().containsKey(column)) {
                    throw new InvalidInputException(file + ": no column '" + column + "' in the header");
                }
            }
            for (CSVRecord r : records) {
                String where = file + ": line " + (r.getRecordNumber() + 1);
                List<Interval> ranges = new ArrayList<>();
                String text = r.get("anomaly_sequences");
                Matcher m = RANGE.matcher(text);
                while (m.find()) {
                    int a = Integer.parseInt(m.group(1));
                    int b = Integer.parseInt(m.group(2));
                    if (b < a) {
                        throw new InvalidInputException(where + ": range [" + a + ", " + b + "] ends before it starts");
                    }
                    ranges.add(Interval.window(a, b));
                }
                if (ranges.isEmpty() && !text.replaceAll("[\\[\\]\\s]", "").isEmpty()) {
                    throw new InvalidInputException(where + ": anomaly_sequences '" + text
                            + "' is not a list of [start, end]");
                }
                ranges.sort(Comparator.comparingInt(Interval::start));
                String chan = r.get("chan_id").trim();
                out.put(chan, new Labelled(r.get("spacecraft").trim(), chan, ranges));
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(file + ": cannot read the labels: " + e.getMessage(), e);
        }
        return out;
    }

    /** One 0/1 per line, one line per test row: runs of 1 become ranges. */
    private static List<Interval> readPointLabels(Path file, int rows) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read the labels: " + e.getMessage(), e);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.size() != rows) {
            throw new InvalidInputException(file + ": " + lines.size() + " labels for " + rows + " test rows");
        }
        List<Interval> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= rows; i++) {
            boolean one;
            if (i == rows) {
                one = false;
            } else {
                String v = lines.get(i).trim();
                if (!v.equals("0") && !v.equals("1")) {
                    throw new InvalidInputException(file + ": line " + (i + 1) + ": label '" + v + "' is not 0 or 1");
                }
                one = v.equals("1");
            }
            if (one && start < 0) {
                start = i;
            } else if (!one && start >= 0) {
                out.add(Interval.window(start, i - 1));
                start = -1;
            }
        }
        return out;
    }
}
