package dev.seqae.retraining;

import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.data.Windows;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.intake.RecordStore;
import dev.seqae.model.SeqAutoencoderModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan's training window, read and split in time: the newest {@code holdout} fraction is held
 * out (recent data both models are compared on), the rest trains the challenger. Separate
 * sequences are split by position (records arrive in order); a time series is split at a point and
 * each part is cut into the model's windows on its own, so no window straddles the split.
 *
 * @param train       the challenger's training sequences (windows for a time-series model)
 * @param heldOut     the recent held-out sequences (windows)
 * @param records     sequences or points in the window
 * @param description the window, for a person
 */
public record TrainingWindow(List<float[][]> train, List<float[][]> heldOut, int records, String description) {

    /** Not enough data for a run (the run is skipped, not failed). */
    public static final class NotEnoughData extends RuntimeException {
        NotEnoughData(String message) {
            super(message);
        }
    }

    /** Reads the plan's window for {@code champion} (whose features and window length it must match). */
    public static TrainingWindow load(RetrainingPlan plan, SeqAutoencoderModel champion, RecordStore intake,
                                      Instant now) {
        int window = champion.config().window();
        List<Part> parts = new ArrayList<>();
        if (plan.source() instanceof RetrainingPlan.IntakeSource src) {
            if (intake == null) {
                throw new InvalidInputException("no intake database is configured for dataset '" + src.dataset() + "'");
            }
            RecordStore.Info info = intake.info(src.dataset()).orElseThrow(() -> new NotEnoughData("dataset '"
                    + src.dataset() + "' has no records yet"));
            checkFeatures(info.features(), champion, "dataset '" + src.dataset() + "'");
            List<float[][]> records = intake.window(src.dataset(), src.rows(),
                    src.maxAge() == null ? null : now.minus(src.maxAge()));
            if (info.kind() == RecordStore.Kind.POINTS) {
                int n = records.stream().mapToInt(r -> r.length).sum();
                float[][] series = new float[n][];
                int i = 0;
                for (float[][] r : records) {
                    for (float[] step : r) {
                        series[i++] = step;
                    }
                }
                parts.add(new Part(null, series));
            } else {
                parts.add(new Part(records, null));
            }
        } else {
            RetrainingPlan.FileSource src = (RetrainingPlan.FileSource) plan.source();
            for (Dataset d : src.reader().get()) {
                checkFeatures(d.features(), champion, d.source());
                if (d instanceof TimeSeries ts) {
                    parts.add(new Part(null, ts.values()));
                } else {
                    parts.add(new Part(((SequenceSet) d).values(), null));
                }
            }
        }
        boolean series = parts.stream().anyMatch(p -> p.series != null);
        if (series && parts.stream().anyMatch(p -> p.sequences != null)) {
            throw new InvalidInputException(plan.source().describe() + " mixes time series and separate sequences");
        }
        if (series != window > 0) {
            throw new InvalidInputException(plan.source().describe() + " holds " + (series ? "time-series points"
                    : "separate sequences") + " but model '" + plan.model() + "' was trained on "
                    + (window > 0 ? "a time series (windows of " + window + ")" : "separate sequences"));
        }
        List<float[][]> train = new ArrayList<>();
        List<float[][]> heldOut = new ArrayList<>();
        int records = 0;
        for (Part p : parts) {
            if (p.series == null) {
                int cut = p.sequences.size() - (int) Math.round(p.sequences.size() * plan.holdout());
                train.addAll(p.sequences.subList(0, cut));
                heldOut.addAll(p.sequences.subList(cut, p.sequences.size()));
                records += p.sequences.size();
            } else {
                int n = p.series.length;
                records += n;
                int cut = n - (int) Math.round(n * plan.holdout());
                if (cut < window || n - cut < window) {
                    continue;           // too short to give both parts a window; counted, not used
                }
                float[][] older = java.util.Arrays.copyOfRange(p.series, 0, cut);
                float[][] newer = java.util.Arrays.copyOfRange(p.series, cut, n);
                int stride = champion.config().stride();
                train.addAll(Windows.plan("training part", older.length, window, stride).cut(older));
                heldOut.addAll(Windows.plan("held-out part", newer.length, window, stride).cut(newer));
            }
        }
        String unit = series ? "points" : "sequences";
        if (records < plan.minRecords()) {
            throw new NotEnoughData(plan.source().describe() + " holds " + records + " " + unit + ", fewer than "
                    + "min-records " + plan.minRecords());
        }
        if (train.size() < 2 || heldOut.isEmpty()) {
            throw new NotEnoughData(plan.source().describe() + ": " + records + " " + unit + " give " + train.size()
                    + " training and " + heldOut.size() + " held-out " + (series ? "windows" : "sequences"));
        }
        String description = "retraining on " + plan.source().describe() + ": " + records + " " + unit + ", "
                + train.size() + (series ? " windows" : " sequences") + " for training, the newest " + heldOut.size()
                + " held out";
        return new TrainingWindow(train, heldOut, records, description);
    }

    private static void checkFeatures(int features, SeqAutoencoderModel champion, String where) {
        if (features != champion.features()) {
            throw new InvalidInputException(where + " has " + features + " feature" + (features == 1 ? "" : "s")
                    + ", the model " + champion.features());
        }
    }

    private record Part(List<float[][]> sequences, float[][] series) {
    }
}
