package dev.seqae.cli;

import dev.seqae.anomaly.SequenceScorer;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.Dataset;
import dev.seqae.data.LabeledSequence;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Sequences;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqae score}: anomaly score and flag per sequence, or per point of a time series. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score sequences (or every point of a time series) and flag anomalies. CSV to --out or stdout; "
                + "the summary goes to stderr.")
final class ScoreCommand implements Callable<Integer> {
    @Mixin
    ModelInput input;

    @Mixin
    ScoringOptions scoring;

    @Option(names = "--normal-label", split = ",", description = "labels that count as normal: prints ROC-AUC and F1")
    List<String> normalLabels;

    @Option(names = "--top", description = "print the N highest-scoring sequences (default ${DEFAULT-VALUE})",
            defaultValue = "10")
    int top;

    @Override
    public Integer call() throws Exception {
        SeqAutoencoderModel m = input.loadModel();
        ThresholdStrategy strategy = scoring.strategy();
        Dataset dataset = input.readData();
        if (dataset instanceof TimeSeries ts) {
            scorePoints(m, ts, strategy);
            return 0;
        }
        SequenceSet set = (SequenceSet) dataset;
        var scores = m.score(set.values(), strategy);
        CsvOutput.write(input.out, List.of("id", "label", "score", "is_anomaly", "threshold", "top_features"), p -> {
            for (int i = 0; i < scores.size(); i++) {
                LabeledSequence s = set.sequences().get(i);
                var sc = scores.get(i);
                p.printRecord(s.id(), s.label() == null ? "" : s.label(), CsvOutput.num(sc.score()), sc.anomalous(),
                        CsvOutput.num(sc.threshold()), SequenceScorer.ranked(m.featureNames(), sc.featureShares()));
            }
        });
        ScoreReport.print(System.err, set.sequences(), scores, normalLabels, top);
        return 0;
    }

    private void scorePoints(SeqAutoencoderModel m, TimeSeries ts, ThresholdStrategy strategy) throws Exception {
        Sequences.requireTimeSeriesModel(ts, m);
        var scores = m.scorePoints(ts.source(), ts.values(), scoring.stride, strategy);
        List<String> header = new ArrayList<>(List.of("index", "timestamp"));
        header.addAll(List.of(ts.featureNames()));
        header.addAll(List.of("score", "is_anomaly"));
        CsvOutput.write(input.out, header, p -> {
            for (int i = 0; i < ts.length(); i++) {
                List<Object> row = new ArrayList<>();
                row.add(i);
                row.add(ts.timestamps() == null ? "" : ts.timestamps()[i]);
                for (float v : ts.values()[i]) {
                    row.add(v);
                }
                row.add(CsvOutput.num(scores.scores()[i]));
                row.add(scores.anomalous()[i]);
                p.printRecord(row);
            }
        });
        int flagged = 0;
        for (boolean b : scores.anomalous()) {
            flagged += b ? 1 : 0;
        }
        System.err.printf("scored %d points (%d windows of %d): %d flagged (point threshold %.6f)%n", ts.length(),
                scores.windows(), m.config().window(), flagged, scores.threshold());
    }
}
