package dev.seqae.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SyntheticGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The score, encode and detect jobs in local[2] give what {@code seqae score/encode/detect} give on
 * the same data: the same model, the same sequences, the same numbers (bound below), whatever the
 * order of the rows and however Spark partitions them; bad input fails the job with the message
 * {@code seqae} would give, and leaves no result folder.
 */
class SparkScoringTest {
    /** Scores and latent values agree to this relative difference (float rounding of batched products). */
    static final double BOUND = 1e-5;

    @TempDir
    static Path dir;
    static Path longFile;
    static Path sequenceModel;
    static Path seriesA;
    static Path seriesB;
    static Path seriesLong;
    static Path seriesModel;

    @BeforeAll
    static void data() throws IOException {
        // 60 multivariate sequences of 12 to 24 steps in the long form, rows of different ids interleaved
        List<float[][]> normal = SyntheticGenerator.normal(60, 24, 2, 7);
        SplittableRandom rnd = new SplittableRandom(3);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < normal.size(); i++) {
            int len = 12 + rnd.nextInt(13);
            boolean odd = i % 10 == 9;
            for (int t = 0; t < len; t++) {
                float a = normal.get(i)[t][0] * (odd ? 3 : 1);
                rows.add(String.format(java.util.Locale.ROOT, "s%02d,%d,%s,%s,%s", i, 1000 + t * 60,
                        odd ? "odd" : "ok", a, normal.get(i)[t][1]));
            }
        }
        // interleave: seqae keeps each id's rows in file order, Spark orders them by timestamp
        List<String> interleaved = new ArrayList<>();
        for (int t = 0; t < 24; t++) {
            for (String r : rows) {
                if (Integer.parseInt(r.split(",")[1]) == 1000 + t * 60) {
                    interleaved.add(r);
                }
            }
        }
        longFile = dir.resolve("long.csv");
        Files.writeString(longFile, "id,timestamp,label,a,b\n" + String.join("\n", interleaved) + "\n");
        sequenceModel = dir.resolve("seq.seqae");
        var train = LocalSpark.seqae("train", "--data", longFile.toString(), "--layout", "long", "--id-column", "id",
                "--label-column", "label", "--normal-label", "ok", "--encoder", "8", "--decoder", "8", "--latent", "3",
                "--epochs", "2", "--batch", "8", "--out", sequenceModel.toString());
        assertEquals(0, train.code(), train.err());

        // two time series of 300 points with spikes, and the same two in one long table
        var a = SyntheticGenerator.series(300, 2, 5);
        var b = SyntheticGenerator.series(300, 3, 6);
        seriesA = writeSeries(dir.resolve("a.csv"), a.values(), null);
        seriesB = writeSeries(dir.resolve("b.csv"), b.values(), null);
        StringBuilder both = new StringBuilder("series,timestamp,value\n");
        Path tmp = dir.resolve("tmp.csv");
        writeSeries(tmp, b.values(), "B");
        Stream.of(Files.readString(tmp).split("\n")).forEach(l -> both.append(l).append('\n'));
        writeSeries(tmp, a.values(), "A");
        Stream.of(Files.readString(tmp).split("\n")).forEach(l -> both.append(l).append('\n'));
        seriesLong = dir.resolve("series-long.csv");
        Files.writeString(seriesLong, both);
        seriesModel = dir.resolve("series.seqae");
        var trainSeries = LocalSpark.seqae("train", "--data", seriesA.toString(), "--window", "20", "--stride", "5",
                "--encoder", "8", "--decoder", "8", "--latent", "3", "--epochs", "2", "--out", seriesModel.toString());
        assertEquals(0, trainSeries.code(), trainSeries.err());
    }

    private static Path writeSeries(Path p, float[][] values, String id) throws IOException {
        StringBuilder sb = new StringBuilder(id == null ? "timestamp,value\n" : "");
        for (int i = 0; i < values.length; i++) {
            if (id != null) {
                sb.append(id).append(',');
            }
            sb.append(java.time.LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(5L * i)).append(',')
                    .append(values[i][0]).append('\n');
        }
        Files.writeString(p, sb);
        return p;
    }

    static List<CSVRecord> csv(String text) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new java.io.StringReader(text))
                .getRecords();
    }

    private static double largest;

    @org.junit.jupiter.api.AfterAll
    static void report() {
        System.out.printf("SparkScoringTest: largest relative difference from seqae %.3g (bound %.0g)%n", largest, BOUND);
    }

    static void close(double expected, double actual, String what) {
        largest = Math.max(largest, Math.abs(expected - actual) / Math.max(1, Math.abs(expected)));
        assertTrue(Math.abs(expected - actual) <= BOUND * Math.max(1, Math.abs(expected)),
                what + ": seqae " + expected + ", Spark " + actual);
    }

    @Test
    void scoringEqualsSeqaeScore() throws IOException {
        var cli = LocalSpark.seqae("score", "-m", sequenceModel.toString(), "-d", longFile.toString(), "--layout", "long",
                "--id-column", "id", "--label-column", "label");
        assertEquals(0, cli.code(), cli.err());
        Path out = dir.resolve("scores");
        var job = LocalSpark.job(new ScoreJob(), "--model", sequenceModel.toString(), "--input", longFile.toString(),
                "--id-column", "id", "--label-column", "label", "--batch-size", "7", "--partitions", "3",
                "--output", out.toString());
        assertEquals(0, job.code(), job.err());
        assertTrue(job.err().contains("scored 60 sequences"), job.err());
        Map<String, Row> spark = LocalSpark.table(out.resolve("score"), "parquet", "id");
        List<CSVRecord> expected = csv(cli.out());
        assertEquals(60, expected.size());
        assertEquals(60, spark.size());
        int flagged = 0;
        for (CSVRecord e : expected) {
            Row r = spark.get(e.get("id") + "|");
            close(Double.parseDouble(e.get("score")), r.getDouble(r.fieldIndex("score")), e.get("id"));
            assertEquals(Boolean.parseBoolean(e.get("is_anomaly")), r.getBoolean(r.fieldIndex("is_anomaly")), e.get("id"));
            assertEquals(Double.parseDouble(e.get("threshold")), r.getDouble(r.fieldIndex("threshold")));
            assertEquals(e.get("label"), r.getString(r.fieldIndex("label")));
            assertEquals(e.get("top_features"), r.getString(r.fieldIndex("top_features")));
            double shares = r.getDouble(r.fieldIndex("share_a")) + r.getDouble(r.fieldIndex("share_b"));
            assertEquals(1.0, shares, 1e-9);
            flagged += r.getBoolean(r.fieldIndex("is_anomaly")) ? 1 : 0;
        }
        assertTrue(flagged > 0, "the odd sequences are flagged");
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().contains("staging")),
                "no staging folder left");
    }

    @Test
    void typedTimestampsOrderStepsInTheirOwnType() throws IOException {
        // Parquet with the timestamps as numbers (700 .. 2080: as text "1000" would sort before "700")
        // and as times, the rows in reverse: each sequence's steps must still come in time order
        var cli = LocalSpark.seqae("score", "-m", sequenceModel.toString(), "-d", longFile.toString(), "--layout", "long",
                "--id-column", "id", "--label-column", "label");
        assertEquals(0, cli.code(), cli.err());
        var csvTable = LocalSpark.session().read().option("header", true).csv(longFile.toString());
        var numeric = csvTable.withColumn("timestamp", org.apache.spark.sql.functions.col("timestamp").cast("long")
                .minus(300));
        for (var typed : List.of(numeric, numeric.withColumn("timestamp",
                org.apache.spark.sql.functions.timestamp_seconds(org.apache.spark.sql.functions.col("timestamp"))))) {
            Path in = Files.createTempDirectory(dir, "typed-").resolve("t.parquet");
            typed.orderBy(org.apache.spark.sql.functions.col("timestamp").desc()).coalesce(1).write().parquet(in.toString());
            Path out = in.resolveSibling("scores");
            var job = LocalSpark.job(new ScoreJob(), "--model", sequenceModel.toString(), "--input", in.toString(),
                    "--id-column", "id", "--label-column", "label", "--value-columns", "a,b", "--partitions", "2",
                    "--output", out.toString());
            assertEquals(0, job.code(), job.err());
            Map<String, Row> spark = LocalSpark.table(out.resolve("score"), "parquet", "id");
            for (CSVRecord e : csv(cli.out())) {
                Row r = spark.get(e.get("id") + "|");
                close(Double.parseDouble(e.get("score")), r.getDouble(r.fieldIndex("score")),
                        e.get("id") + " with timestamps of type " + typed.schema().apply("timestamp").dataType());
            }
        }
    }

    @Test
    void encodingEqualsSeqaeEncodeInCsv() throws IOException {
        var cli = LocalSpark.seqae("encode", "-m", sequenceModel.toString(), "-d", longFile.toString(), "--layout",
                "long", "--id-column", "id", "--label-column", "label");
        assertEquals(0, cli.code(), cli.err());
        Path out = dir.resolve("latent");
        var job = LocalSpark.job(new EncodeJob(), "--model", sequenceModel.toString(), "--input", longFile.toString(),
                "--id-column", "id", "--label-column", "label", "--output", out.toString(), "--output-format", "csv");
        assertEquals(0, job.code(), job.err());
        Map<String, Row> spark = LocalSpark.table(out.resolve("encode"), "csv", "id");
        for (CSVRecord e : csv(cli.out())) {
            Row r = spark.get(e.get("id") + "|");
            for (int j = 0; j < 3; j++) {
                close(Double.parseDouble(e.get("z" + j)), Double.parseDouble(r.getString(r.fieldIndex("z" + j))),
                        e.get("id") + " z" + j);
            }
        }
        assertEquals(60, spark.size());
    }

    @Test
    void detectionEqualsSeqaeDetectPerSeries() throws IOException {
        Path out = dir.resolve("detected");
        var job = LocalSpark.job(new DetectJob(), "--model", seriesModel.toString(), "--input", seriesLong.toString(),
                "--layout", "timeseries", "--id-column", "host", "--output", out.toString());
        assertEquals(2, job.code(), job.err());
        assertTrue(job.err().contains("--id-column: no column 'host' (columns: series, timestamp, value)"), job.err());
        job = LocalSpark.job(new DetectJob(), "--model", seriesModel.toString(), "--input", seriesLong.toString(),
                "--layout", "timeseries", "--id-column", "series", "--smoothing", "3", "--output", out.toString());
        assertEquals(0, job.code(), job.err());
        Map<String, Row> series = LocalSpark.table(out.resolve("series"), "parquet", "series");
        Map<String, Row> intervals = LocalSpark.table(out.resolve("intervals"), "parquet", "series", "start");
        assertEquals(2, series.size());
        int total = 0;
        for (String[] s : new String[][] {{"A", seriesA.toString()}, {"B", seriesB.toString()}}) {
            var cli = LocalSpark.seqae("detect", "-m", seriesModel.toString(), "-d", s[1], "--smoothing", "3");
            assertEquals(0, cli.code(), cli.err());
            List<CSVRecord> expected = csv(cli.out());
            Row sr = series.get(s[0] + "|");
            assertEquals(300, sr.getInt(sr.fieldIndex("points")));
            assertEquals(expected.size(), sr.getInt(sr.fieldIndex("intervals")), s[0]);
            for (CSVRecord e : expected) {
                Row r = intervals.get(s[0] + "|" + e.get("start") + "|");
                assertEquals(Integer.parseInt(e.get("end")), r.getInt(r.fieldIndex("end")));
                assertEquals(e.get("start_timestamp"), r.getString(r.fieldIndex("start_timestamp")));
                close(Double.parseDouble(e.get("peak_score")), r.getDouble(r.fieldIndex("peak_score")), s[0]);
                total++;
            }
        }
        assertEquals(total, intervals.size());
        assertTrue(total > 0, "the spikes are found");
    }

    @Test
    void pointScoresOfEachSeriesEqualSeqaeScore() throws IOException {
        Path out = dir.resolve("points");
        var job = LocalSpark.job(new ScoreJob(), "--model", seriesModel.toString(), "--input",
                dir.resolve("?.csv").toString(), "--layout", "timeseries", "--output", out.toString());
        assertEquals(0, job.code(), job.err());
        assertTrue(job.err().contains("scored 600 points"), job.err());
        Map<String, Row> spark = LocalSpark.table(out.resolve("score"), "parquet", "series", "index");
        var cli = LocalSpark.seqae("score", "-m", seriesModel.toString(), "-d", seriesB.toString());
        for (CSVRecord e : csv(cli.out())) {
            Row r = spark.get("b.csv|" + e.get("index") + "|");
            close(Double.parseDouble(e.get("score")), r.getDouble(r.fieldIndex("score")), "b.csv " + e.get("index"));
            assertEquals(e.get("timestamp"), r.getString(r.fieldIndex("timestamp")));
        }
    }

    @Test
    void seriesFilesAreReadWholeInTimeOrderAndGiveTheSameScoresAsTheTable() throws IOException {
        // a.csv with its points in reverse order, b.csv as it is, and the two as one Parquet table
        // read by the general path (a series per file name, rows shuffled by id and sorted by time)
        Path files = Files.createDirectories(dir.resolve("series-files"));
        List<String> lines = new ArrayList<>(List.of(Files.readString(seriesA).split("\n")));
        List<String> reversed = new ArrayList<>(lines.subList(1, lines.size()));
        java.util.Collections.reverse(reversed);
        Files.writeString(files.resolve("a.csv"), lines.get(0) + "\n" + String.join("\n", reversed) + "\n");
        Files.copy(seriesB, files.resolve("b.csv"));
        Path wholeOut = dir.resolve("whole-files");
        var whole = LocalSpark.job(new ScoreJob(), "--model", seriesModel.toString(), "--input",
                files.resolve("*.csv").toString(), "--layout", "timeseries", "--partitions", "3", "--output",
                wholeOut.toString());
        assertEquals(0, whole.code(), whole.err());
        Map<String, Row> spark = LocalSpark.table(wholeOut.resolve("score"), "parquet", "series", "index");
        assertEquals(600, spark.size());
        var cli = LocalSpark.seqae("score", "-m", seriesModel.toString(), "-d", seriesA.toString());
        for (CSVRecord e : csv(cli.out())) {
            Row r = spark.get("a.csv|" + e.get("index") + "|");
            assertEquals(e.get("timestamp"), r.getString(r.fieldIndex("timestamp")), "a.csv in time order");
            close(Double.parseDouble(e.get("score")), r.getDouble(r.fieldIndex("score")), "a.csv " + e.get("index"));
        }

        Path table = dir.resolve("series-files.parquet");
        LocalSpark.session().read().option("header", true).csv(files.resolve("*.csv").toString())
                .withColumn("series", org.apache.spark.sql.functions.col("_metadata.file_name"))
                .write().parquet(table.toString());
        Path tableOut = dir.resolve("series-table");
        var rows = LocalSpark.job(new ScoreJob(), "--model", seriesModel.toString(), "--input", table.toString(),
                "--layout", "timeseries", "--id-column", "series", "--output", tableOut.toString());
        assertEquals(0, rows.code(), rows.err());
        Map<String, Row> general = LocalSpark.table(tableOut.resolve("score"), "parquet", "series", "index");
        assertEquals(spark.keySet(), general.keySet());
        for (var e : spark.entrySet()) {
            Row g = general.get(e.getKey());
            assertEquals(g.getString(g.fieldIndex("timestamp")), e.getValue().getString(g.fieldIndex("timestamp")));
            close(g.getDouble(g.fieldIndex("score")), e.getValue().getDouble(g.fieldIndex("score")), e.getKey());
        }

        // two files of one name in two folders: one id for two series, refused
        Path twins = Files.createDirectories(dir.resolve("twins").resolve("x"));
        Files.createDirectories(dir.resolve("twins").resolve("y"));
        Files.copy(seriesA, twins.resolve("a.csv"));
        Files.copy(seriesB, dir.resolve("twins").resolve("y").resolve("a.csv"));
        var twin = LocalSpark.job(new ScoreJob(), "--model", seriesModel.toString(), "--input",
                dir.resolve("twins").resolve("*").resolve("*.csv").toString(), "--layout", "timeseries", "--output",
                dir.resolve("twins-out").toString());
        assertEquals(2, twin.code(), twin.err());
        assertTrue(twin.err().contains("two files named a.csv (") && twin.err().contains("rename one, or give "
                + "--id-column"), twin.err());

        // a bad cell: the CSV reader's message, with the file, line and column; no result
        Path badFiles = Files.createDirectories(dir.resolve("bad-series-files"));
        Files.copy(seriesB, badFiles.resolve("b.csv"));
        Files.writeString(badFiles.resolve("c.csv"), lines.get(0) + "\n" + lines.get(1) + "\n"
                + lines.get(2).replaceFirst(",[^,]*$", ",") + "\n" + lines.get(3) + "\n");
        Path badOut = dir.resolve("bad-series-out");
        var bad = LocalSpark.job(new ScoreJob(), "--model", seriesModel.toString(), "--input",
                badFiles.resolve("*.csv").toString(), "--layout", "timeseries", "--output", badOut.toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("c.csv, line 3, column 2: empty cell (column 'value'); NaN, infinity and empty "
                + "cells are not values"), bad.err());
        assertFalse(Files.exists(badOut), "no result folder");
    }

    @Test
    void badInputFailsWithTheMessageAndLeavesNoResult() throws IOException {
        Path bad = dir.resolve("bad.csv");
        String text = Files.readString(longFile).replace("s07,1120,ok,", "s07,1120,ok,x");
        Files.writeString(bad, text.replaceFirst("(s07,1120,ok,x[^,]*),", "$1,"));
        Path out = dir.resolve("bad-out");
        var job = LocalSpark.job(new ScoreJob(), "--model", sequenceModel.toString(), "--input", bad.toString(),
                "--id-column", "id", "--label-column", "label", "--output", out.toString());
        assertEquals(2, job.code(), job.err());
        assertTrue(job.err().contains("id s07, step 2 (1120), column a: empty or not a number"), job.err());
        assertFalse(Files.exists(out), "no result folder");
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith(".bad-out")), "no staging left");

        var columns = LocalSpark.job(new ScoreJob(), "--model", sequenceModel.toString(), "--input", longFile.toString(),
                "--id-column", "id", "--output", out.toString());
        assertEquals(2, columns.code());
        assertTrue(columns.err().contains("3 value column(s) (label, a, b) for a model of 2 feature(s) (a, b)"),
                columns.err());
        var model = LocalSpark.job(new ScoreJob(), "--model", longFile.toString(), "--input", longFile.toString(),
                "--id-column", "id", "--output", out.toString());
        assertEquals(2, model.code());
        assertTrue(model.err().contains("not a seqae model file"), model.err());
        assertFalse(model.err().contains("/tmp/seqae-model-"), "the staged copy's name is not shown: " + model.err());
        Path exists = dir.resolve("scores-exists");
        Files.createDirectories(exists);
        var again = LocalSpark.job(new ScoreJob(), "--model", sequenceModel.toString(), "--input", longFile.toString(),
                "--id-column", "id", "--label-column", "label", "--output", exists.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("exists; give --overwrite to replace it"), again.err());
        var usage = LocalSpark.job(new ScoreJob(), "--input", longFile.toString());
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("Missing required options: '--output=<output>', '--model=<model>'"),
                usage.err());
    }
}
