package dev.seqae.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.Metrics;
import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.SequenceSet;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Learning tests on the shipped ECG5000 (seeded): train on the normal training beats only, score
 * the 4,500 test beats, ROC-AUC of normal (class 1) against classes 2–5. The settings are those
 * of {@code config/ecg5000.properties}, the main job's (both-ways LSTMs), or its one-way shape.
 */
@Tag("learning")
class Ecg5000LearningTest {
    static final SequenceSet TRAIN = (SequenceSet) CsvDataReader.read(Path.of("datasets/ecg5000/ECG5000_TRAIN.tsv"),
            CsvOptions.rows("0"));
    static final SequenceSet TEST = (SequenceSet) CsvDataReader.read(Path.of("datasets/ecg5000/ECG5000_TEST.tsv"),
            CsvOptions.rows("0"));

    static double auc(DecoderKind kind) {
        return auc(kind, Engine.FAST);
    }

    static double auc(DecoderKind kind, Engine engine) {
        return auc(kind, engine, false);
    }

    static double auc(DecoderKind kind, Engine engine, boolean bidirectional) {
        SequenceSet normal = TRAIN.filter(s -> s.label().equals("1"));
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {64}, 16, new int[] {64})
                .withDecoder(kind, false).withTraining(2e-3, 16, 100, 10, 0.2, 42).withEngine(engine)
                .withBidirectional(bidirectional);
        SeqAutoencoderModel model = new Trainer(cfg, null).fit(normal.values(), normal.featureNames(), "ECG5000");
        double[] scores = model.score(TEST.values(), null).stream().mapToDouble(s -> s.score()).toArray();
        boolean[] abnormal = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            abnormal[i] = !TEST.sequences().get(i).label().equals("1");
        }
        double auc = Metrics.rocAuc(scores, abnormal);
        System.out.printf("ECG5000 %s decoder, %s engine: ROC-AUC %.4f after %d epochs%n", kind, engine, auc,
                model.provenance().epochsRun());
        return auc;
    }

    @Test
    void repeatDecoderSeparatesAbnormalBeats() {
        double auc = auc(DecoderKind.REPEAT);
        assertTrue(auc >= 0.95, "ROC-AUC " + auc);
    }

    /**
     * The main job's both-ways LSTMs reach the detection issue's ROC-AUC target (0.9945 at seed 42,
     * docs/evaluation.md). Slow tier (~2 minutes).
     */
    @Test
    @Tag("slow")
    void bidirectionalModelReachesTheTarget() {
        double auc = auc(DecoderKind.REPEAT, Engine.FAST, true);
        assertTrue(auc >= 0.99, "ROC-AUC " + auc);
    }

    /**
     * The conditional decoder, scored teacher-forced (one step ahead), trained and evaluated the
     * same way; recorded 0.917 at seed 42 (docs/model.md). Slow tier: {@code mvn -B test -Pslow}.
     */
    @Test
    @Tag("slow")
    void conditionalDecoderIsTrainedAndEvaluatedTheSameWay() {
        double auc = auc(DecoderKind.CONDITIONAL);
        assertTrue(auc >= 0.9, "ROC-AUC " + auc);
    }

    /**
     * The fast engine and the SameDiff reference engine train models of the same quality (the
     * reference takes ~10 minutes here). Slow tier.
     */
    @Test
    @Tag("slow")
    void fastAndReferenceEnginesReachTheSameAuc() {
        double fast = auc(DecoderKind.REPEAT, Engine.FAST);
        double reference = auc(DecoderKind.REPEAT, Engine.SAMEDIFF);
        assertTrue(Math.abs(fast - reference) <= 0.01, "fast " + fast + ", samediff " + reference);
    }
}
