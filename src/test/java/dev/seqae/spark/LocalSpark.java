package dev.seqae.spark;

import dev.seqae.cli.SeqaeCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The tests' Spark: one local[2] session per JVM, and runs of jobs and of {@code seqae} with their output. */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            System.setProperty("SPARK_LOCAL_IP", "127.0.0.1");
            session = SparkSession.builder().master("local[2]").appName("seqae tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
        }
        return session;
    }

    record Run(int code, String out, String err) {
    }

    /** Runs a Spark job in this JVM (on {@link #session()}), capturing stderr. */
    static synchronized Run job(SparkJob job, String... args) {
        session();
        return capture(() -> SparkJob.execute(job, args));
    }

    /** Runs {@code seqae} in this JVM, capturing stdout and stderr. */
    static synchronized Run seqae(String... args) {
        return capture(() -> SeqaeCommand.execute(args));
    }

    private static Run capture(java.util.function.IntSupplier body) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = body.getAsInt();
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A result table read back (CSV with a header, or Parquet), keyed by the values of {@code key} columns. */
    static Map<String, Row> table(Path folder, String format, String... key) {
        var reader = session().read();
        var df = format.equals("csv") ? reader.option("header", true).csv(folder.toString())
                : reader.parquet(folder.toString());
        List<Row> rows = df.collectAsList();
        Map<String, Row> out = new HashMap<>();
        for (Row r : rows) {
            StringBuilder k = new StringBuilder();
            for (String c : key) {
                k.append(String.valueOf(r.get(r.fieldIndex(c)))).append('|');
            }
            if (out.put(k.toString(), r) != null) {
                throw new AssertionError("duplicate key " + k + " in " + folder);
            }
        }
        return out;
    }
}
