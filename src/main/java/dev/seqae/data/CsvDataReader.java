package dev.seqae.data;

import dev.seqae.errors.DataFormatException;
import dev.seqae.errors.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV/TSV files in the three layouts of {@link Layout}. Every problem is reported as a
 * {@link DataFormatException} naming the file, line and column; nothing is returned half-read.
 *
 * <p>Detection ({@link Layout#AUTO}): an id column means {@link Layout#LONG}; otherwise a header
 * line means {@link Layout#TIMESERIES}; a headerless file with 10 or more columns is
 * {@link Layout#ROWS}; anything else is a time series. A header is detected when line 1 has a
 * non-numeric cell where line 2 has a number.
 */
public final class CsvDataReader {
    private static final Set<String> TIMESTAMP_NAMES = Set.of("timestamp", "time", "date", "datetime");
    private static final int ROWS_MIN_COLUMNS = 10;

    /** How a message about a missing or non-finite value ends: the imputation options fill it. */
    public static final String IMPUTATION_HINT = "; use an imputation option to fill it";

    private CsvDataReader() {
    }

    /** Reads a file. */
    public static Dataset read(Path file, CsvOptions options) {
        return readLocated(file, options).dataset();
    }

    /** Reads a file, called {@code name} in messages (a server names its files without their folder). */
    public static Dataset read(Path file, String name, CsvOptions options) {
        return readLocated(file, name, options).dataset();
    }

    /** Reads CSV text (an HTTP body, say); {@code name} is used in messages. */
    public static Dataset read(String text, String name, CsvOptions options) {
        return parse(text, name, options).dataset();
    }

    /**
     * Reads a file and remembers where every value came from, so that other values (a denoised
     * version, say) can be written back in the file's own layout: {@link Located#write}.
     */
    public static Located readLocated(Path file, CsvOptions options) {
        return readLocated(file, file.toString(), options);
    }

    /** As {@link #readLocated(Path, CsvOptions)}, the file called {@code name} in messages. */
    public static Located readLocated(Path file, String name, CsvOptions options) {
        if (!Files.exists(file)) {
            throw new DataFormatException(name, 0, 0, "file not found");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new DataFormatException(name, 0, 0, "not a readable file");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataFormatException(name, "cannot read: " + e.getMessage(), e);
        }
        return parse(content, name, options);
    }

    /**
     * Reads a file's bytes as {@link #read(Path, String, CsvOptions)} reads the file (a job that
     * got them from another file system, say): UTF-8, tab-separated when {@code name} ends in .tsv
     * and no delimiter is given.
     */
    public static Dataset read(byte[] content, String name, CsvOptions options) {
        return parse(content, name, options).dataset();
    }

    private static Located parse(byte[] content, String name, CsvOptions options) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(content)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DataFormatException(name, 0, 0, "not a text file (not valid UTF-8): give a CSV or TSV file");
        }
        Character delimiter = options.delimiter();
        if (delimiter == null && name.toLowerCase(Locale.ROOT).endsWith(".tsv")) {
            delimiter = '\t';
        }
        return parse(text, name, withDelimiter(options, delimiter));
    }

    private static Located parse(String text, String name, CsvOptions options) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);   // a UTF-8 byte-order mark (as spreadsheet programs write it) is not data
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new DataFormatException(name, 0, 0, "not a text file (it holds NUL bytes): give a CSV or TSV file");
        }
        if (text.isBlank()) {
            throw new DataFormatException(name, 0, 0, "file is empty");
        }
        char delimiter = options.delimiter() != null ? options.delimiter() : sniffDelimiter(text);
        List<CSVRecord> records = parse(new StringReader(text), name, delimiter);
        if (records.isEmpty()) {
            throw new DataFormatException(name, 0, 0, "file is empty");
        }
        boolean header = options.header() != null ? options.header() : detectHeader(records);
        CsvTable table = new CsvTable(name, records, header);
        if (table.rows.isEmpty()) {
            throw new DataFormatException(name, 0, 0, "no data rows after the header");
        }
        Layout layout = options.layout();
        if (layout == Layout.AUTO) {
            if (options.idColumn() != null) {
                layout = Layout.LONG;
            } else if (!header && table.width >= ROWS_MIN_COLUMNS) {
                layout = Layout.ROWS;
            } else {
                layout = Layout.TIMESERIES;
            }
        }
        Dataset d = switch (layout) {
            case TIMESERIES -> readTimeSeries(table, options);
            case ROWS -> readRows(table, options);
            case LONG -> readLong(table, options);
            case AUTO -> throw new IllegalStateException("unreachable");
        };
        return new Located(d, layout, delimiter, records, valueColumns(table, options, layout),
                cells(table, options, layout));
    }

    /** The value columns as the layout's reader chose them. */
    private static int[] valueColumns(CsvTable t, CsvOptions o, Layout layout) {
        Integer label = t.optionalColumn(o.labelColumn(), "label");
        return switch (layout) {
            case TIMESERIES -> t.valueColumns(o.valueColumns(), timestampColumn(t, o), label);
            case ROWS -> t.valueColumns(o.valueColumns(), label);
            case LONG -> t.valueColumns(o.valueColumns(), t.column(o.idColumn(), "id"), timestampColumn(t, o), label);
            case AUTO -> throw new IllegalStateException("unreachable");
        };
    }

    /** Per data row: the sequence it belongs to and its step (ROWS: the row is the sequence, step 0). */
    private static int[][] cells(CsvTable t, CsvOptions o, Layout layout) {
        int[][] out = new int[t.rows.size()][];
        Map<String, Integer> index = new LinkedHashMap<>();
        Map<String, Integer> steps = new LinkedHashMap<>();
        int id = layout == Layout.LONG ? t.column(o.idColumn(), "id") : -1;
        for (int r = 0; r < out.length; r++) {
            out[r] = switch (layout) {
                case TIMESERIES -> new int[] {0, r};
                case ROWS -> new int[] {r, 0};
                default -> {
                    String key = t.rows.get(r).get(id);
                    int seq = index.computeIfAbsent(key, k -> index.size());
                    yield new int[] {seq, steps.merge(key, 1, Integer::sum) - 1};
                }
            };
        }
        return out;
    }

    /** A file as read, with where each value came from. */
    public static final class Located {
        private final Dataset dataset;
        private final Layout layout;
        private final char delimiter;
        private final List<CSVRecord> records;
        private final int[] valueColumns;
        private final int[][] cells;

        Located(Dataset dataset, Layout layout, char delimiter, List<CSVRecord> records, int[] valueColumns,
                int[][] cells) {
            this.dataset = dataset;
            this.layout = layout;
            this.delimiter = delimiter;
            this.records = records;
            this.valueColumns = valueColumns;
            this.cells = cells;
        }

        public Dataset dataset() {
            return dataset;
        }

        /**
         * The file again — same layout, header, delimiter, other columns — with the values
         * replaced: {@code values} holds the series (one entry) for a time series, else one entry per
         * sequence, each shaped as the dataset's.
         */
        public void write(List<float[][]> values, Appendable out) throws IOException {
            int headerRecords = records.size() - cells.length;
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setRecordSeparator('\n').get();
            CSVPrinter p = new CSVPrinter(out, format);          // not closed: the caller owns out
            for (int i = 0; i < records.size(); i++) {
                CSVRecord rec = records.get(i);
                String[] cellsOut = rec.values().clone();
                if (i >= headerRecords) {
                    int[] at = cells[i - headerRecords];
                    float[][] v = values.get(at[0]);
                    for (int j = 0; j < valueColumns.length; j++) {
                        float x = layout == Layout.ROWS ? v[j][0] : v[at[1]][j];
                        cellsOut[valueColumns[j]] = Float.toString(x);
                    }
                }
                p.printRecord((Object[]) cellsOut);
            }
            p.flush();
        }
    }

    private static CsvOptions withDelimiter(CsvOptions o, Character d) {
        return new CsvOptions(o.layout(), d, o.header(), o.timestampColumn(), o.valueColumns(), o.labelColumn(),
                o.idColumn(), o.imputation());
    }

    private static char sniffDelimiter(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        char best = ',';
        long bestCount = 0;
        for (char c : new char[] {',', '\t', ';'}) {
            long n = first.chars().filter(ch -> ch == c).count();
            if (n > bestCount) {
                best = c;
                bestCount = n;
            }
        }
        return best;
    }

    private static List<CSVRecord> parse(Reader in, String name, char delimiter) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false)
                .setTrim(true).get();
        List<CSVRecord> out = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(format).get()) {
            for (CSVRecord r : parser) {
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue;   // blank line
                }
                out.add(r);
            }
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(name, "malformed CSV: " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean detectHeader(List<CSVRecord> records) {
        CSVRecord first = records.get(0);
        if (records.size() == 1) {
            for (String cell : first) {
                if (!cell.isEmpty() && !isNumber(cell)) {
                    return true;
                }
            }
            return false;
        }
        CSVRecord second = records.get(1);
        for (int i = 0; i < Math.min(first.size(), second.size()); i++) {
            if (!first.get(i).isEmpty() && !isNumber(first.get(i)) && isNumber(second.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Integer timestampColumn(CsvTable t, CsvOptions o) {
        if (o.timestampColumn() != null) {
            return t.column(o.timestampColumn(), "timestamp");
        }
        for (int i = 0; i < t.width; i++) {
            if (t.hasHeader && TIMESTAMP_NAMES.contains(t.names[i].toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        if (!t.hasHeader && t.width > 1 && !isNumber(t.rows.get(0).get(0))) {
            return 0;
        }
        return null;
    }

    private static TimeSeries readTimeSeries(CsvTable t, CsvOptions o) {
        Integer ts = timestampColumn(t, o);
        // a column given as the time stamps, or named so by the header, must hold them; a headerless
        // first column that is merely not numeric (ids, labels) is kept as it is
        boolean checked = ts != null && (o.timestampColumn() != null || t.hasHeader);
        Integer label = t.optionalColumn(o.labelColumn(), "label");
        int[] cols = t.valueColumns(o.valueColumns(), ts, label);
        float[][] values = new float[t.rows.size()][cols.length];
        String[] stamps = ts == null ? null : new String[t.rows.size()];
        for (int i = 0; i < t.rows.size(); i++) {
            CSVRecord r = t.rows.get(i);
            for (int j = 0; j < cols.length; j++) {
                values[i][j] = t.number(r, cols[j], o.imputation());
            }
            if (stamps != null) {
                stamps[i] = r.get(ts);
                if (checked) {
                    requireTimeStamp(t, r, ts, stamps[i]);
                }
            }
        }
        impute(values, o.imputation(), t.file, t.namesOf(cols));
        return new TimeSeries(t.file, stamps, values, t.namesOf(cols));
    }

    /** A time stamp must be a number or a date-time ({@link TimeSegments#seconds}); else an error at its cell. */
    private static void requireTimeStamp(CsvTable t, CSVRecord r, int column, String stamp) {
        try {
            TimeSegments.seconds(t.file, 0, stamp);
        } catch (InvalidInputException e) {
            String name = t.hasHeader ? "'" + t.names[column] + "'" : (column + 1) + "";
            throw new DataFormatException(t.file, (int) r.getRecordNumber(), column + 1, "time stamp '" + stamp
                    + "' (column " + name + ") is neither a number nor a date-time (yyyy-MM-dd HH:mm:ss or ISO-8601)");
        }
    }

    private static SequenceSet readRows(CsvTable t, CsvOptions o) {
        Integer label = t.optionalColumn(o.labelColumn(), "label");
        int[] cols = t.valueColumns(o.valueColumns(), label);
        List<LabeledSequence> seqs = new ArrayList<>(t.rows.size());
        for (int i = 0; i < t.rows.size(); i++) {
            CSVRecord r = t.rows.get(i);
            float[][] v = new float[cols.length][1];
            for (int j = 0; j < cols.length; j++) {
                v[j][0] = t.number(r, cols[j], o.imputation());
            }
            impute(v, o.imputation(), t.file + ", line " + r.getRecordNumber(), new String[] {"value"});
            seqs.add(new LabeledSequence(Integer.toString(i), label == null ? null : r.get(label), v));
        }
        return new SequenceSet(t.file, seqs, new String[] {"value"});
    }

    private static SequenceSet readLong(CsvTable t, CsvOptions o) {
        int id = t.column(o.idColumn(), "id");
        Integer ts = timestampColumn(t, o);
        Integer label = t.optionalColumn(o.labelColumn(), "label");
        int[] cols = t.valueColumns(o.valueColumns(), id, ts, label);
        Map<String, List<float[]>> steps = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (CSVRecord r : t.rows) {
            String key = r.get(id);
            if (key.isEmpty()) {
                throw new DataFormatException(t.file, r.getRecordNumber(), id + 1, "empty sequence id");
            }
            float[] step = new float[cols.length];
            for (int j = 0; j < cols.length; j++) {
                step[j] = t.number(r, cols[j], o.imputation());
            }
            steps.computeIfAbsent(key, k -> new ArrayList<>()).add(step);
            if (label != null) {
                String l = r.get(label);
                String before = labels.putIfAbsent(key, l);
                if (before != null && !before.equals(l)) {
                    throw new DataFormatException(t.file, r.getRecordNumber(), label + 1, "sequence '" + key
                            + "' has label '" + l + "' here but '" + before + "' before");
                }
            }
        }
        List<LabeledSequence> seqs = new ArrayList<>(steps.size());
        String[] names = t.namesOf(cols);
        for (var e : steps.entrySet()) {
            float[][] v = e.getValue().toArray(new float[0][]);
            impute(v, o.imputation(), t.file + ", sequence '" + e.getKey() + "'", names);
            seqs.add(new LabeledSequence(e.getKey(), labels.get(e.getKey()), v));
        }
        return new SequenceSet(t.file, seqs, names);
    }

    /** Fills NaN cells (only present when imputation is on). */
    static void impute(float[][] v, Imputation how, String where, String[] names) {
        if (how == Imputation.NONE) {
            return;
        }
        int features = v.length == 0 ? 0 : v[0].length;
        for (int f = 0; f < features; f++) {
            if (how == Imputation.ZERO) {
                for (float[] row : v) {
                    if (Float.isNaN(row[f])) {
                        row[f] = 0f;
                    }
                }
                continue;
            }
            int firstValid = -1;
            for (int i = 0; i < v.length; i++) {
                if (!Float.isNaN(v[i][f])) {
                    firstValid = i;
                    break;
                }
            }
            if (firstValid < 0) {
                throw new DataFormatException(where, 0, 0, "feature '" + names[f] + "' has no finite value to impute from");
            }
            float last = v[firstValid][f];
            for (float[] row : v) {
                if (Float.isNaN(row[f])) {
                    row[f] = last;
                } else {
                    last = row[f];
                }
            }
        }
    }
}
