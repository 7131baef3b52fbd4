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

    /** {@code --format}: true for json, false for csv, exit 2 for anything else. */
    static boolean isJson(String format) {
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "csv" -> false;
            case "json" -> true;
            default -> throw new dev.seqae.errors.InvalidInputException("--format: '" + format
                    + "' is not one of csv, json");
        };
    }

    /** A JSON document, pretty-printed, to {@code file} (atomically) or to stdout when null. */
    static void writeJson(Path file, Object doc) throws IOException {
        byte[] bytes = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        if (file == null) {
            System.out.write(bytes);
            System.out.println();
            System.out.flush();
        } else {
            dev.seqae.io.AtomicFiles.write(file, os -> os.write(bytes));
        }
    }

    static String num(double v) {
        return Double.toString(v);
    }
}
