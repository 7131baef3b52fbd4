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
 * local[1] against the same scoring in this JVM on one thread (no Spark), and data-parallel
 * training at 1 and 2 partitions with the share of the step time spent outside the partitions'
 * computing (sending parameters, scheduling, collecting and combining gradients). Every run in one
 * sitting; the figures are ratios of runs made minutes apart on the same machine.
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

    @Option(names = "--work", description = "folder for the archive and results (default: a temporary one)")
    Path work;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("seqae-spark-bench-");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("series", series);
        doc.put("points", (long) series * length);
        doc.put("window", window);
        doc.put("entities", Math.min(entities, series));
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        List<float[][]> archive = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            archive.add(SyntheticGenerator.series(length, 1, 1000 + s).values());
        }
        // the model: small, trained here on the first series
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {16}, 4, new int[] {16})
                .withData(dev.seqae.data.Normalizer.Kind.ZSCORE, window, 4).withTraining(5e-3, 32, 2, 0, 0.2, 7);
        SeqAutoencoderModel model = new Trainer(cfg, null, 1).fit(new TimeSeries("s0", null, archive.get(0),
                new String[] {"value"}), "bench series 0");
        Path modelFile = dir.resolve("bench.seqae");
        ModelFile.save(model, modelFile);

        // in this JVM, one thread: every series scored point by point, as the score job does per series
        long t0 = System.nanoTime();
        long points = 0;
        for (float[][] s : archive) {
            points += model.scorePoints("s", s, 1, null).scores().length;
        }
        double inProcess = points / ((System.nanoTime() - t0) / 1e9);
        doc.put("in_process_points_per_second", inProcess);

        Path table = dir.resolve("archive.parquet");
        Path subset = dir.resolve("entities.parquet");
        Map<String, Object> scoring = new LinkedHashMap<>();
        Map<String, Object> many = new LinkedHashMap<>();
        Map<String, Object> dataParallel = new LinkedHashMap<>();
        for (int cores : new int[] {1, 2}) {
            SparkSession spark = session(cores);
            try {
                if (!Files.exists(table)) {
                    write(spark, archive, table);
                    write(spark, archive.subList(0, Math.min(entities, archive.size())), subset);
                }
                long a = System.nanoTime();
                int code = SparkJob.execute(new ScoreJob(), "--model", modelFile.toString(), "--input",
                        table.toString(), "--layout", "timeseries", "--id-column", "series", "--partitions",
                        String.valueOf(4 * cores), "--output", dir.resolve("scores-" + cores).toString(), "--overwrite");
                check(code, "score");
                scoring.put("local_" + cores + "_points_per_second", points / ((System.nanoTime() - a) / 1e9));

                a = System.nanoTime();
                code = SparkJob.execute(new TrainManyJob(), "--input", subset.toString(), "--layout", "timeseries",
                        "--id-column", "series", "--set", "window=" + window, "--set", "stride=4", "--set",
                        "encoder=16", "--set", "decoder=16", "--set", "latent=4", "--set", "epochs=3", "--partitions",
                        String.valueOf(4 * cores), "--output", dir.resolve("many-" + cores).toString(), "--overwrite",
                        "--min-points", "1");
                check(code, "train-many");
                many.put("local_" + cores + "_entities_per_second", entitiesPerSecond(spark, dir, cores,
                        System.nanoTime() - a));

                Path seqs = dir.resolve("sequences.csv");
                if (!Files.exists(seqs)) {
                    writeSequences(seqs);
                }
                for (int every : cores == 1 ? new int[] {0} : new int[] {0, 4}) {
                    String name = "train-" + cores + "-" + every;
                    code = SparkJob.execute(new TrainJob(), "--input", seqs.toString(), "--layout", "rows",
                            "--label-column", "label", "--set", "epochs=" + epochs, "--set", "encoder=32", "--set",
                            "decoder=32", "--set", "latent=8", "--set", "batch=" + batch, "--set", "patience=0",
                            "--partitions", String.valueOf(cores), "--average-every", String.valueOf(every),
                            "--output", dir.resolve(name).toString(), "--overwrite");
                    check(code, "train");
                    Map<?, ?> t = JsonMapper.builder().build().readValue(dir.resolve(name).resolve("training.json")
                            .toFile(), Map.class);
                    Map<String, Object> run = new LinkedHashMap<>();
                    run.put("sequences_per_second", t.get("sequences_per_second"));
                    run.put("validation_loss", t.get("validation_loss"));
                    run.put("parameters", t.get("parameters"));
                    run.put("aggregation_share", t.get("aggregation_share"));
                    run.put("synchronisations", t.get("steps"));
                    run.put("step_seconds", t.get("step_seconds"));
                    dataParallel.put("partitions_" + cores + (every > 0 ? "_average_every_" + every : ""), run);
                }
            } finally {
                spark.stop();
                SparkSession.clearActiveSession();
                SparkSession.clearDefaultSession();
            }
        }
        scoring.put("speedup_1_to_2", (double) scoring.get("local_2_points_per_second")
                / (double) scoring.get("local_1_points_per_second"));
        scoring.put("local_1_vs_in_process", (double) scoring.get("local_1_points_per_second") / inProcess);
        many.put("speedup_1_to_2", (double) many.get("local_2_entities_per_second")
                / (double) many.get("local_1_entities_per_second"));
        doc.put("data_parallel_batch", batch);
        doc.put("score", scoring);
        doc.put("train_many", many);
        doc.put("data_parallel_train", dataParallel);
        System.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(doc));
        return 0;
    }

    private double entitiesPerSecond(SparkSession spark, Path dir, int cores, long nanos) {
        long trained = spark.read().parquet(dir.resolve("many-" + cores).resolve("summary").toString())
                .filter("status = 'ok'").count();
        if (trained != Math.min(entities, series)) {
            throw new IllegalStateException("train-many trained " + trained + " of " + entities + " entities");
        }
        return trained / (nanos / 1e9);
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
        spark.createDataFrame(rows, schema).repartition(8).write().parquet(table.toString());
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
