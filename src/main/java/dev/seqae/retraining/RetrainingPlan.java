package dev.seqae.retraining;

import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceSet;
import dev.seqae.errors.InvalidInputException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How one model is retrained: when ({@code schedule}, in {@code zone}), on what ({@code source}:
 * the newest records of an intake dataset, or a folder of CSV files), and how a challenger is
 * judged against the active model (the champion).
 *
 * @param model       the model's name
 * @param schedule    when it runs
 * @param zone        the zone the schedule's times are in
 * @param enabled     false: kept, shown, not run on schedule (a run can still be asked for)
 * @param source      the training window
 * @param holdout     the newest fraction of the window held out to compare the two models (0.05-0.5)
 * @param tolerance   the challenger may be this much worse (relative held-out error) and still be promoted
 * @param labelled    labelled sequences whose F1 must not drop by more than {@code f1Tolerance}, or null
 * @param f1Tolerance allowed drop of F1 on the labelled set (absolute)
 * @param minRecords  fewer sequences (or points) in the window: the run is skipped
 * @param epochs      the challenger's maximum epochs, or null for the champion's setting
 * @param threads     training threads
 */
public record RetrainingPlan(String model, Cron schedule, ZoneId zone, boolean enabled, Source source,
                             double holdout, double tolerance, LabelledSet labelled, double f1Tolerance,
                             int minRecords, Integer epochs, int threads) {

    public RetrainingPlan {
        check(holdout >= 0.05 && holdout <= 0.5, "holdout must be in [0.05, 0.5], got " + holdout);
        check(tolerance >= 0 && Double.isFinite(tolerance), "tolerance must be >= 0, got " + tolerance);
        check(f1Tolerance >= 0 && f1Tolerance <= 1, "f1-tolerance must be in [0, 1], got " + f1Tolerance);
        check(minRecords >= 2, "min-records must be >= 2, got " + minRecords);
        check(epochs == null || epochs > 0, "epochs must be > 0, got " + epochs);
        check(threads >= 1, "threads must be >= 1, got " + threads);
        check(source != null, "a source (dataset or csv-dir) must be given");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }

    /** Where the training window comes from. */
    public sealed interface Source permits IntakeSource, FileSource {
        String describe();
    }

    /**
     * The newest records of an intake dataset: at most {@code rows} (null: no limit), received in the
     * last {@code maxAge} (null: any age).
     */
    public record IntakeSource(String dataset, Integer rows, Duration maxAge) implements Source {
        public IntakeSource {
            check(rows == null || rows > 0, "rows must be > 0, got " + rows);
            check(maxAge == null || !maxAge.isNegative() && !maxAge.isZero(), "days must be > 0, got " + maxAge);
            check(rows != null || maxAge != null, "give rows or days (the training window) for dataset '" + dataset
                    + "'");
        }

        @Override
        public String describe() {
            return "dataset '" + dataset + "'" + (rows == null ? "" : ", newest " + rows + " records")
                    + (maxAge == null ? "" : ", last " + maxAge.toDays() + " days");
        }
    }

    /**
     * Files read at each run (e.g. every CSV of a folder, oldest name first): separate sequences, or
     * time series of which the newest part of each is held out.
     */
    public record FileSource(String description, Supplier<List<Dataset>> reader) implements Source {
        @Override
        public String describe() {
            return description;
        }
    }

    /** Labelled sequences read at each run; a sequence whose label is not in {@code normalLabels} is an anomaly. */
    public record LabelledSet(String description, Supplier<SequenceSet> reader, Set<String> normalLabels) {
    }
}
