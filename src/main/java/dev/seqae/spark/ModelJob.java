package dev.seqae.spark;

import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.Layout;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.Options;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A job that applies one trained model to a table: score, encode, detect. The model is broadcast
 * as its file's bytes ({@link ModelBytes}); each partition rebuilds its sequences
 * ({@link SequenceRows}) and gives them to the model {@code --batch-size} at a time, as
 * {@code seqae score} gives a file's; the result is written atomically ({@link StagedOutput}).
 */
abstract class ModelJob extends SparkJob {
    @Mixin
    InputOptions input;

    @Mixin
    StagedOutput.Options output;

    @Option(names = {"-m", "--model"}, required = true, description = "a .seqae model file (any Hadoop file system), "
            + "or a registry model folder (its active version)")
    String model;

    @Option(names = "--version", description = "with a registry folder: this version instead of the active one")
    Integer version;

    @Option(names = "--batch-size", defaultValue = "256", description = "sequences given to the model at a time "
            + "(default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--threshold", description = "percentile, mean-k-sigma, gaussian, pot or dynamic (default: the model's)")
    String threshold;

    /** Counts the rows the job's batches produce (set by {@link #run} before {@link #result}). */
    org.apache.spark.util.LongAccumulator produced;

    /**
     * The job's table from the input's normalised rows (on the driver: the plan, not the work).
     *
     * @param steps the input
     * @param bytes the broadcast model
     * @param local the model, loaded on the driver (for its shape and names)
     */
    abstract Dataset<Row> result(InputOptions.Steps steps, ModelBytes bytes, ModelBytes.Loaded local);

    /** The line printed when the result is in place. */
    abstract String summary(long rows, InputOptions.Steps steps);

    @Override
    int run(SparkSession spark) throws Exception {
        if (batchSize < 1) {
            throw new InvalidInputException("--batch-size must be at least 1, got " + batchSize);
        }
        strategy();
        ModelBytes bytes = ModelBytes.broadcast(spark, model, version);
        ModelBytes.Loaded local = bytes.get();
        InputOptions.Steps steps = input.steps(spark, partitions, false);
        if (steps.features().length != local.model().features()) {
            throw new InvalidInputException(input.input + ": " + steps.features().length + " value column(s) ("
                    + String.join(", ", steps.features()) + ") for a model of " + local.model().features()
                    + " feature(s) (" + String.join(", ", local.model().featureNames()) + ")");
        }
        produced = spark.sparkContext().longAccumulator(name() + " rows");
        try (StagedOutput out = StagedOutput.open(spark, output)) {
            long rows = write(spark, out, result(steps, bytes, local));
            out.commit();
            System.err.println("seqae-spark " + name() + ": " + summary(rows, steps) + " -> " + out.target());
        }
        return 0;
    }

    /**
     * Writes the result into the output in one pass over the input; returns the count the summary
     * reports (rows written, counted as the batches produce them).
     */
    long write(SparkSession spark, StagedOutput out, Dataset<Row> table) {
        out.write(table, name());
        return produced.value();
    }

    /** The threshold strategy asked for, or null for the model's default. */
    ThresholdStrategy strategy() {
        return threshold == null ? null : Options.parseEnum(ThresholdStrategy.class, "--threshold", threshold);
    }

    boolean timeSeries(InputOptions.Steps steps) {
        return steps.layout() == Layout.TIMESERIES;
    }

    /** A time series needs a model trained on windows of one. */
    void requireWindowed(ModelBytes.Loaded local) {
        if (local.model().config().window() <= 0) {
            throw new InvalidInputException("--layout timeseries: " + model + " was trained on separate sequences; "
                    + "give --layout long or rows");
        }
    }

    /**
     * Maps every partition's sequences, a batch at a time, to output rows of {@code schema}.
     *
     * @param produced counts the rows
     * @param work     what one batch becomes (runs in the executors)
     */
    static Dataset<Row> perBatch(InputOptions.Steps steps, int batchSize, StructType schema,
                                 org.apache.spark.util.LongAccumulator produced, BatchWork work) {
        InputOptions.Reader reader = steps.reader();
        MapPartitionsFunction<Row, Row> f = rows -> {
            Pieces pieces = reader.pieces(rows);
            return new Iterator<>() {
                private Iterator<Row> current = java.util.Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!current.hasNext() && pieces.hasNext()) {
                        List<SequenceRows.Piece> batch = pieces.batch(batchSize);
                        batch.forEach(SequenceRows.Piece::checked);
                        List<Row> out = work.apply(batch);
                        produced.add(out.size());
                        current = out.iterator();
                    }
                    return current.hasNext();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return current.next();
                }
            };
        };
        return steps.rows().mapPartitions(f, Encoders.row(schema));
    }

    /** What one batch of sequences becomes: output rows. */
    @FunctionalInterface
    interface BatchWork extends java.io.Serializable {
        List<Row> apply(List<SequenceRows.Piece> batch);
    }

    /** The values of a batch, as the model takes them. */
    static List<float[][]> values(List<SequenceRows.Piece> batch) {
        List<float[][]> v = new ArrayList<>(batch.size());
        for (SequenceRows.Piece p : batch) {
            v.add(p.values());
        }
        return v;
    }
}
