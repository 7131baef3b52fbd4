package dev.seqae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScoringTest {
    static SeqAutoencoderModel repeat;
    static SeqAutoencoderModel conditional;

    @BeforeAll
    static void train() {
        repeat = TinyModels.train(DecoderKind.REPEAT, false);
        conditional = TinyModels.train(DecoderKind.CONDITIONAL, true);
    }

    @Test
    void paddedAndTruncatedSequencesScoreIdentically() {
        for (SeqAutoencoderModel m : List.of(repeat, conditional)) {
            float[][] full = TinyModels.DATA.get(0);
            float[][] shorter = Arrays.copyOf(TinyModels.DATA.get(1), 15);
            var alone = m.score(List.<float[][]>of(shorter), null).get(0);
            var batched = m.score(List.of(full, shorter), null).get(1);   // padded to 24 steps, masked
            assertEquals(15, batched.squaredErrors().length);
            assertEquals(alone.score(), batched.score(), 1e-6);
            for (int t = 0; t < 15; t++) {
                assertArrayEquals(alone.squaredErrors()[t], batched.squaredErrors()[t], 1e-6f);
            }
        }
    }

    @Test
    void identicalSequencesGetTheSameLatentVectorsRunAfterRun() {
        float[][] one = {{1, 2}, {3, 4}};
        List<float[][]> same = java.util.Collections.nCopies(10, one);
        for (SeqAutoencoderModel m : List.of(repeat, conditional)) {
            List<float[]> first = m.encode(same);
            for (int run = 0; run < 3; run++) {   // the arrays of earlier batches have been freed
                List<float[]> z = m.encode(same);
                for (int i = 0; i < z.size(); i++) {
                    // rows of one batch may differ in the last place (the LSTM kernel's vector lanes)
                    assertArrayEquals(first.get(0), z.get(i), 1e-6f, "run " + run + " sequence " + i);
                }
            }
        }
    }

    @Test
    void eightThreadsGiveTheSameScoresAsOne() throws Exception {
        List<float[][]> data = TinyModels.DATA;
        double[] expected = repeat.score(data, null).stream().mapToDouble(s -> s.score()).toArray();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int offset = i;
                futures.add(pool.submit(() -> {
                    double[] last = null;
                    for (int rep = 0; rep < 5 + offset; rep++) {
                        last = repeat.score(data, null).stream().mapToDouble(s -> s.score()).toArray();
                    }
                    return last;
                }));
            }
            for (Future<double[]> f : futures) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void teacherForcedScoringDiffersFromFreeRunningButBothWork() {
        var forced = conditional.reconstruct(TinyModels.DATA.subList(0, 4), false);
        var free = conditional.reconstruct(TinyModels.DATA.subList(0, 4), true);
        assertEquals(forced.size(), free.size());
        assertEquals(24, free.get(0).reconstruction().length);
        assertTrue(!Arrays.deepEquals(forced.get(0).reconstruction(), free.get(0).reconstruction()));
        // step 0 has no previous target: both decoders see only the latent vector there
        assertArrayEquals(forced.get(0).reconstruction()[23], free.get(0).reconstruction()[23], 1e-6f);
    }

    @Test
    void everyThresholdIsFittedAndSelectable() {
        for (ThresholdStrategy s : ThresholdStrategy.values()) {
            double v = repeat.threshold(s).value();
            assertTrue(v > 0 && Double.isFinite(v), s + " " + v);
            var scored = repeat.score(TinyModels.DATA.subList(0, 3), s);
            assertEquals(v, scored.get(0).threshold());
        }
    }

    @Test
    void badInputNamesTheSequenceStepAndFeature() {
        float[][] withNaN = TinyModels.DATA.get(2).clone();
        withNaN[17] = new float[] {0.1f, Float.NaN};
        var e = assertThrows(InvalidInputException.class,
                () -> repeat.score(List.of(TinyModels.DATA.get(0), withNaN), null));
        assertEquals("sequences[1][17][1] is NaN", e.getMessage());
        var wrong = assertThrows(InvalidInputException.class,
                () -> repeat.score(List.<float[][]>of(new float[][] {{1f, 2f, 3f}}), null));
        assertEquals("sequence 0 step 0 has 3 features, model expects 2", wrong.getMessage());
        assertThrows(InvalidInputException.class, () -> repeat.score(List.of(), null));
        assertThrows(InvalidInputException.class, () -> repeat.reconstruct(TinyModels.DATA, true));
    }
}
