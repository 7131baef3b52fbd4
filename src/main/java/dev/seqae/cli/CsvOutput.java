package dev.seqae.cli;

import dev.seqae.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes CSV to a file (atomically, see {@link AtomicFiles}) or to stdout. */
final class CsvOutput {
    /** Produces the rows. */
    interface Rows {
        void write(CSVPrinter printer) throws IOException;
    }

    private CsvOutput() {
    }

    static void write(Path file, List<String> header, Rows rows) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
                .setRecordSeparator('\n').get();
        if (file == null) {
            PrintStream out = System.out;
            CSVPrinter p = new CSVPrinter(out, format);
            rows.write(p);
            p.flush();
            return;
        }
        AtomicFiles.write(file, os -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            CSVPrinter p = new CSVPrinter(w, format);
            rows.write(p);
            p.flush();
        });
    }

    static String num(double v) {
        return Double.toString(v);
    }
}
