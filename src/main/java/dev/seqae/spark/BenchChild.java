package dev.seqae.spark;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.data.TimeSeries;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One configuration of {@link SparkBenchmark}, in a JVM of its own: the scoring computation alone,
 * {@code seqae score}'s work per file, or the Spark jobs at one core count — each after a warm-up in
 * the same JVM — printed as one JSON line for the parent to collect.
 */
final class BenchChild {
    /** Measured runs of each job in one JVM, after its warm-up (the JIT settles over more than one job). */
    private static final int RUNS_PER_JVM = 2;

    /** The command's options (its fields are read, never changed). */
    private final SparkBenchmark o;

    BenchChild(SparkBenchmark options) {
        this.o = options;
    }

    /** A child: one configuration's measurements, printed on one line. */
    int measure(Path dir) throws Exception {
        Map<String, List<Double>> runs = new LinkedHashMap<>();
        Map<String, Object> dataParallel = new LinkedHashMap<>();
        Path modelFile = dir.resolve("bench.seqae");
        long points = (long) o.series * o.length;
        if (o.child.equals("seqae-score")) {
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
                SparkBenchmark.add(runs, "seqae_score_points_per_second", points / ((System.nanoTime() - t0) / 1e9));
            }
        } else if (o.child.equals("in-process")) {
            // one thread: every series scored point by point, as the score job does per series, after a
            // warm-up on a tenth of them (as each Spark session is measured after one)
            SeqAutoencoderModel model = ModelFile.load(modelFile);
            List<float[][]> archive = new BenchData(o).archive();
            for (float[][] s : archive.subList(0, Math.max(1, o.series / 10))) {
                model.scorePoints("s", s, 1, null);
            }
            for (int r = 0; r < RUNS_PER_JVM; r++) {
                long t0 = System.nanoTime();
                for (float[][] s : archive) {
                    model.scorePoints("s", s, 1, null);
                }
                SparkBenchmark.add(runs, "in_process_points_per_second", points / ((System.nanoTime() - t0) / 1e9));
            }
        } else {
            SparkSession spark = SparkBenchmark.session(o.cores);
            try {
                String local = "local_" + o.cores + "_";
                if (o.jobs.contains("score")) {
                    // warm-up (Spark's classes, generated code, the model's JIT), then a one-series job: the
                    // fixed cost of a job in a running session
                    score(modelFile, dir.resolve("warm-up.parquet"), dir.resolve("scores-warm"));
                    long a = System.nanoTime();
                    score(modelFile, dir.resolve("single.parquet"), dir.resolve("scores-single"));
                    SparkBenchmark.add(runs, local + "job_fixed_seconds", (System.nanoTime() - a) / 1e9);
                    for (int r = 0; r < RUNS_PER_JVM; r++) {
                        a = System.nanoTime();
                        score(modelFile, dir.resolve("archive.parquet"), dir.resolve("scores-" + o.cores));
                        SparkBenchmark.add(runs, local + "points_per_second", points / ((System.nanoTime() - a) / 1e9));
                    }
                    // the CSV files seqae score reads, one series per file, the points written as CSV
                    for (int r = 0; r < RUNS_PER_JVM; r++) {
                        a = System.nanoTime();
                        check(SparkJob.execute(new ScoreJob(), "--model", modelFile.toString(), "--input",
                                dir.resolve("series").resolve("*.csv").toString(), "--layout", "timeseries",
                                "--partitions", String.valueOf(4 * o.cores), "--output-format", "csv", "--output",
                                dir.resolve("scores-csv-" + o.cores).toString(), "--overwrite"), "score");
                        SparkBenchmark.add(runs, local + "csv_points_per_second", points / ((System.nanoTime() - a) / 1e9));
                    }
                }
                if (o.jobs.contains("train-many")) {
                    trainMany(dir.resolve("warm-many.parquet"), dir.resolve("many-warm"), o.cores); // warm-up
                    for (int r = 0; r < RUNS_PER_JVM; r++) {
                        long a = System.nanoTime();
                        trainMany(dir.resolve("entities.parquet"), dir.resolve("many-" + o.cores), o.cores);
                        SparkBenchmark.add(runs, local + "entities_per_second", entitiesPerSecond(spark, dir,
                                System.nanoTime() - a));
                    }
                }
                if (o.withTrain) {
                    dataParallel(dir, dataParallel);
                }
            } finally {
                SparkBenchmark.stop(spark);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("runs", runs);
        result.put("data_parallel", dataParallel);
        System.out.println(SparkBenchmark.RESULT + JsonMapper.builder().build().writeValueAsString(result));
        return 0;
    }


    private double entitiesPerSecond(SparkSession spark, Path dir, long nanos) {
        long trained = spark.read().parquet(dir.resolve("many-" + o.cores).resolve("summary").toString())
                .filter("status = 'ok'").count();
        if (trained != Math.min(o.entities, o.series)) {
            throw new IllegalStateException("train-many trained " + trained + " of " + o.entities + " entities");
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


    private void trainMany(Path input, Path output, int c) {
        check(SparkJob.execute(new TrainManyJob(), "--input", input.toString(), "--layout", "timeseries",
                "--id-column", "series", "--set", "window=" + o.window, "--set", "stride=4", "--set", "encoder=16",
                "--set", "decoder=16", "--set", "latent=4", "--set", "epochs=3", "--partitions", String.valueOf(4 * c),
                "--output", output.toString(), "--overwrite", "--min-points", "1"), "train-many");
    }


    private void score(Path modelFile, Path input, Path output) {
        check(SparkJob.execute(new ScoreJob(), "--model", modelFile.toString(), "--input", input.toString(), "--layout",
                "timeseries", "--id-column", "series", "--partitions", String.valueOf(4 * o.cores), "--output",
                output.toString(), "--overwrite"), "score");
    }




    /** Data-parallel training at as many partitions as the child has cores: gradients every minibatch, and (at 2) averaging every 4. */
    private void dataParallel(Path dir, Map<String, Object> into) throws IOException {
        Path seqs = dir.resolve("sequences.csv");
        for (int every : o.cores == 1 ? new int[] {0} : new int[] {0, 4}) {
            String name = "train-" + o.cores + "-" + every;
            check(SparkJob.execute(new TrainJob(), "--input", seqs.toString(), "--layout", "rows", "--label-column",
                    "label", "--set", "epochs=" + o.epochs, "--set", "encoder=32", "--set", "decoder=32", "--set",
                    "latent=8", "--set", "batch=" + o.batch, "--set", "patience=0", "--partitions",
                    String.valueOf(o.cores), "--average-every", String.valueOf(every), "--output",
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
            into.put("partitions_" + o.cores + (every > 0 ? "_average_every_" + every : ""), run);
        }
    }


    private static void check(int code, String job) {
        if (code != 0) {
            throw new IllegalStateException("the " + job + " job failed (exit " + code + ")");
        }
    }
}
