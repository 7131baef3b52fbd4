package dev.seqae.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.model.ModelFile;
import dev.seqae.model.ModelState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training in local[2]: one partition trains exactly {@code seqae train}'s model on
 * the same data and settings (the same parameters, normaliser and thresholds), by parameter
 * averaging (the default) and by gradient aggregation; several partitions train the same model
 * run after run (partial results combined in partition order).
 */
class SparkTrainTest {
    static final String ECG = "datasets/ecg5000/ECG5000_TRAIN.tsv";

    @TempDir
    Path dir;

    private LocalSpark.Run spark(Path out, String partitions, String... more) {
        String[] base = {"--input", ECG, "--no-header", "--layout", "rows", "--label-column", "0", "--normal-label", "1",
            "--set", "epochs=3", "--set", "encoder=16", "--set", "decoder=16", "--set", "latent=4",
            "--partitions", partitions, "--output", out.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return LocalSpark.job(new TrainJob(), args);
    }

    @Test
    void onePartitionTrainsSeqaeTrainsModel() throws IOException { // the default: parameters averaged every 4 minibatches
        Path local = dir.resolve("local.seqae");
        var cli = LocalSpark.seqae("train", "--data", ECG, "--layout", "rows", "--label-column", "0", "--normal-label",
                "1", "--epochs", "3", "--encoder", "16", "--decoder", "16", "--latent", "4", "--out", local.toString());
        assertEquals(0, cli.code(), cli.err());
        Path out = dir.resolve("one");
        var job = spark(out, "1");
        assertEquals(0, job.code(), job.err());
        assertTrue(job.err().contains("234 sequences over 1 partitions, 3 epochs"), job.err());
        ModelState a = ModelFile.readState(local);
        ModelState b = ModelFile.readState(out.resolve("model.seqae"));
        assertEquals(a.paramsSha256(), b.paramsSha256());
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.normalizer().offset(), b.normalizer().offset());
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.normalizer().scale(), b.normalizer().scale());
        assertEquals(a.thresholds().toString(), b.thresholds().toString());
        assertEquals(a.provenance().finalValidationLoss(), b.provenance().finalValidationLoss());
        assertEquals(a.provenance().seed(), b.provenance().seed());
        assertTrue(b.provenance().dataDescription().contains("Spark data-parallel, 1 partitions"));
        String doc = Files.readString(out.resolve("training.json"));
        assertTrue(doc.contains("\"partitions\" : 1") && doc.contains("\"aggregation_share\""), doc);
    }

    @Test
    void threePartitionsTrainTheSameModelEveryRun() throws IOException {
        var first = spark(dir.resolve("a"), "3", "--average-every", "0");
        assertEquals(0, first.code(), first.err());
        var second = spark(dir.resolve("b"), "3", "--average-every", "0");
        assertEquals(0, second.code(), second.err());
        ModelState a = ModelFile.readState(dir.resolve("a").resolve("model.seqae"));
        ModelState b = ModelFile.readState(dir.resolve("b").resolve("model.seqae"));
        assertEquals(a.paramsSha256(), b.paramsSha256());
        var one = spark(dir.resolve("c"), "1", "--average-every", "0");
        assertEquals(0, one.code(), one.err());
        ModelState c = ModelFile.readState(dir.resolve("c").resolve("model.seqae"));
        // three partitions sum the gradient in three parts: the rounding differs, the loss hardly
        assertNotEquals(c.paramsSha256(), a.paramsSha256());
        assertEquals(c.provenance().finalValidationLoss(), a.provenance().finalValidationLoss(), 1e-4);
    }

    @Test
    void parameterAveragingEveryStepOnOnePartitionIsGradientAggregation() throws IOException {
        var plain = spark(dir.resolve("g"), "1", "--average-every", "0");
        assertEquals(0, plain.code(), plain.err());
        var averaged = spark(dir.resolve("a1"), "1", "--average-every", "1");
        assertEquals(0, averaged.code(), averaged.err());
        ModelState g = ModelFile.readState(dir.resolve("g").resolve("model.seqae"));
        ModelState a = ModelFile.readState(dir.resolve("a1").resolve("model.seqae"));
        assertEquals(g.paramsSha256(), a.paramsSha256());
        // two partitions, four minibatches between averages: trains, to a loss near the synchronous one
        var four = spark(dir.resolve("a4"), "2", "--average-every", "4");
        assertEquals(0, four.code(), four.err());
        ModelState f = ModelFile.readState(dir.resolve("a4").resolve("model.seqae"));
        assertTrue(f.provenance().dataDescription().contains("parameters averaged every 4 minibatches"));
        assertTrue(f.provenance().finalValidationLoss() < g.provenance().trainLossHistory().get(0),
                "averaged training learns: " + f.provenance().validationLossHistory());
        assertEquals(g.provenance().finalValidationLoss(), f.provenance().finalValidationLoss(), 0.1);
    }

    @Test
    void denoisingAndBadSettingsAreRefusedOnTheDriver() {
        var noise = spark(dir.resolve("n"), "2", "--set", "noise=0.2");
        assertEquals(2, noise.code());
        assertTrue(noise.err().contains("a denoising model trains on data in one JVM"), noise.err());
        var labels = LocalSpark.job(new TrainJob(), "--input", ECG, "--no-header", "--layout", "rows", "--normal-label",
                "1", "--output", dir.resolve("l").toString());
        assertEquals(2, labels.code());
        assertTrue(labels.err().contains("--normal-label needs --label-column"), labels.err());
        assertTrue(!Files.exists(dir.resolve("n")) && !Files.exists(dir.resolve("l")));
    }
}
