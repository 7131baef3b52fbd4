package dev.seqae.spark;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.data.TimeSeries;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seqae-spark bench}: the Spark jobs' throughput on this machine, printed as JSON — batch
 * scoring of a synthetic archive and train-many at local[1] and local[2], their speed-up, Spark at
 * local[1] against the same scoring in one JVM on one thread (no Spark), and data-parallel
 * training at 1 and 2 partitions with the share of the step time spent outside the partitions'
 * computing (sending parameters, scheduling, collecting and combining gradients).
 *
 * <p>Each configuration runs in a JVM of its own, pinned with {@code taskset} to as many CPUs as
 * it has cores — at one core the JVM's collector, compiler and Spark's own threads share that core,
 * as they would on a one-core executor — after a warm-up job in the same JVM. The configurations
 * take turns in rounds ({@code --repeat}), so that the runs compared are minutes apart at most; the
 * best run of each is reported and every run is listed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Throughput of the Spark jobs at local[1] and local[2] against in-process scoring; JSON on stdout.")
public final class SparkBenchmark implements Callable<Integer> {
    @Option(names = "--series", defaultValue = "2000", description = "series in the archive (default ${DEFAULT-VALUE})")
    int series;

    @Option(names = "--length", defaultValue = "400", description = "points per series (default ${DEFAULT-VALUE})")
    int length;

    @Option(names = "--window", defaultValue = "40", description = "the model's window (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--entities", defaultValue = "500", description = "entities trained by train-many: the first "
            + "series of the archive (default "
            + "${DEFAULT-VALUE})")
    int entities;

    @Option(names = "--sequences", defaultValue = "2000", description = "sequences of the data-parallel training "
            + "(default ${DEFAULT-VALUE})")
    int sequences;

    @Option(names = "--batch", defaultValue = "256", description = "minibatch of the data-parallel training "
            + "(default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--epochs", defaultValue = "15", description = "epochs of the data-parallel training "
            + "(default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--jobs", split = ",", defaultValue = "score,train-many,train", description = "which jobs to "
            + "measure: score, train-many, train (default ${DEFAULT-VALUE})")
    List<String> jobs;

    @Option(names = "--repeat", defaultValue = "2", description = "rounds of the scoring and train-many measurements "
            + "(in-process, local[1], local[2] in each, a JVM each, two runs after a warm-up in each); the best run "
            + "of each is reported (on a shared machine the fastest is the one least disturbed by others), every "
            + "run is listed (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--work", description = "folder for the archive and results (default: a temporary one)")
    Path work;

    @Option(names = "--child", hidden = true, description = "internal: run one configuration's measurements "
            + "(in-process or spark) and print them as one JSON line")
    String child;

    @Option(names = "--cores", hidden = true, defaultValue = "1", description = "internal: the child's Spark cores")
    int cores;

    @Option(names = "--with-train", hidden = true, description = "internal: the child also measures data-parallel "
            + "training")
    boolean withTrain;

    /** Measured runs of each job in one JVM, after its warm-up (the JIT settles over more than one job). */
    private static final int RUNS_PER_JVM = 2;

    /** The line a child prints its measurements on. */
    private static final String RESULT = "seqae-spark-bench-result ";

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("seqae-spark-bench-");
        if (child != null) {
            return measure(dir);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("series", series);
        doc.put("points", (long) series * length);
        doc.put("window", window);
        doc.put("entities", Math.min(entities, series));
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        boolean pinned = pinnable();
        doc.put("pinned", pinned);
        prepare(dir);
        // rounds: in each, the in-process scoring, then local[1] and local[2], each in a JVM of its own
        // that the operating system lets run on that many CPUs only (taskset): one core means one core
        // for everything the JVM does (its collector and compiler too), not one task beside an idle core
        Map<String, List<Double>> runs = new LinkedHashMap<>();
        Map<String, Object> dataParallel = new LinkedHashMap<>();
        int rounds = Math.max(1, repeat);
        for (int round = 0; round < rounds; round++) {
            if (jobs.contains("score")) {
                collect(runChild(dir, "in-process", 1, false, pinned), runs, dataParallel);
                collect(runChild(dir, "seqae-score", 1, false, pinned), runs, dataParallel);
            }
            for (int c : new int[] {1, 2}) {
                collect(runChild(dir, "spark", c, jobs.contains("train") && round == rounds - 1, pinned), runs,
                        dataParallel);
            }
        }
        doc.put("rounds", rounds);
        Map<String, Object> scoring = new LinkedHashMap<>();
        Map<String, Object> many = new LinkedHashMap<>();
        runs.forEach((k, v) -> {
            Map<String, Object> into = k.endsWith("entities_per_second") ? many : scoring;
            // the best run: the fastest, the lowest fixed cost
            into.put(k, k.endsWith("seconds") ? java.util.Collections.min(v) : java.util.Collections.max(v));
            into.put(k + "_runs", v);
        });
        if (jobs.contains("score")) {
            scoring.put("speedup_1_to_2", (double) scoring.get("local_2_points_per_second")
                    / (double) scoring.get("local_1_points_per_second"));
            scoring.put("local_1_vs_in_process", (double) scoring.get("local_1_points_per_second")
                    / (double) scoring.get("in_process_points_per_second"));
            scoring.put("csv_speedup_1_to_2", (double) scoring.get("local_2_csv_points_per_second")
                    / (double) scoring.get("local_1_csv_points_per_second"));
            scoring.put("local_1_csv_vs_seqae_score", (double) scoring.get("local_1_csv_points_per_second")
                    / (double) scoring.get("seqae_score_points_per_second"));
            doc.put("score", scoring);
        }
        if (jobs.contains("train-many")) {
            many.put("speedup_1_to_2", (double) many.get("local_2_entities_per_second")
                    / (double) many.get("local_1_entities_per_second"));
            doc.put("train_many", many);
        }
        if (jobs.contains("train")) {
            doc.put("data_parallel_batch", batch);
            doc.put("data_parallel_train", dataParallel);
        }
        System.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(doc));
        return 0;
    }

    private List<float[][]> archive() {
        List<float[][]> archive = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            archive.add(SyntheticGenerator.series(length, 1, 1000 + s).values());
        }
        return archive;
    }

    /** The model (small, trained on the first series) and the tables, once, in this JVM. */
    private void prepare(Path dir) throws IOException {
        List<float[][]> archive = archive();
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {16}, 4, new int[] {16})
                .withData(dev.seqae.data.Normalizer.Kind.ZSCORE, window, 4).withTraining(5e-3, 32, 2, 0, 0.2, 7);
        SeqAutoencoderModel model = new Trainer(cfg, null, 1).fit(new TimeSeries("s0", null, archive.get(0),
                new String[] {"value"}), "bench series 0");
        ModelFile.save(model, dir.resolve("bench.seqae"));
        SparkSession spark = session(2);
        try {
            write(spark, archive, dir.resolve("archive.parquet"));
            write(spark, archive.subList(0, Math.min(entities, archive.size())), dir.resolve("entities.parquet"));
            write(spark, archive.subList(0, Math.max(1, series / 10)), dir.resolve("warm-up.parquet"));
            write(spark, archive.subList(0, 1), dir.resolve("single.parquet"));
            write(spark, archive.subList(0, Math.min(50, archive.size())), dir.resolve("warm-many.parquet"));
            if (jobs.contains("train")) {
                writeSequences(dir.resolve("sequences.csv"));
            }
            if (jobs.contains("score")) {
                writeFiles(archive, Files.createDirectories(dir.resolve("series")));
            }
        } finally {
            stop(spark);
        }
    }

    /** Whether {@code taskset} can pin a child JVM to CPUs 0 and 1 here. */
    private static boolean pinnable() {
        try {
            Process p = new ProcessBuilder("taskset", "-c", "0,1", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 && Runtime.getRuntime().availableProcessors() >= 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs one configuration in a JVM of its own (this JVM's options and class path), pinned to {@code cores} CPUs. */
    private Map<?, ?> runChild(Path dir, String what, int c, boolean train, boolean pinned) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (pinned) {
            cmd.addAll(List.of("taskset", "-c", c == 1 ? "0" : "0,1"));
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.matches("-XX:[+-]Use\\w+GC")).toList());
        // one collector for every configuration (the JVM would pick the serial one on one CPU and G1 on
        // two, which would make the 1-to-2 ratio partly a comparison of collectors): the throughput one
        cmd.add("-XX:+UseParallelGC");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkBenchmark.class.getName(), "--child",
                what, "--cores", String.valueOf(c), "--work", dir.toString(), "--series", String.valueOf(series),
                "--length", String.valueOf(length), "--window", String.valueOf(window), "--entities",
                String.valueOf(entities), "--sequences", String.valueOf(sequences), "--batch", String.valueOf(batch),
                "--epochs", String.valueOf(epochs), "--jobs", String.join(",", jobs)));
        if (train) {
            cmd.add("--with-train");
        }
        Path log = dir.resolve("bench-children.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int code = p.waitFor();
        String line = out.lines().filter(l -> l.startsWith(RESULT)).reduce((x, y) -> y).orElse(null);
        if (code != 0 || line == null) {
            throw new IllegalStateException("the " + what + " measurement at " + c + " core(s) failed (exit " + code
                    + "); its log: " + log);
        }
        return JsonMapper.builder().build().readValue(line.substring(RESULT.length()), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<?, ?> result, Map<String, List<Double>> runs, Map<String, Object> dataParallel) {
        ((Map<String, List<Number>>) result.get("runs")).forEach((k, v) -> v.forEach(x -> add(runs, k,
                x.doubleValue())));
        dataParallel.putAll((Map<String, Object>) result.get("data_parallel"));
    }

    /** A child: one configuration's measurements, printed on one line. */
    private int measure(Path dir) throws Exception {
        Map<String, List<Double>> runs = new LinkedHashMap<>();
        Map<String, Object> dataParallel = new LinkedHashMap<>();
        Path modelFile = dir.resolve("bench.seqae");
        long points = (long) series * length;
        if (child.equals("seqae-score")) {
            // what seqae score does with each file of the archive (read the CSV, score every point, write
            // the points' CSV), in one JVM on one thread, the model loaded once
            SeqAutoencoderModel model = ModelFile.load(modelFile);
            List<Path> files;
            try (var list = Files.list(dir.resolve("series"))) {
                files = list.sorted().toList();
            }
            Path out = Files.createDirectories(dir.resolve("seqae-score"));
            for (Path f : files.subList(0, Math.max(1, files.size() / 10))) {
                seqaeScore(model, f, out);
            }
            for (int r = 0; r < RUNS_PER_JVM; r++) {
                long t0 = System.nanoTime();
                for (Path f : files) {
                    seqaeScore(model, f, out);
                }
                add(runs, "seqae_score_points_per_second", points / ((System.nanoTime() - t0) / 1e9));
            }
        } else if (child.equals("in-process")) {
            // one thread: every series scored point by point, as the score job does per series, after a
            // warm-up on a tenth of them (as each Spark session is measured after one)
            SeqAutoencoderModel model = ModelFile.load(modelFile);
            List<float[][]> archive = archive();
            for (float[][] s : archive.subList(0, Math.max(1, series / 10))) {
                model.scorePoints("s", s, 1, null);
            }
            for (int r = 0; r < RUNS_PER_JVM; r++) {
                long t0 = System.nanoTime();
                for (float[][] s : archive) {
                    model.scorePoints("s", s, 1, null);
                }
                add(runs, "in_process_points_per_second", points / ((System.nanoTime() - t0) / 1e9));
            }
        } else {
            SparkSession spark = session(cores);
            try {
                String local = "local_" + cores + "_";
                if (jobs.contains("score")) {
                    // warm-up (Spark's classes, generated code, the model's JIT), then a one-series job: the
                    // fixed cost of a job in a running session
                    score(modelFile, dir.resolve("warm-up.parquet"), dir.resolve("scores-warm"), cores);
                    long a = System.nanoTime();
                    score(modelFile, dir.resolve("single.parquet"), dir.resolve("scores-single"), cores);
                    add(runs, local + "job_fixed_seconds", (System.nanoTime() - a) / 1e9);
                    for (int r = 0; r < RUNS_PER_JVM; r++) {
                        a = System.nanoTime();
                        score(modelFile, dir.resolve("archive.parquet"), dir.resolve("scores-" + cores), cores);
                        add(runs, local + "points_per_second", points / ((System.nanoTime() - a) / 1e9));
                    }
                    // the CSV files seqae score reads, one series per file, the points written as CSV
                    for (int r = 0; r < RUNS_PER_JVM; r++) {
                        a = System.nanoTime();
                        check(SparkJob.execute(new ScoreJob(), "--model", modelFile.toString(), "--input",
                                dir.resolve("series").resolve("*.csv").toString(), "--layout", "timeseries",
                                "--partitions", String.valueOf(4 * cores), "--output-format", "csv", "--output",
                                dir.resolve("scores-csv-" + cores).toString(), "--overwrite"), "score");
                        add(runs, local + "csv_points_per_second", points / ((System.nanoTime() - a) / 1e9));
                    }
                }
                if (jobs.contains("train-many")) {
                    trainMany(dir.resolve("warm-many.parquet"), dir.resolve("many-warm"), cores); // warm-up
                    for (int r = 0; r < RUNS_PER_JVM; r++) {
                        long a = System.nanoTime();
                        trainMany(dir.resolve("entities.parquet"), dir.resolve("many-" + cores), cores);
                        add(runs, local + "entities_per_second", entitiesPerSecond(spark, dir, cores,
                                System.nanoTime() - a));
                    }
                }
                if (withTrain) {
                    dataParallel(dir, cores, dataParallel);
                }
            } finally {
                stop(spark);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("runs", runs);
        result.put("data_parallel", dataParallel);
        System.out.println(RESULT + JsonMapper.builder().build().writeValueAsString(result));
        return 0;
    }

    private static void stop(SparkSession spark) {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    private double entitiesPerSecond(SparkSession spark, Path dir, int cores, long nanos) {
        long trained = spark.read().parquet(dir.resolve("many-" + cores).resolve("summary").toString())
                .filter("status = 'ok'").count();
        if (trained != Math.min(entities, series)) {
            throw new IllegalStateException("train-many trained " + trained + " of " + entities + " entities");
        }
        return trained / (nanos / 1e9);
    }

    /** One file as seqae score does it: read, score every point, write index,timestamp,value,score,is_anomaly. */
    private static void seqaeScore(SeqAutoencoderModel model, Path file, Path out) throws IOException {
        TimeSeries ts = (TimeSeries) dev.seqae.data.CsvDataReader.read(file, dev.seqae.data.CsvOptions.auto());
        var scores = model.scorePoints(ts.source(), ts.values(), 1, null);
        dev.seqae.io.AtomicFiles.write(out.resolve(file.getFileName()), os -> {
            var w = new java.io.OutputStreamWriter(os, java.nio.charset.StandardCharsets.UTF_8);
            var p = new org.apache.commons.csv.CSVPrinter(w, org.apache.commons.csv.CSVFormat.DEFAULT.builder()
                    .setHeader("index", "timestamp", "value", "score", "is_anomaly").setRecordSeparator('\n').get());
            for (int i = 0; i < ts.length(); i++) {
                p.printRecord(i, ts.timestamps()[i], ts.values()[i][0], Double.toString(scores.scores()[i]),
                        scores.anomalous()[i]);
            }
            p.flush();
        });
    }

    /** The archive as seqae reads it: a CSV file per series, {@code timestamp,value}. */
    private static void writeFiles(List<float[][]> archive, Path folder) throws IOException {
        for (int s = 0; s < archive.size(); s++) {
            StringBuilder sb = new StringBuilder("timestamp,value\n");
            for (int i = 0; i < archive.get(s).length; i++) {
                sb.append(1_700_000_000L + 60L * i).append(',').append(archive.get(s)[i][0]).append('\n');
            }
            Files.writeString(folder.resolve(String.format("s%04d.csv", s)), sb);
        }
    }

    private void trainMany(Path input, Path output, int c) {
        check(SparkJob.execute(new TrainManyJob(), "--input", input.toString(), "--layout", "timeseries",
                "--id-column", "series", "--set", "window=" + window, "--set", "stride=4", "--set", "encoder=16",
                "--set", "decoder=16", "--set", "latent=4", "--set", "epochs=3", "--partitions", String.valueOf(4 * c),
                "--output", output.toString(), "--overwrite", "--min-points", "1"), "train-many");
    }

    private void score(Path modelFile, Path input, Path output, int cores) {
        check(SparkJob.execute(new ScoreJob(), "--model", modelFile.toString(), "--input", input.toString(), "--layout",
                "timeseries", "--id-column", "series", "--partitions", String.valueOf(4 * cores), "--output",
                output.toString(), "--overwrite"), "score");
    }

    private static void add(Map<String, List<Double>> runs, String key, double value) {
        runs.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    /** Data-parallel training at {@code cores} partitions: gradients every minibatch, and (at 2) averaging every 4. */
    private void dataParallel(Path dir, int cores, Map<String, Object> into) throws IOException {
        Path seqs = dir.resolve("sequences.csv");
        for (int every : cores == 1 ? new int[] {0} : new int[] {0, 4}) {
            String name = "train-" + cores + "-" + every;
            check(SparkJob.execute(new TrainJob(), "--input", seqs.toString(), "--layout", "rows", "--label-column",
                    "label", "--set", "epochs=" + epochs, "--set", "encoder=32", "--set", "decoder=32", "--set",
                    "latent=8", "--set", "batch=" + batch, "--set", "patience=0", "--partitions",
                    String.valueOf(cores), "--average-every", String.valueOf(every), "--output",
                    dir.resolve(name).toString(), "--overwrite"), "train");
            Map<?, ?> t = JsonMapper.builder().build().readValue(dir.resolve(name).resolve("training.json").toFile(),
                    Map.class);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("sequences_per_second", t.get("sequences_per_second"));
            run.put("validation_loss", t.get("validation_loss"));
            run.put("parameters", t.get("parameters"));
            run.put("aggregation_share", t.get("aggregation_share"));
            run.put("synchronisations", t.get("steps"));
            run.put("step_seconds", t.get("step_seconds"));
            into.put("partitions_" + cores + (every > 0 ? "_average_every_" + every : ""), run);
        }
    }

    private static void check(int code, String job) {
        if (code != 0) {
            throw new IllegalStateException("the " + job + " job failed (exit " + code + ")");
        }
    }

    private static SparkSession session(int cores) {
        return SparkSession.builder().master("local[" + cores + "]").appName("seqae bench")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", String.valueOf(4 * cores))
                .getOrCreate();
    }

    private static void write(SparkSession spark, List<float[][]> archive, Path table) {
        StructType schema = new StructType(new StructField[] {
            DataTypes.createStructField("series", DataTypes.StringType, false),
            DataTypes.createStructField("timestamp", DataTypes.LongType, false),
            DataTypes.createStructField("value", DataTypes.FloatType, false)});
        List<Row> rows = new ArrayList<>();
        for (int s = 0; s < archive.size(); s++) {
            for (int i = 0; i < archive.get(s).length; i++) {
                rows.add(RowFactory.create(String.format("s%04d", s), 1_700_000_000L + 60L * i, archive.get(s)[i][0]));
            }
        }
        spark.createDataFrame(rows, schema).repartition(8).write().mode("overwrite").parquet(table.toString());
    }

    private void writeSequences(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("label");
        for (int t = 0; t < 140; t++) {
            sb.append(",v").append(t);
        }
        sb.append('\n');
        for (float[][] s : SyntheticGenerator.normal(sequences, 140, 1, 11)) {
            sb.append("n");
            for (float[] step : s) {
                sb.append(',').append(step[0]);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb);
    }
}
