package dev.seqae.cli;

import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.Dataset;
import dev.seqae.data.Imputation;
import dev.seqae.data.Layout;
import dev.seqae.model.Options;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that say how to read a data file, shared by every command that reads one. */
final class CsvOptionsMixin {
    @Option(names = "--layout", description = "timeseries, rows, long or auto (default: ${DEFAULT-VALUE})",
            defaultValue = "auto")
    String layout;

    @Option(names = "--delimiter", description = "field separator (default: tab for .tsv, else detected)")
    String delimiter;

    @Option(names = "--header", negatable = true, description = "the first line is a header (default: detected)")
    Boolean header;

    @Option(names = "--timestamp-column", description = "timestamp column (name or 0-based index)")
    String timestampColumn;

    @Option(names = "--value-columns", split = ",", description = "value columns (default: all others)")
    List<String> valueColumns;

    @Option(names = "--label-column", description = "label column (rows and long layouts)")
    String labelColumn;

    @Option(names = "--id-column", description = "sequence-id column (long layout)")
    String idColumn;

    @Option(names = "--impute", description = "none, previous or zero: fill NaN/Inf/empty cells (default: ${DEFAULT-VALUE})",
            defaultValue = "none")
    String impute;

    CsvOptions options() {
        Character d = CsvOptions.delimiter(delimiter, "--delimiter");
        return new CsvOptions(Options.parseEnum(Layout.class, "--layout", layout), d, header, timestampColumn,
                valueColumns, labelColumn, idColumn, Options.parseEnum(Imputation.class, "--impute", impute));
    }

    Dataset read(Path file) {
        return CsvDataReader.read(file, options());
    }
}
