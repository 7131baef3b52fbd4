package dev.seqae.retraining;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.seqae.anomaly.Metrics;
import dev.seqae.data.LabeledSequence;
import dev.seqae.data.SequenceSet;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.SeqAutoencoderModel;
import java.util.List;
import java.util.Locale;

/**
 * Judges a challenger against the champion on the same data. The held-out error is the mean
 * squared reconstruction error of the recent held-out sequences in the data's own units, each
 * feature divided by its standard deviation over those sequences — one scale for both models,
 * whatever normalisation each learned. With a labelled set, each model flags its sequences at its
 * own default threshold and the F1 (and ROC-AUC) of those flags is compared too: a challenger
 * trained on data with anomalies mixed in reconstructs anomalies better and its threshold moves
 * up, which the held-out error alone cannot see.
 */
public final class ChampionChallenger {
    /**
     * One model's figures.
     *
     * @param version       its version (null for a challenger not yet saved)
     * @param heldOutError  mean squared error on the held-out data, per feature in units of its standard
     *                      deviation there (the z-score scale of the held-out data, one for both models)
     * @param f1            F1 on the labelled set, or null
     * @param rocAuc        ROC-AUC on the labelled set, or null
     * @param threshold     its default threshold (sequence score)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Evaluation", nullable = true, description = "a model's figures on the held-out data (null: "
            + "not evaluated)")
    public record Evaluation(@Schema(nullable = true) Integer version,
                             @JsonProperty("held_out_error") double heldOutError, @Schema(nullable = true) Double f1,
                             @JsonProperty("roc_auc") @Schema(nullable = true) Double rocAuc, double threshold) {
        Evaluation withVersion(int v) {
            return new Evaluation(v, heldOutError, f1, rocAuc, threshold);
        }
    }

    /** The verdict: promote or not, and why. */
    public record Decision(boolean promote, String reason) {
    }

    private ChampionChallenger() {
    }

    /** One model's figures on {@code heldOut} and, when given, {@code labelled}. */
    public static Evaluation evaluate(SeqAutoencoderModel model, Integer version, List<float[][]> heldOut,
                                      double[] scale, SequenceSet labelled, java.util.Set<String> normalLabels) {
        double err = heldOutError(model, heldOut, scale);
        Double f1 = null;
        Double auc = null;
        if (labelled != null) {
            if (labelled.features() != model.features()) {
                throw new InvalidInputException("the labelled set has " + labelled.features() + " features, the model "
                        + model.features());
            }
            List<LabeledSequence> seqs = labelled.sequences();
            boolean[] truth = new boolean[seqs.size()];
            int anomalies = 0;
            for (int i = 0; i < seqs.size(); i++) {
                truth[i] = !normalLabels.contains(seqs.get(i).label());
                anomalies += truth[i] ? 1 : 0;
            }
            if (anomalies == 0 || anomalies == seqs.size()) {
                throw new InvalidInputException("the labelled set " + labelled.source() + " needs both normal "
                        + "sequences (labels " + normalLabels + ") and anomalies; it has " + (seqs.size() - anomalies)
                        + " normal and " + anomalies + " anomalous");
            }
            var scores = model.score(labelled.values(), null);
            boolean[] flagged = new boolean[scores.size()];
            double[] s = new double[scores.size()];
            for (int i = 0; i < scores.size(); i++) {
                flagged[i] = scores.get(i).anomalous();
                s[i] = scores.get(i).score();
            }
            f1 = Metrics.precisionRecallF1(flagged, truth)[2];
            auc = Metrics.rocAuc(s, truth);
        }
        return new Evaluation(version, err, f1, auc, model.threshold(null).value());
    }

    /** Promote when the challenger is not worse beyond the tolerances; the reason quotes the figures. */
    public static Decision decide(Evaluation champion, Evaluation challenger, double tolerance, double f1Tolerance) {
        double ratio = challenger.heldOutError() / champion.heldOutError();
        String errors = String.format(Locale.ROOT, "held-out error %.4g vs the champion's %.4g (%+.0f%%, tolerance +%.0f%%)",
                challenger.heldOutError(), champion.heldOutError(), (ratio - 1) * 100, tolerance * 100);
        if (!Double.isFinite(challenger.heldOutError())) {
            return new Decision(false, "the challenger's held-out error is " + challenger.heldOutError());
        }
        if (champion.heldOutError() > 0 && ratio > 1 + tolerance) {
            return new Decision(false, "worse on recent data: " + errors);
        }
        String f1 = "";
        if (challenger.f1() != null && champion.f1() != null) {
            f1 = String.format(Locale.ROOT, "; labelled F1 %.3f vs %.3f (tolerance -%.3f)", challenger.f1(),
                    champion.f1(), f1Tolerance);
            if (challenger.f1() < champion.f1() - f1Tolerance) {
                return new Decision(false, "worse on the labelled set: " + f1.substring(2) + "; " + errors);
            }
        }
        return new Decision(true, errors + f1);
    }

    static double heldOutError(SeqAutoencoderModel model, List<float[][]> heldOut, double[] scale) {
        var recon = model.reconstruct(heldOut, false);
        double total = 0;
        long cells = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            float[][] x = heldOut.get(i);
            float[][] y = recon.get(i).reconstruction();
            for (int t = 0; t < x.length; t++) {
                for (int f = 0; f < x[t].length; f++) {
                    double d = (y[t][f] - x[t][f]) / scale[f];
                    total += d * d;
                    cells++;
                }
            }
        }
        return total / cells;
    }
}
