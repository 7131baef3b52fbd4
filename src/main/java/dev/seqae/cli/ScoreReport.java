package dev.seqae.cli;

import dev.seqae.anomaly.Metrics;
import dev.seqae.data.LabeledSequence;
import dev.seqae.model.SeqAutoencoderModel.SequenceScore;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** The summary printed after scoring labelled or unlabelled sequences. */
final class ScoreReport {
    private ScoreReport() {
    }

    /** Returns the ROC-AUC (NaN without labels). */
    static double print(PrintStream out, List<LabeledSequence> sequences, List<SequenceScore> scores,
                        List<String> normalLabels, int top) {
        long flagged = scores.stream().filter(SequenceScore::anomalous).count();
        out.printf("scored %d sequences: %d flagged as anomalous (threshold %.6f)%n", scores.size(), flagged,
                scores.isEmpty() ? Double.NaN : scores.get(0).threshold());
        double auc = Double.NaN;
        if (normalLabels != null && !normalLabels.isEmpty() && sequences.stream().allMatch(s -> s.label() != null)) {
            double[] s = scores.stream().mapToDouble(SequenceScore::score).toArray();
            boolean[] truth = new boolean[s.length];
            boolean[] flags = new boolean[s.length];
            for (int i = 0; i < s.length; i++) {
                truth[i] = !normalLabels.contains(sequences.get(i).label());
                flags[i] = scores.get(i).anomalous();
            }
            auc = Metrics.rocAuc(s, truth);
            double[] prf = Metrics.precisionRecallF1(flags, truth);
            out.printf("ROC-AUC %.4f (normal = label %s, anomalous = any other)%n", auc, String.join("/", normalLabels));
            out.printf("at the threshold: precision %.4f recall %.4f F1 %.4f%n", prf[0], prf[1], prf[2]);
        }
        if (top > 0) {
            out.printf("top %d anomalies:%n", Math.min(top, scores.size()));
            IntStream.range(0, scores.size()).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> scores.get(i).score()).reversed())
                    .limit(top)
                    .forEach(i -> out.printf("  id %-8s label %-6s score %.6f%s%n", sequences.get(i).id(),
                            sequences.get(i).label() == null ? "-" : sequences.get(i).label(),
                            scores.get(i).score(), scores.get(i).anomalous() ? "  ANOMALY" : ""));
        }
        return auc;
    }
}
