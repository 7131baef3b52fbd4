package dev.seqae.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes CSV to a file (atomically: temporary file, then rename) or to stdout. */
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
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 CSVPrinter p = new CSVPrinter(w, format)) {
                rows.write(p);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String num(double v) {
        return Double.toString(v);
    }
}
