package dev.seqae.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.split;

import dev.seqae.data.Layout;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.Options;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import picocli.CommandLine.Option;

/**
 * Where the input table is and how its rows map to sequences, as {@code seqae}'s CSV options say
 * it for one file: the long form ({@code id,timestamp,features…}, one row per step), one
 * sequence per row, or time series (one per id, or one per file without an id column). Reading
 * goes through Spark's sources, so local paths, HDFS and object stores work alike.
 *
 * <p>{@link #steps} gives every layout the same shape — {@code id, label, ts, values, entity,
 * first} with {@code values} an array of floats and {@code first} the number of the sequence's
 * first row in the input (its place in the order {@code seqae} reads a file, when training asks
 * for input order) — with one sequence's rows consecutive, in time order (a numeric, date or
 * time timestamp in its own type; a text one by its number when it reads as one, else by its
 * text; file order without a timestamp) and in one partition, which is what
 * {@link SequenceRows} needs to rebuild sequences without holding a partition in memory.
 */
final class InputOptions {
    private static final Set<String> TIMESTAMP_NAMES = Set.of("timestamp", "time", "date", "datetime");

    @Option(names = {"-i", "--input"}, required = true, description = "input table: a file, folder or glob (any "
            + "Hadoop file system: file:, hdfs:, s3a:, ...)")
    String input;

    @Option(names = "--input-format", description = "csv or parquet (default: csv for .csv/.tsv/.txt names, else parquet)")
    String format;

    @Option(names = "--layout", description = "long (a row per step, grouped by --id-column), rows (a sequence per "
            + "row) or timeseries (a series per --id-column, or per file without one) (default: long with "
            + "--id-column, else rows)")
    String layout;

    @Option(names = "--delimiter", description = "CSV field separator (default: tab for .tsv, else ',')")
    String delimiter;

    @Option(names = "--header", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "the CSV files start with a header line (default: ${DEFAULT-VALUE})")
    boolean header;

    @Option(names = "--id-column", description = "sequence (long) or series (timeseries) id column, name or 0-based index")
    String idColumn;

    @Option(names = "--timestamp-column", description = "timestamp column (default: one named timestamp, time, date "
            + "or datetime)")
    String timestampColumn;

    @Option(names = "--label-column", description = "label column, carried to the output")
    String labelColumn;

    @Option(names = "--value-columns", split = ",", description = "value columns (default: every other column)")
    List<String> valueColumns;

    /** The layout asked for, or the default. */
    Layout layout() {
        if (layout == null) {
            return idColumn != null ? Layout.LONG : Layout.ROWS;
        }
        Layout l = Options.parseEnum(Layout.class, "--layout", layout);
        if (l == Layout.AUTO) {
            throw new InvalidInputException("--layout: give long, rows or timeseries");
        }
        if (l == Layout.LONG && idColumn == null) {
            throw new InvalidInputException("--layout long needs --id-column");
        }
        return l;
    }

    /** The table as Spark reads it, every column as it is in the files. */
    Dataset<Row> table(SparkSession spark) {
        DataFrameReader reader = spark.read();
        return switch (format()) {
            case "parquet" -> reader.parquet(input);
            case "csv" -> reader.option("header", header).option("sep", separator()).option("mode", "FAILFAST")
                    .csv(input);
            default -> throw new InvalidInputException("--input-format must be csv or parquet, got '" + format + "'");
        };
    }

    private String format() {
        return format != null ? format.toLowerCase(Locale.ROOT) : guessFormat();
    }

    private boolean csv() {
        return format().equals("csv");
    }

    private String guessFormat() {
        String name = input.toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt") ? "csv" : "parquet";
    }

    private String separator() {
        if (delimiter != null) {
            return String.valueOf(dev.seqae.data.CsvOptions.delimiter(delimiter, "--delimiter"));
        }
        return input.toLowerCase(Locale.ROOT).endsWith(".tsv") ? "\t" : ",";
    }

    /**
     * The input in the shape described above, sorted and partitioned for {@link SequenceRows}.
     *
     * @param inputOrder whether the sequences of a partition must follow in input order (training,
     *                   where the order of the data is part of the result); without it they follow
     *                   in id order and {@code first} is the number of some row of the sequence,
     *                   which saves a sort of every row
     */
    Steps steps(SparkSession spark, Integer partitions, boolean inputOrder) {
        return steps(spark, partitions, null, inputOrder);
    }

    /**
     * As {@link #steps(SparkSession, Integer, boolean)}, with a fifth column {@code entity}: the
     * value of {@code entityColumn} (a time series' entity is its id), the rows of one entity
     * consecutive and in one partition.
     */
    Steps steps(SparkSession spark, Integer partitions, String entityColumn, boolean inputOrder) {
        Dataset<Row> t = table(spark);
        String[] names = t.columns();
        Layout l = layout();
        String id = idColumn == null ? null : column(names, idColumn, "--id-column");
        String ts = timestampColumn != null ? column(names, timestampColumn, "--timestamp-column")
                : l == Layout.ROWS ? null : detectTimestamp(names);
        String label = labelColumn == null ? null : column(names, labelColumn, "--label-column");
        String entity = entityColumn == null ? null : column(names, entityColumn, "--entity-column");
        List<String> values = new ArrayList<>();
        if (valueColumns != null && !valueColumns.isEmpty()) {
            for (String v : valueColumns) {
                values.add(column(names, v, "--value-columns"));
            }
        } else {
            for (String n : names) {
                if (!n.equals(id) && !n.equals(ts) && !n.equals(label) && !n.equals(entity)) {
                    values.add(n);
                }
            }
        }
        if (values.isEmpty()) {
            throw new InvalidInputException(input + ": no value columns left (columns: " + String.join(", ", names) + ")");
        }
        if (l == Layout.TIMESERIES && id == null) {
            requireUniqueFileNames(t);
        }
        if (l == Layout.TIMESERIES && id == null && entity == null && !inputOrder && csv()
                && SeriesFiles.positional(List.of(names))) {
            // a series per file: each file read whole and parsed in the executor, no shuffle, no sort
            List<String> all = List.of(names);
            SeriesFiles files = new SeriesFiles(separator().charAt(0), header, ts == null ? null : all.indexOf(ts),
                    values.stream().mapToInt(all::indexOf).toArray());
            return new Steps(SeriesFiles.files(spark, input, partitions), l, values.toArray(String[]::new), files);
        }
        Column[] cells = values.stream().map(v -> col(quote(v)).try_cast(DataTypes.FloatType)).toArray(Column[]::new);
        Column idCol = id != null ? col(quote(id)).cast(DataTypes.StringType)
                : l == Layout.TIMESERIES ? fileName(names) : null;
        Column labelCol = label == null ? lit(null).cast(DataTypes.StringType) : col(quote(label)).cast(DataTypes.StringType);
        Column tsCol = ts == null ? lit(null).cast(DataTypes.StringType) : col(quote(ts)).cast(DataTypes.StringType);
        String[] features = l == Layout.ROWS ? new String[] {"value"} : values.toArray(String[]::new);
        // a time series' entity is the series (its id, or its file)
        Column entityCol = l == Layout.TIMESERIES ? idCol : entity == null ? lit(null).cast(DataTypes.StringType)
                : col(quote(entity)).cast(DataTypes.StringType);
        if (l == Layout.ROWS && entity == null) {
            // one sequence per row: no shuffle; without an id the row's place in the input is its id (as seqae reads it)
            Dataset<Row> rows = t.select(idCol == null ? lit(null).cast(DataTypes.StringType).as("id") : idCol.as("id"),
                    labelCol.as("label"), tsCol.as("ts"), array(cells).as("values"), entityCol.as("entity"),
                    monotonically_increasing_id().as("first"));
            if (idCol == null) {
                rows = numbered(spark, rows);
            }
            return new Steps(rows, l, features, null);
        }
        Column row = col("_seqae_row");
        Dataset<Row> steps = t.withColumn("_seqae_row", monotonically_increasing_id())
                .select(idCol == null ? row.cast(DataTypes.StringType).as("id") : idCol.as("id"), labelCol.as("label"),
                        tsCol.as("ts"), array(cells).as("values"), entityCol.as("entity"), row,
                        timeOrder(t, ts).as("_seqae_time"));
        Column key = entity == null ? col("id") : col("entity");
        steps = partitions == null ? steps.repartition(key) : steps.repartition(partitions, key);
        // sequences in the order of their first row (as seqae reads a file) or of their ids, steps in time order
        steps = steps.withColumn("_seqae_first", inputOrder
                ? min(row).over(Window.partitionBy(col("entity"), col("id"))) : row);
        Column[] sequence = inputOrder ? new Column[] {key, col("_seqae_first"), col("id")}
                : new Column[] {key, col("id")};
        Column[] time = ts == null ? new Column[] {row} : new Column[] {col("_seqae_time").asc_nulls_last(), col("ts"),
            row};
        Column[] order = java.util.stream.Stream.concat(java.util.Arrays.stream(sequence), java.util.Arrays.stream(time))
                .toArray(Column[]::new);
        steps = steps.sortWithinPartitions(order).drop("_seqae_row", "_seqae_time")
                .withColumnRenamed("_seqae_first", "first");
        return new Steps(steps, l, features, null);
    }

    /**
     * A series per file is named by the file's name: two files of one name (in two folders of a
     * glob) would be one id — merged into one series by the rows' path — so they are refused.
     */
    private void requireUniqueFileNames(Dataset<Row> t) {
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (String f : t.inputFiles()) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(java.net.URI.create(f));
            String other = seen.putIfAbsent(path.getName(), path.toString());
            if (other != null) {
                throw new InvalidInputException(input + ": two files named " + path.getName() + " (" + other + ", "
                        + path + "); a series per file is named by its file: rename one, or give --id-column");
            }
        }
    }

    /**
     * What orders the steps of a sequence in time: the timestamp column itself when it is a
     * number, a date or a time (sorted in its own type, not converted to text and back), else its
     * text read as a number (null when it is not one; those steps then follow in text order).
     */
    private static Column timeOrder(Dataset<Row> t, String ts) {
        if (ts == null) {
            return lit(null).cast(DataTypes.DoubleType);
        }
        org.apache.spark.sql.types.DataType type = t.schema().apply(ts).dataType();
        Column c = col(quote(ts));
        boolean ordered = type instanceof org.apache.spark.sql.types.NumericType
                || type instanceof org.apache.spark.sql.types.DateType
                || type instanceof org.apache.spark.sql.types.TimestampType
                || type instanceof org.apache.spark.sql.types.TimestampNTZType;
        return ordered ? c : c.try_cast(DataTypes.DoubleType);
    }

    /**
     * The name of the file a row came from: the file source's metadata column (one value per file,
     * no text work per row), or the last part of {@code input_file_name()} when a data column is
     * called {@code _metadata}.
     */
    private static Column fileName(String[] names) {
        return java.util.Arrays.asList(names).contains("_metadata")
                ? element_at(split(input_file_name(), "/"), -1) : col("_metadata.file_name");
    }

    /** Ids 0, 1, 2, ... in input order, as seqae numbers the rows of one file. */
    private static Dataset<Row> numbered(SparkSession spark, Dataset<Row> rows) {
        org.apache.spark.api.java.JavaRDD<Row> r = rows.javaRDD().zipWithIndex()
                .map(p -> org.apache.spark.sql.RowFactory.create(Long.toString(p._2()), p._1().get(1), p._1().get(2),
                        p._1().get(3), p._1().get(4), p._2()));
        return spark.createDataFrame(r, rows.schema());
    }

    private static String detectTimestamp(String[] names) {
        for (String n : names) {
            if (TIMESTAMP_NAMES.contains(n.toLowerCase(Locale.ROOT))) {
                return n;
            }
        }
        return null;
    }

    /** A column by name or 0-based index; an unknown one names the option and the columns there are. */
    static String column(String[] names, String ref, String option) {
        for (String n : names) {
            if (n.equals(ref)) {
                return n;
            }
        }
        if (ref.matches("\\d+")) {
            int i = Integer.parseInt(ref);
            if (i < names.length) {
                return names[i];
            }
        }
        throw new InvalidInputException(option + ": no column '" + ref + "' (columns: "
                + String.join(", ", new LinkedHashSet<>(List.of(names))) + ")");
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * The normalised input: {@code id, label, ts, values}, and what each value is.
     *
     * @param rows     the rows, sorted and partitioned as {@link SequenceRows} needs; or, with
     *                 {@code files}, the input's files
     * @param layout   the layout they came in
     * @param features the feature names ({@code value} for one sequence per row)
     * @param files    how to read the files of {@code rows} (a series per file), or null for rows
     */
    record Steps(Dataset<Row> rows, Layout layout, String[] features, SeriesFiles files) {
        /** What turns a partition of {@code rows} into its sequences (sent to the executors). */
        Reader reader() {
            return new Reader(layout, features, files);
        }
    }

    /** Turns a partition of {@link Steps#rows} into its sequences, in the executors. */
    record Reader(Layout layout, String[] features, SeriesFiles files) implements java.io.Serializable {
        Pieces pieces(java.util.Iterator<Row> rows) {
            return new Pieces(files != null ? files.pieces(rows) : new SequenceRows(rows, layout, features));
        }
    }
}
