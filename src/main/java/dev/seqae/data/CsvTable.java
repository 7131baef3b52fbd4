package dev.seqae.data;

import dev.seqae.errors.DataFormatException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/** Parsed CSV records with column names: resolves columns, parses cells, checks row widths. */
final class CsvTable {
    final String file;
    final String[] names;
    final List<CSVRecord> rows;
    final int width;
    final boolean hasHeader;

    CsvTable(String file, List<CSVRecord> records, boolean header) {
        this.file = file;
        this.hasHeader = header;
        CSVRecord first = records.get(0);
        this.width = first.size();
        this.names = new String[width];
        for (int i = 0; i < width; i++) {
            names[i] = header ? first.get(i) : "c" + i;
        }
        this.rows = header ? records.subList(1, records.size()) : records;
        for (CSVRecord r : rows) {
            if (r.size() != width) {
                throw new DataFormatException(file, r.getRecordNumber(), 0,
                        "has " + r.size() + " columns, expected " + width + " (as in line "
                                + first.getRecordNumber() + ")");
            }
        }
    }

    int column(String spec, String role) {
        for (int i = 0; i < width; i++) {
            if (names[i].equals(spec)) {
                return i;
            }
        }
        try {
            int idx = Integer.parseInt(spec);
            if (idx >= 0 && idx < width) {
                return idx;
            }
            throw new DataFormatException(file, 0, 0, role + " column index " + idx + " is out of range (0.."
                    + (width - 1) + ")");
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, 0, 0, "unknown " + role + " column '" + spec + "' (columns: "
                    + String.join(", ", names) + ")");
        }
    }

    Integer optionalColumn(String spec, String role) {
        return spec == null ? null : column(spec, role);
    }

    /** The value columns: those named, or every column not used otherwise. */
    int[] valueColumns(List<String> specs, Integer... used) {
        if (!specs.isEmpty()) {
            return specs.stream().mapToInt(s -> column(s, "value")).toArray();
        }
        List<Integer> cols = new ArrayList<>();
        outer:
        for (int i = 0; i < width; i++) {
            for (Integer u : used) {
                if (u != null && u == i) {
                    continue outer;
                }
            }
            cols.add(i);
        }
        if (cols.isEmpty()) {
            throw new DataFormatException(file, 0, 0, "no value columns left");
        }
        return cols.stream().mapToInt(Integer::intValue).toArray();
    }

    String[] namesOf(int[] cols) {
        String[] out = new String[cols.length];
        for (int i = 0; i < cols.length; i++) {
            out[i] = names[cols[i]];
        }
        return out;
    }

    /** A cell as a float; NaN marks a missing value (empty, NaN or infinite) when imputation is on. */
    float number(CSVRecord r, int col, Imputation imputation) {
        String cell = r.get(col);
        double v;
        if (cell.isEmpty()) {
            v = Double.NaN;
        } else {
            try {
                v = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                String hint = cell.trim().matches("[-+]?\\d+,\\d+") ? "; a decimal comma? write "
                        + cell.trim().replace(',', '.') : "";
                throw new DataFormatException(file, r.getRecordNumber(), col + 1,
                        "'" + cell + "' is not a number (column '" + names[col] + "'" + hint + ")");
            }
        }
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            if (imputation == Imputation.NONE) {
                throw new DataFormatException(file, r.getRecordNumber(), col + 1,
                        (cell.isEmpty() ? "empty cell" : "'" + cell + "' is not a finite number")
                                + " (column '" + names[col] + "')" + CsvDataReader.IMPUTATION_HINT);
            }
            return Float.NaN;
        }
        return (float) v;
    }
}
