package dev.seqae.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.Metrics;
import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.SequenceSet;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow (mvn -Pslow test): data-parallel training on 2 and 4 partitions reaches the ECG5000 test
 * ROC-AUC of single-machine training (seqae train with quickstart's settings) within 0.01.
 */
class SparkTrainEcg5000Test {
    static final String TRAIN = "datasets/ecg5000/ECG5000_TRAIN.tsv";
    /** The settings bin/seqae quickstart trains with. */
    static final String CONFIG = "config/ecg5000.properties";

    @TempDir
    Path dir;

    static double auc(Path model) {
        SeqAutoencoderModel m = ModelFile.load(model);
        SequenceSet test = (SequenceSet) CsvDataReader.read(Path.of("datasets/ecg5000/ECG5000_TEST.tsv"),
                CsvOptions.rows("0"));
        var scores = m.score(test.values(), null);
        double[] s = scores.stream().mapToDouble(x -> x.score()).toArray();
        boolean[] truth = new boolean[s.length];
        for (int i = 0; i < s.length; i++) {
            truth[i] = !"1".equals(test.sequences().get(i).label());
        }
        return Metrics.rocAuc(s, truth);
    }

    @Test
    @Tag("slow")
    void twoAndFourPartitionsReachSingleMachineAuc() {
        Path local = dir.resolve("local.seqae");
        var cli = LocalSpark.seqae("train", "--data", TRAIN, "--layout", "rows", "--label-column", "0", "--normal-label",
                "1", "--config", CONFIG, "--out", local.toString());
        assertEquals(0, cli.code(), cli.err());
        double single = auc(local);
        StringBuilder report = new StringBuilder(String.format("ECG5000 test ROC-AUC: seqae train %.4f", single));
        for (String parts : new String[] {"2", "4"}) {
            Path out = dir.resolve("p" + parts);
            var job = LocalSpark.job(new TrainJob(), "--input", TRAIN, "--no-header", "--layout", "rows",
                    "--label-column", "0", "--normal-label", "1", "--config", CONFIG, "--partitions", parts, "--output",
                    out.toString());
            assertEquals(0, job.code(), job.err());
            double auc = auc(out.resolve("model.seqae"));
            report.append(String.format(", %s partitions %.4f", parts, auc));
            assertTrue(Math.abs(auc - single) <= 0.01, report.toString());
        }
        System.out.println("SparkTrainEcg5000Test: " + report);
    }
}
