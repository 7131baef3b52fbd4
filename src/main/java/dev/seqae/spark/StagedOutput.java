package dev.seqae.spark;

import dev.seqae.errors.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * A job's result folder, written atomically: every table goes into a hidden staging folder beside
 * the target ({@code .NAME.staging-UUID}), and only when all are written is it renamed to the
 * target, in one file-system rename. A failed or killed job leaves no folder under the target's
 * name (a staging folder of a killed driver is hidden, and removed by the next job to that
 * target). An existing target is an error unless {@code --overwrite}. On object stores without
 * an atomic rename (S3) the rename is a copy: docs/spark.md says what that means.
 */
final class StagedOutput implements AutoCloseable {
    /** The output options every job has. */
    static final class Options {
        @Option(names = {"-o", "--output"}, required = true, description = "result folder (any Hadoop file system); "
                + "written whole or not at all")
        String output;

        @Option(names = "--output-format", defaultValue = "parquet", description = "parquet or csv (default: "
                + "${DEFAULT-VALUE})")
        String format;

        @Option(names = "--overwrite", description = "replace an existing result folder")
        boolean overwrite;

        String format() {
            String f = format.toLowerCase(Locale.ROOT);
            if (!f.equals("parquet") && !f.equals("csv")) {
                throw new InvalidInputException("--output-format must be parquet or csv, got '" + format + "'");
            }
            return f;
        }
    }

    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final String format;
    private final boolean overwrite;
    private boolean committed;

    private StagedOutput(FileSystem fs, Path target, Path staging, String format, boolean overwrite) {
        this.fs = fs;
        this.target = target;
        this.staging = staging;
        this.format = format;
        this.overwrite = overwrite;
    }

    /** Checks the target (absent, or {@code --overwrite}) and makes the staging folder. */
    static StagedOutput open(SparkSession spark, Options o) throws IOException {
        String format = o.format();
        Path target = new Path(o.output);
        FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
        target = fs.makeQualified(target);
        if (fs.exists(target) && !o.overwrite) {
            throw new InvalidInputException("--output " + o.output + " exists; give --overwrite to replace it");
        }
        Path parent = target.getParent();
        String prefix = "." + target.getName() + ".staging-";
        if (parent != null && fs.exists(parent)) {
            for (var s : fs.listStatus(parent)) {
                if (s.getPath().getName().startsWith(prefix)) {
                    fs.delete(s.getPath(), true); // left by a killed driver
                }
            }
        }
        Path staging = new Path(parent, prefix + UUID.randomUUID());
        if (!fs.mkdirs(staging)) {
            throw new IOException("cannot create " + staging);
        }
        return new StagedOutput(fs, target, staging, format, o.overwrite);
    }

    /** Writes a table as the part {@code name} of the result, in the output format. */
    void write(Dataset<Row> table, String name) {
        String path = new Path(staging, name).toString();
        if (format.equals("csv")) {
            table.write().mode(SaveMode.ErrorIfExists).option("header", true).csv(path);
        } else {
            table.write().mode(SaveMode.ErrorIfExists).parquet(path);
        }
    }

    /** Writes a small text file (a summary) into the result. */
    void writeText(String name, String text) throws IOException {
        try (OutputStream out = fs.create(new Path(staging, name), false)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The staging folder of a part, for writers that are not tables (train-many's model files). */
    Path staged(String name) {
        return new Path(staging, name);
    }

    FileSystem fileSystem() {
        return fs;
    }

    /** Moves the finished result into place. */
    void commit() throws IOException {
        if (fs.exists(target)) {
            if (!overwrite) {
                throw new InvalidInputException("--output " + target + " appeared while the job ran; the result is "
                        + "left in " + staging);
            }
            Path old = new Path(target.getParent(), "." + target.getName() + ".replaced-" + UUID.randomUUID());
            if (!fs.rename(target, old)) {
                throw new IOException("cannot move the old " + target + " aside");
            }
            rename();
            fs.delete(old, true);
        } else {
            rename();
        }
        committed = true;
    }

    private void rename() throws IOException {
        if (!fs.rename(staging, target)) {
            throw new IOException("cannot rename " + staging + " to " + target);
        }
    }

    String target() {
        return target.toString();
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            fs.delete(staging, true);
        }
    }
}
