package dev.seqae.evaluation;

import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.TimeSpan;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The UCR Time Series Anomaly Archive 2021 (KDD Cup 2021) the way the Orion benchmark runs it:
 * for every {@code NNN_UCR_Anomaly_<name>_<trainEnd>_<anomStart>_<anomEnd>.txt}, train on points
 * {@code [0, trainEnd)}, detect on the rest, one labelled anomaly per file. The numbers in the
 * name are 1-based positions (the archive's MATLAB convention): the anomaly is rows
 * {@code anomStart - 1 .. anomEnd - 1} of the file, 0-based. Values are split on whitespace, so the
 * files that keep every value on one line read as well. Intervals are reported in the file's row
 * indices (0-based).
 */
public final class UcrSuite {
    private static final Pattern NAME = Pattern.compile("(\\d+)_UCR_Anomaly_(.+)_(\\d+)_(\\d+)_(\\d+)\\.txt");

    private UcrSuite() {
    }

    /**
     * What a file name says, in 0-based rows.
     *
     * @param number       the archive's series number (NNN)
     * @param name         the source series
     * @param trainEnd     rows {@code [0, trainEnd)} are the training part
     * @param anomalyStart first anomalous row (0-based: the name's anomStart - 1)
     * @param anomalyEnd   last anomalous row, inclusive (0-based: the name's anomEnd - 1)
     */
    public record Label(String number, String name, int trainEnd, int anomalyStart, int anomalyEnd) {
    }

    /** Reads the labels from a file name; a name that does not follow the archive's pattern is an error. */
    public static Label label(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            throw new InvalidInputException(fileName + ": not a UCR anomaly file name "
                    + "(NNN_UCR_Anomaly_<name>_<trainEnd>_<anomStart>_<anomEnd>.txt)");
        }
        int trainEnd;
        int start;
        int end;
        try {
            trainEnd = Integer.parseInt(m.group(3));
            start = Integer.parseInt(m.group(4));
            end = Integer.parseInt(m.group(5));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(fileName + ": a position in the name is too large", e);
        }
        if (trainEnd < 1 || !(trainEnd < start && start <= end)) {
            throw new InvalidInputException(fileName + ": expected 1 <= trainEnd < anomStart <= anomEnd, got "
                    + trainEnd + ", " + start + ", " + end);
        }
        return new Label(m.group(1), m.group(2), trainEnd, start - 1, end - 1);
    }

    /**
     * The range of a UCR signal's training length, for tables that group files by it: "1: < 3,000",
     * "2: 3,000-4,999", "3: 5,000-9,999", "4: >= 10,000" points ({@code signal} is the file name
     * without {@code .txt}; a name that is not a UCR one is "?").
     */
    public static String trainingLengthRange(String signal) {
        int t;
        try {
            t = label(signal + ".txt").trainEnd();
        } catch (InvalidInputException e) {
            return "?";
        }
        return t < 3000 ? "1: < 3,000" : t < 5000 ? "2: 3,000-4,999" : t < 10000 ? "3: 5,000-9,999" : "4: >= 10,000";
    }

    /** The file's values, split on any whitespace; a value that is not a finite number is an error naming it. */
    public static float[] values(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        String[] tokens = text.trim().split("\\s+");
        if (tokens.length == 1 && tokens[0].isEmpty()) {
            throw new InvalidInputException(file + ": no values");
        }
        float[] out = new float[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            double v;
            try {
                v = Double.parseDouble(tokens[i]);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(file + ": value " + (i + 1) + ": '" + tokens[i] + "' is not a number");
            }
            if (!Double.isFinite(v)) {
                throw new InvalidInputException(file + ": value " + (i + 1) + " is " + tokens[i]);
            }
            out[i] = (float) v;
        }
        return out;
    }

    /** Runs every file whose name starts with one of {@code only} (all when empty), in name order. */
    public static List<SignalResult> run(Path dir, List<String> only, SuiteRunner.Settings settings) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": not a readable directory (expected NNN_UCR_Anomaly_*.txt files)",
                    e);
        }
        List<SuiteRunner.Job> jobs = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (!only.isEmpty() && only.stream().noneMatch(name::startsWith)) {
                continue;
            }
            Label label = label(name);
            jobs.add(new SuiteRunner.Job(name, List.of(f), () -> signal(f, label)));
        }
        if (jobs.isEmpty()) {
            throw new InvalidInputException(dir + ": no UCR files" + (only.isEmpty() ? "" : " matching " + only));
        }
        return SuiteRunner.run("ucr", jobs, settings);
    }

    /** One file as a train/test signal; the test part's time stamps are its rows in the file. */
    static SeriesEvaluation.Signal signal(Path file, Label label) {
        float[] x = values(file);
        if (label.anomalyEnd() >= x.length) {
            throw new InvalidInputException(file + ": the anomaly ends at point " + (label.anomalyEnd() + 1)
                    + " of the name, after the last of the file's " + x.length + " values");
        }
        int n = x.length;
        float[][] train = new float[label.trainEnd()][];
        for (int i = 0; i < train.length; i++) {
            train[i] = new float[] {x[i]};
        }
        float[][] test = new float[n - label.trainEnd()][];
        String[] rows = new String[test.length];
        for (int i = 0; i < test.length; i++) {
            test[i] = new float[] {x[label.trainEnd() + i]};
            rows[i] = Integer.toString(label.trainEnd() + i);
        }
        String[] features = {"value"};
        String signal = file.getFileName().toString().replaceFirst("\\.txt$", "");
        String[] trainRows = new String[train.length];
        for (int i = 0; i < trainRows.length; i++) {
            trainRows[i] = Integer.toString(i);
        }
        return new SeriesEvaluation.Signal("UCR", signal,
                new TimeSeries(file + " (training part)", trainRows, train, features),
                new TimeSeries(file + " (test part)", rows, test, features),
                List.of(Interval.window(label.anomalyStart() - label.trainEnd(), label.anomalyEnd() - label.trainEnd())),
                List.of(TimeSpan.label(label.anomalyStart(), label.anomalyEnd())), 1, "index");
    }
}
