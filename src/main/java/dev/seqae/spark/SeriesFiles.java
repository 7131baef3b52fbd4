package dev.seqae.spark;

import static org.apache.spark.sql.functions.col;

import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.Imputation;
import dev.seqae.data.Layout;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.DataFormatException;
import dev.seqae.errors.InvalidInputException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Time series stored one per CSV file (no id column: the file's name is the series' id), read a
 * whole file at a time. Spark's {@code binaryFile} source gives each task whole files, and the
 * executor parses each with {@code seqae}'s own CSV reader — the same parsing, checks and messages
 * (file, line, column) as {@code seqae score FILE} — so a series' rows need no shuffle by id and
 * no sort. The columns are those {@link InputOptions} chose from the table's header, by position;
 * the steps are put in time order as {@link InputOptions#steps} orders rows (by the timestamp's
 * number when it reads as one, else its text, else file order), which for a file already in time
 * order — the usual case — leaves them as they are.
 */
final class SeriesFiles implements Serializable {
    private static final long serialVersionUID = 1L;

    private final char delimiter;
    private final boolean header;
    private final Integer timestamp;
    private final int[] values;

    /**
     * @param delimiter the field separator
     * @param header    whether each file starts with a header line
     * @param timestamp the timestamp column's position, or null
     * @param values    the value columns' positions
     */
    SeriesFiles(char delimiter, boolean header, Integer timestamp, int[] values) {
        this.delimiter = delimiter;
        this.header = header;
        this.timestamp = timestamp;
        this.values = values.clone();
    }

    /**
     * The input's files, one row each ({@code name, path, content}), in as many partitions as asked
     * (more groups of files than asked are coalesced, without a shuffle; fewer are spread by one),
     * else as Spark packs them ({@code spark.sql.files.maxPartitionBytes}, {@code openCostInBytes}).
     */
    static Dataset<Row> files(SparkSession spark, String input, Integer partitions) {
        Dataset<Row> files = spark.read().format("binaryFile").load(input)
                .select(col("_metadata.file_name").as("name"), col("path"), col("content"));
        if (partitions != null) {
            int have = files.rdd().getNumPartitions();
            files = have > partitions ? files.coalesce(partitions) : have < partitions ? files.repartition(partitions)
                    : files;
        }
        return files;
    }

    /** The series of one partition's files, a file at a time. */
    Iterator<SequenceRows.Piece> pieces(Iterator<Row> files) {
        CsvOptions options = new CsvOptions(Layout.TIMESERIES, delimiter, header,
                timestamp == null ? null : timestamp.toString(),
                Arrays.stream(values).mapToObj(Integer::toString).toList(), null, null, Imputation.NONE);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return files.hasNext();
            }

            @Override
            public SequenceRows.Piece next() {
                if (!files.hasNext()) {
                    throw new NoSuchElementException();
                }
                Row f = files.next();
                String name = f.getString(0);
                TimeSeries ts;
                try {
                    ts = read((byte[]) f.get(2), f.getString(1), options);
                } catch (InvalidInputException e) {
                    // as a bad row's: the job decides (score fails, train-many fails this series only)
                    return new SequenceRows.Piece(name, null, null, new float[0][], name, e.getMessage(), 0L);
                }
                String[] stamps = timestamp == null ? null : ts.timestamps();
                float[][] v = ts.values();
                Integer[] order = stamps == null ? null : timeOrder(stamps);
                if (order != null) {
                    String[] s = new String[stamps.length];
                    float[][] w = new float[v.length][];
                    for (int i = 0; i < order.length; i++) {
                        s[i] = stamps[order[i]];
                        w[i] = v[order[i]];
                    }
                    stamps = s;
                    v = w;
                }
                return new SequenceRows.Piece(name, null, stamps, v, name, null, 0L);
            }
        };
    }

    private static TimeSeries read(byte[] content, String path, CsvOptions options) {
        try {
            return (TimeSeries) CsvDataReader.read(content, path, options);
        } catch (DataFormatException e) {
            // the reader's hint names seqae's imputation options, which the Spark jobs do not have
            String detail = e.detail();
            if (!detail.endsWith(CsvDataReader.IMPUTATION_HINT)) {
                throw e;
            }
            throw new DataFormatException(e.file(), e.line(), e.column(), detail.substring(0, detail.length()
                    - CsvDataReader.IMPUTATION_HINT.length()) + "; NaN, infinity and empty cells are not values");
        }
    }

    /**
     * The order that puts the steps in time order as {@link InputOptions#steps} does — by the
     * timestamp's number when it reads as one (those first), then by its text, then by place — or
     * null when they are in that order already.
     */
    static Integer[] timeOrder(String[] stamps) {
        double[] numbers = new double[stamps.length];
        for (int i = 0; i < stamps.length; i++) {
            numbers[i] = number(stamps[i]);
        }
        boolean ordered = true;
        for (int i = 1; i < stamps.length && ordered; i++) {
            ordered = compare(numbers, stamps, i - 1, i) < 0;
        }
        if (ordered) {
            return null;
        }
        Integer[] order = new Integer[stamps.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> compare(numbers, stamps, a, b));
        return order;
    }

    private static int compare(double[] numbers, String[] stamps, int a, int b) {
        boolean na = !Double.isNaN(numbers[a]);
        boolean nb = !Double.isNaN(numbers[b]);
        int c = na && nb ? Double.compare(numbers[a], numbers[b]) : na ? -1 : nb ? 1 : 0;
        if (c == 0) {
            c = stamps[a] == null ? (stamps[b] == null ? 0 : 1) : stamps[b] == null ? -1 : stamps[a].compareTo(stamps[b]);
        }
        return c != 0 ? c : Integer.compare(a, b);
    }

    /** The time stamp as a number, or NaN when it is not one (checked before parsing: no exception per date). */
    private static double number(String s) {
        if (s == null) {
            return Double.NaN;
        }
        String t = s.trim();
        if (t.isEmpty()) {
            return Double.NaN;
        }
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if ((ch < '0' || ch > '9') && ch != '.' && ch != 'e' && ch != 'E' && ((ch != '-' && ch != '+') || i > 0
                    && t.charAt(i - 1) != 'e' && t.charAt(i - 1) != 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Whether the table's columns can be given to the CSV reader by position (no name reads as a number). */
    static boolean positional(List<String> names) {
        return names.stream().noneMatch(n -> n.matches("\\d+"));
    }
}
