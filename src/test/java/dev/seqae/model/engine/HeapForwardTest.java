package dev.seqae.model.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SequenceBatch;
import dev.seqae.data.SequenceTensors;
import dev.seqae.data.SyntheticGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/** The heap inference pass computes what the hand-written pass over ND4J computes, within float rounding. */
class HeapForwardTest {

    @ParameterizedTest(name = "conditional={0} reversed={1} stacked={2} masked={3} latent={4} bidirectional={5} heads={6}")
    @CsvSource({"false,false,false,false,5,false,0", "false,true,true,true,5,false,0", "true,false,false,true,5,false,0",
        "true,true,true,false,5,false,0", "false,false,false,true,0,false,0", "true,false,true,false,0,false,0",
        "false,false,false,false,5,true,0", "false,true,true,true,5,true,0", "false,false,true,true,0,true,0",
        "false,false,false,false,5,false,0.5", "false,true,true,false,0,true,0.5", "true,true,false,true,5,false,0"})
    void heapPassMatchesTheNd4jPass(boolean conditional, boolean reversed, boolean stacked, boolean masked, int latent,
                                    boolean bidirectional, double heads) {
        // 19 units: a tail of gate columns past the packed panels, and an odd batch
        int[] layers = stacked ? new int[] {19, 12} : new int[] {19};
        var net = new AutoencoderNetwork(new NetworkShape(3, layers, latent, layers, conditional, bidirectional,
                heads), DataType.FLOAT);
        net.initialize(3);
        List<float[][]> seqs = new ArrayList<>(SyntheticGenerator.normal(7, 20, 3, 9));
        if (masked) {
            seqs.set(2, Arrays.copyOf(seqs.get(2), 11));
            seqs.set(4, Arrays.copyOf(seqs.get(4), 7));
        }
        HeapForward heap = net.heapForward();
        // twice: the second call reuses the thread's buffers
        for (int round = 0; round < 2; round++) {
            assertClose(reference(net, seqs, reversed), heap.forward(seqs, reversed, true, true));
        }
    }

    @ParameterizedTest(name = "reversed={0} stacked={1} masked={2} latent={3}")
    @CsvSource({"false,false,false,5", "true,true,true,5", "false,true,false,0", "true,false,true,0"})
    void freeRunningMatchesTheNd4jStepByStepPass(boolean reversed, boolean stacked, boolean masked, int latent) {
        int[] layers = stacked ? new int[] {19, 12} : new int[] {19};
        var net = new AutoencoderNetwork(new NetworkShape(3, layers, latent, layers, true, false), DataType.FLOAT);
        net.initialize(5);
        List<float[][]> seqs = new ArrayList<>(SyntheticGenerator.normal(7, 20, 3, 4));
        if (masked) {
            seqs.set(1, Arrays.copyOf(seqs.get(1), 12));
            seqs.set(5, Arrays.copyOf(seqs.get(5), 3));
        }
        HeapForward heap = net.heapForward();
        for (int round = 0; round < 2; round++) {
            assertClose(reference(net, seqs, reversed, true), heap.forward(seqs, reversed, true, true, true));
            // a teacher-forced call between free-running ones on the same thread's buffers
            assertClose(reference(net, seqs, reversed, false), heap.forward(seqs, reversed, false, true, true));
        }
        var repeat = new AutoencoderNetwork(new NetworkShape(3, layers, latent, layers, false, false), DataType.FLOAT);
        assertThrows(IllegalStateException.class, () -> repeat.heapForward().forward(seqs, false, true, true, true));
    }

    @Test
    void buffersFollowTheShapeAndThreadsDoNotShareThem() throws Exception {
        var net = new AutoencoderNetwork(new NetworkShape(2, new int[] {16}, 4, new int[] {16}, false, true),
                DataType.FLOAT);
        net.initialize(11);
        HeapForward heap = net.heapForward();
        // more shapes than a thread keeps (HeapForward.CACHED_SHAPES), one of them padded (mixed lengths):
        // kept workspaces share the arena's arrays, and nothing may carry over from another shape's call
        List<float[][]> mixed = new ArrayList<>(SyntheticGenerator.normal(3, 17, 2, 4));
        mixed.addAll(SyntheticGenerator.normal(2, 30, 2, 5));
        List<List<float[][]>> batches = List.of(SyntheticGenerator.normal(1, 30, 2, 1),
                SyntheticGenerator.normal(32, 12, 2, 2), SyntheticGenerator.normal(5, 30, 2, 3), mixed,
                SyntheticGenerator.normal(7, 20, 2, 6));
        assertTrue(batches.size() > HeapForward.CACHED_SHAPES);
        List<HeapForward.Output> expected = new ArrayList<>();
        for (List<float[][]> b : batches) {
            HeapForward.Output o = heap.forward(b, false, true, true);
            assertClose(reference(net, b, false), o);
            expected.add(o);
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int th = 0; th < 3; th++) {
                int first = th;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        int which = (first + i) % batches.size();
                        HeapForward.Output o = heap.forward(batches.get(which), false, true, false);
                        if (o.squaredErrors() != null
                                || !Arrays.deepEquals(o.reconstructions(), expected.get(which).reconstructions())
                                || !Arrays.deepEquals(o.latents(), expected.get(which).latents())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : runs) {
                assertTrue(r.get(), "a thread's results differ from the single-threaded ones");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badBatchesAreRefused() {
        var net = new AutoencoderNetwork(new NetworkShape(2, new int[] {8}, 3, new int[] {8}, false, false, 0.5),
                DataType.FLOAT);
        net.initialize(1);
        HeapForward heap = net.heapForward();
        assertThrows(IllegalArgumentException.class, () -> heap.forward(List.of(), false, true, true));
        var padded = List.of(new float[5][2], new float[4][2]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> heap.forward(padded, false, true, true)).getMessage()
                .contains("padded"));
        var wrongWidth = List.<float[][]>of(new float[][] {{1, 2}, {3, 4, 5}, {6, 7}});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> heap.forward(wrongWidth, false, true, true)).getMessage()
                .contains("step 1 has 3 features"));
        var dbl = new AutoencoderNetwork(new NetworkShape(2, new int[] {4}, 2, new int[] {4}, false), DataType.DOUBLE);
        assertThrows(IllegalArgumentException.class, dbl::heapForward);
    }

    /** The ND4J pass's reconstructions (input order), squared errors and latent vectors. */
    private static HeapForward.Output reference(AutoencoderNetwork net, List<float[][]> seqs, boolean reversed) {
        return reference(net, seqs, reversed, false);
    }

    private static HeapForward.Output reference(AutoencoderNetwork net, List<float[][]> seqs, boolean reversed,
                                                boolean freeRunning) {
        SequenceBatch b = SequenceTensors.batch(seqs, net.shape().features(), reversed, net.shape().conditional(),
                DataType.FLOAT);
        try {
            Buffers k = net.buffers(b.steps(), b.size(), false);
            if (freeRunning) {
                net.forwardFreeRunning(b, k);
            } else {
                net.forward(b, k, null);
            }
            float[][][] recon = SequenceTensors.perSequence(k.output(), b);
            float[][][] errors = new float[recon.length][][];
            for (int i = 0; i < recon.length; i++) {
                errors[i] = new float[recon[i].length][];
                for (int t = 0; t < recon[i].length; t++) {
                    errors[i][t] = new float[recon[i][t].length];
                    for (int f = 0; f < recon[i][t].length; f++) {
                        float d = seqs.get(i)[t][f] - recon[i][t][f];
                        errors[i][t][f] = d * d;
                    }
                }
            }
            HeapForward.Output o = new HeapForward.Output(recon, errors, SequenceTensors.toRows(k.latent()));
            k.close();
            return o;
        } finally {
            b.close();
        }
    }

    private static void assertClose(HeapForward.Output expected, HeapForward.Output got) {
        assertEquals(expected.reconstructions().length, got.reconstructions().length);
        double worst = 0;
        for (int i = 0; i < expected.reconstructions().length; i++) {
            float[][] a = expected.reconstructions()[i];
            float[][] b = got.reconstructions()[i];
            assertEquals(a.length, b.length, "sequence " + i + " keeps its length");
            for (int t = 0; t < a.length; t++) {
                for (int f = 0; f < a[t].length; f++) {
                    worst = Math.max(worst, Math.abs(a[t][f] - b[t][f]));
                    worst = Math.max(worst, Math.abs(expected.squaredErrors()[i][t][f] - got.squaredErrors()[i][t][f]));
                }
            }
            assertEquals(expected.latents()[i].length, got.latents()[i].length);
            for (int z = 0; z < expected.latents()[i].length; z++) {
                worst = Math.max(worst, Math.abs(expected.latents()[i][z] - got.latents()[i][z]));
            }
        }
        assertTrue(worst < 1e-5, "the heap pass differs from the ND4J pass by " + worst);
    }
}
