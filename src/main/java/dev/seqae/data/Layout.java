package dev.seqae.data;

/** How rows of a CSV file map to sequences. */
public enum Layout {
    /** One long series: an optional timestamp column and one or more value columns. */
    TIMESERIES,
    /** One sequence per row: an optional label column, then the values (univariate). */
    ROWS,
    /** Long form: a sequence-id column groups rows into sequences of any length. */
    LONG,
    /** Choose from the options and the file: see {@link CsvDataReader}. */
    AUTO
}
