package dev.seqae.data;

import dev.seqae.errors.InvalidInputException;
import java.util.List;

/**
 * How to read a CSV/TSV file. Columns are named by header name or by 0-based index (as text).
 *
 * @param layout          the layout, or {@link Layout#AUTO}
 * @param delimiter       the separator, or {@code null} to detect (tab for .tsv, else from line 1)
 * @param header          {@code TRUE}/{@code FALSE}, or {@code null} to detect (a non-numeric cell in line 1)
 * @param timestampColumn time series/long form: a column to carry along as timestamps, or {@code null}
 *                        (detected from a header named timestamp, time or date)
 * @param valueColumns    the value columns, or empty for every column not otherwise used
 * @param labelColumn     rows/long form: the label column, or {@code null}
 * @param idColumn        long form: the sequence-id column
 * @param imputation      what to do with NaN/Inf/empty cells
 */
public record CsvOptions(Layout layout, Character delimiter, Boolean header, String timestampColumn,
                         List<String> valueColumns, String labelColumn, String idColumn, Imputation imputation) {

    public CsvOptions {
        layout = layout == null ? Layout.AUTO : layout;
        valueColumns = valueColumns == null ? List.of() : List.copyOf(valueColumns);
        imputation = imputation == null ? Imputation.NONE : imputation;
        if (layout == Layout.LONG && idColumn == null) {
            throw new InvalidInputException("the long layout needs an id column (--id-column)");
        }
    }

    /**
     * A delimiter as a user writes it ({@code ","}, {@code "\t"}, {@code "tab"}), or null for
     * detection; {@code option} names it in the error.
     */
    public static Character delimiter(String value, String option) {
        if (value == null) {
            return null;
        }
        String v = value.equals("\\t") || value.equalsIgnoreCase("tab") ? "\t" : value;
        if (v.length() != 1) {
            throw new InvalidInputException(option + " must be one character, got '" + value + "'");
        }
        return v.charAt(0);
    }

    /** Detect everything. */
    public static CsvOptions auto() {
        return new CsvOptions(Layout.AUTO, null, null, null, List.of(), null, null, Imputation.NONE);
    }

    /** One sequence per row with the label in the given column (the UCR format, e.g. ECG5000). */
    public static CsvOptions rows(String labelColumn) {
        return new CsvOptions(Layout.ROWS, null, false, null, List.of(), labelColumn, null, Imputation.NONE);
    }
}
