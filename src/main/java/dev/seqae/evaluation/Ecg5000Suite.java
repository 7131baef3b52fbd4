package dev.seqae.evaluation;

import dev.seqae.anomaly.Metrics;
import dev.seqae.anomaly.Threshold;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.LabeledSequence;
import dev.seqae.data.SequenceSet;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ECG5000 suite, as results on it are usually reported: train on the normal (class 1)
 * training beats only, score every test beat, report ROC-AUC and PR-AUC of the scores (normal vs
 * classes 2-5) and precision/recall/F1 at the thresholds fitted on held-out normal training beats.
 */
public final class Ecg5000Suite {
    private static final String NORMAL = "1";

    private Ecg5000Suite() {
    }

    /** Precision, recall and F1 of the test beats flagged by one fitted threshold. */
    public record AtThreshold(ThresholdStrategy strategy, double threshold, int flagged, double precision,
                              double recall, double f1) {
    }

    /**
     * The suite's result.
     *
     * @param configured the model's default strategy: the row the targets are about
     */
    public record Result(int trainBeats, int testBeats, int abnormalTestBeats, double rocAuc, double prAuc,
                         ThresholdStrategy configured, List<AtThreshold> thresholds, int epochs, double seconds,
                         double bestValidationLoss) {
        public AtThreshold atConfigured() {
            return thresholds.stream().filter(t -> t.strategy() == configured).findFirst().orElseThrow();
        }
    }

    /** Trains {@code config} on the normal beats of {@code dir/ECG5000_TRAIN.tsv}, scores {@code ECG5000_TEST.tsv}. */
    public static Result run(Path dir, ModelConfig config) {
        long started = System.nanoTime();
        SequenceSet train = read(dir.resolve("ECG5000_TRAIN.tsv")).filter(s -> NORMAL.equals(s.label()));
        SequenceSet test = read(dir.resolve("ECG5000_TEST.tsv"));
        if (train.size() == 0) {
            throw new InvalidInputException(dir.resolve("ECG5000_TRAIN.tsv") + ": no beat of class " + NORMAL);
        }
        SeqAutoencoderModel model = new Trainer(config, null).fit(train.values(), train.featureNames(),
                "ECG5000 normal training beats");
        boolean[] abnormal = new boolean[test.size()];
        int positives = 0;
        for (int i = 0; i < abnormal.length; i++) {
            LabeledSequence s = test.sequences().get(i);
            abnormal[i] = !NORMAL.equals(s.label());
            positives += abnormal[i] ? 1 : 0;
        }
        if (positives == 0 || positives == abnormal.length) {
            throw new InvalidInputException(dir.resolve("ECG5000_TEST.tsv") + ": needs both normal (class 1) and "
                    + "abnormal beats");
        }
        double[] scores = model.score(test.values(), null).stream().mapToDouble(SeqAutoencoderModel.SequenceScore::score)
                .toArray();
        List<AtThreshold> rows = new ArrayList<>();
        for (ThresholdStrategy strategy : ThresholdStrategy.values()) {
            Threshold t = model.thresholds().get(strategy);
            if (t == null) {
                continue;
            }
            boolean[] flagged = new boolean[scores.length];
            int n = 0;
            for (int i = 0; i < scores.length; i++) {
                flagged[i] = t.isAnomalous(scores[i]);
                n += flagged[i] ? 1 : 0;
            }
            double[] prf = Metrics.precisionRecallF1(flagged, abnormal);
            rows.add(new AtThreshold(strategy, t.value(), n, prf[0], prf[1], prf[2]));
        }
        return new Result(train.size(), test.size(), positives, Metrics.rocAuc(scores, abnormal),
                Metrics.averagePrecision(scores, abnormal), config.anomaly().strategy(), rows,
                model.provenance().epochsRun(), (System.nanoTime() - started) / 1e9, bestValidationLoss(model));
    }

    /**
     * The lowest loss the held-out normal beats reached in training (no labels involved: what a
     * model setting can be chosen by), NaN without a validation split.
     */
    private static double bestValidationLoss(SeqAutoencoderModel model) {
        var history = model.provenance().validationLossHistory();
        return history == null || history.isEmpty() ? Double.NaN
                : history.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static SequenceSet read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": not found (expected the UCR ECG5000 TSV files)");
        }
        return (SequenceSet) CsvDataReader.read(file, CsvOptions.rows("0"));
    }

    /** The result as Markdown: the ranking metrics, then one row per fitted threshold. */
    public static String markdown(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Trained on %d normal beats (%d epochs; best loss of the held-out normal "
                + "beats %.5f); %d test beats, %d abnormal.%n%n", r.trainBeats(), r.epochs(), r.bestValidationLoss(),
                r.testBeats(), r.abnormalTestBeats()));
        sb.append(String.format(Locale.ROOT, "| ROC-AUC | PR-AUC |%n|---|---|%n| **%s** | %s |%n%n",
                Reports.fmt(r.rocAuc()), Reports.fmt(r.prAuc())));
        sb.append("| threshold (fitted on held-out normal beats) | value | flagged | precision | recall | F1 |\n"
                + "|---|---|---|---|---|---|\n");
        for (AtThreshold t : r.thresholds()) {
            boolean configured = t.strategy() == r.configured();
            sb.append(String.format(Locale.ROOT, "| %s%s | %.6f | %d | %s | %s | %s |%n",
                    t.strategy().name().toLowerCase(Locale.ROOT).replace('_', '-'), configured ? " (configured)" : "",
                    t.threshold(), t.flagged(), Reports.fmt(t.precision()), Reports.fmt(t.recall()),
                    configured ? "**" + Reports.fmt(t.f1()) + "**" : Reports.fmt(t.f1())));
        }
        sb.append(String.format(Locale.ROOT, "%nTotal wall time: %.1f s.%n", r.seconds()));
        return sb.toString();
    }
}
