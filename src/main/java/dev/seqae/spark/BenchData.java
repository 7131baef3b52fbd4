package dev.seqae.spark;

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
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@link SparkBenchmark}'s data, made once in the parent's work folder: a synthetic archive of
 * series (seeded), the model scoring it, the archive as Parquet tables and as one CSV file per
 * series, and the sequences of the data-parallel training.
 */
final class BenchData {
    /** The command's options (its fields are read, never changed). */
    private final SparkBenchmark o;

    BenchData(SparkBenchmark options) {
        this.o = options;
    }

    List<float[][]> archive() {
        List<float[][]> archive = new ArrayList<>();
        for (int s = 0; s < o.series; s++) {
            archive.add(SyntheticGenerator.series(o.length, 1, 1000 + s).values());
        }
        return archive;
    }


    /** The model (small, trained on the first series) and the tables, once, in this JVM. */
    void prepare(Path dir) throws IOException {
        List<float[][]> archive = archive();
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {16}, 4, new int[] {16})
                .withData(dev.seqae.data.Normalizer.Kind.ZSCORE, o.window, 4).withTraining(5e-3, 32, 2, 0, 0.2, 7);
        SeqAutoencoderModel model = new Trainer(cfg, null, 1).fit(new TimeSeries("s0", null, archive.get(0),
                new String[] {"value"}), "bench series 0");
        ModelFile.save(model, dir.resolve("bench.seqae"));
        SparkSession spark = SparkBenchmark.session(2);
        try {
            write(spark, archive, dir.resolve("archive.parquet"));
            write(spark, archive.subList(0, Math.min(o.entities, archive.size())), dir.resolve("entities.parquet"));
            write(spark, archive.subList(0, Math.max(1, o.series / 10)), dir.resolve("warm-up.parquet"));
            write(spark, archive.subList(0, 1), dir.resolve("single.parquet"));
            write(spark, archive.subList(0, Math.min(50, archive.size())), dir.resolve("warm-many.parquet"));
            if (o.jobs.contains("train")) {
                writeSequences(dir.resolve("sequences.csv"));
            }
            if (o.jobs.contains("score")) {
                writeFiles(archive, Files.createDirectories(dir.resolve("series")));
            }
        } finally {
            SparkBenchmark.stop(spark);
        }
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
        for (float[][] s : SyntheticGenerator.normal(o.sequences, 140, 1, 11)) {
            sb.append("n");
            for (float[] step : s) {
                sb.append(',').append(step[0]);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb);
    }
}
