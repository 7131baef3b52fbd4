package dev.seqae.errors;

/** A data file that cannot be read as asked: names the file and, where known, line and column. */
public class DataFormatException extends InvalidInputException {
    private final String file;
    private final long line;
    private final int column;
    private final String detail;

    /**
     * @param file   the file name (as given by the user)
     * @param line   1-based line, or 0 when the problem is not on one line
     * @param column 1-based column, or 0 when the problem is not in one column
     */
    public DataFormatException(String file, long line, int column, String message) {
        super(location(file, line, column) + message);
        this.detail = message;
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public DataFormatException(String file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.detail = message;
        this.file = file;
        this.line = 0;
        this.column = 0;
    }

    private static String location(String file, long line, int column) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(", line ").append(line);
        }
        if (column > 0) {
            sb.append(", column ").append(column);
        }
        return sb.append(": ").toString();
    }

    /** What is wrong, without the file, line and column. */
    public String detail() {
        return detail;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public int column() {
        return column;
    }
}
