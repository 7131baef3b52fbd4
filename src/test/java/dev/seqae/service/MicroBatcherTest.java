package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Batched answers are exactly the unbatched ones, whoever shares the batch. */
class MicroBatcherTest {
    static final List<float[][]> DATA = SyntheticGenerator.normal(80, 16, 2, 3);

    static SeqAutoencoderModel model(long seed) {
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {8}, 3, new int[] {8})
                .withTraining(5e-3, 16, 1, 0, 0.25, seed);
        return new Trainer(cfg, null).fit(DATA, new String[] {"a", "b"}, "tiny");
    }

    @Test
    void concurrentCallersGetExactlyTheirOwnScores() throws Exception {
        SeqAutoencoderModel a = model(1);
        SeqAutoencoderModel b = model(2);
        try (MicroBatcher batcher = new MicroBatcher(8, 5, 2)) {
            ExecutorService callers = Executors.newFixedThreadPool(24);
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int from = i % 70;
                int size = 1 + i % 3 + (i % 17 == 0 ? 10 : 0);          // now and then one over max-batch
                SeqAutoencoderModel m = i % 2 == 0 ? a : b;
                ThresholdStrategy s = i % 5 == 0 ? ThresholdStrategy.POT : null;
                List<float[][]> seqs = DATA.subList(from, Math.min(DATA.size(), from + size));
                checks.add(callers.submit(() -> {
                    var batched = batcher.score(m, seqs, s);
                    var alone = m.score(seqs, s);
                    assertEquals(alone.size(), batched.size());
                    for (int k = 0; k < alone.size(); k++) {
                        assertEquals(alone.get(k).score(), batched.get(k).score(), 1e-6);
                        assertEquals(alone.get(k).threshold(), batched.get(k).threshold(), 0);
                        assertEquals(alone.get(k).anomalous(), batched.get(k).anomalous());
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : checks) {
                assertTrue(f.get());
            }
            callers.shutdown();
        }
    }

    @Test
    void aFailureReachesTheCallerAsItself() {
        SeqAutoencoderModel a = model(1);
        try (MicroBatcher batcher = new MicroBatcher(8, 1, 1)) {
            float[][] wide = new float[5][3];
            var e = assertThrows(InvalidInputException.class, () -> batcher.score(a, List.<float[][]>of(wide), null));
            assertTrue(e.getMessage().contains("has 3 features, model expects 2"), e.getMessage());
        }
    }

    @Test
    void submittedRequestsCompleteWithoutAnyoneWaiting() throws Exception {
        SeqAutoencoderModel a = model(1);
        List<java.util.concurrent.CompletableFuture<List<SeqAutoencoderModel.SequenceScore>>> futures = new ArrayList<>();
        try (MicroBatcher batcher = new MicroBatcher(1, 0, 1)) {      // max-batch 1 is queued as well
            for (int i = 0; i < 40; i++) {
                futures.add(batcher.submit(a, DATA.subList(i, i + 2), null));
            }
            var alone = a.score(DATA.subList(0, 41), null);
            for (int i = 0; i < 40; i++) {
                var got = futures.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(2, got.size());
                assertEquals(alone.get(i).score(), got.get(0).score(), 1e-6);
                assertEquals(alone.get(i + 1).score(), got.get(1).score(), 1e-6);
            }
        }
        var afterClose = new MicroBatcher(8, 1, 1);
        afterClose.close();
        var e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> afterClose.submit(a, DATA.subList(0, 1), null).get());
        assertTrue(e.getCause().getMessage().contains("stopping"), e.getCause().getMessage());
    }
}
