package dev.seqae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SyntheticGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every forward path reconstructs a trained model's sequences alike; AUTO takes the heap pass. */
class ForwardPathTest {

    @ParameterizedTest(name = "bidirectional={0} padded={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void everyPathGivesTheSameReconstruction(boolean bidirectional, boolean padded) {
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {10}, 3, new int[] {10})
                .withTraining(5e-3, 16, 2, 0, 0.25, 7).withBidirectional(bidirectional);
        SeqAutoencoderModel m = new Trainer(cfg, null).fit(TinyModels.DATA, new String[] {"a", "b"}, "tiny");
        // more than one batch (the last one partial)
        List<float[][]> input = new ArrayList<>(SyntheticGenerator.normal(Inference.MAX_BATCH + 40, 24, 2, 8));
        if (padded) {
            for (int i = 0; i < input.size(); i += 7) {
                input.set(i, Arrays.copyOf(input.get(i), 9 + i % 13));
            }
        }
        var reference = m.reconstruct(input, false, ForwardPath.ENGINE);
        for (ForwardPath p : ForwardPath.values()) {
            var got = m.reconstruct(input, false, p);
            assertEquals(input.size(), got.size());
            double worst = worstDifference(reference, got);
            for (int i = 0; i < input.size(); i++) {
                for (int z = 0; z < reference.get(i).latent().length; z++) {
                    worst = Math.max(worst, Math.abs(reference.get(i).latent()[z] - got.get(i).latent()[z]));
                }
            }
            assertTrue(worst < 1e-4, p + " differs from the hand-written pass by " + worst);
        }
        for (int size : new int[] {1, 32, 256}) {
            assertEquals(ForwardPath.HEAP, m.forwardPath(size), "batch " + size);
        }
    }

    @ParameterizedTest(name = "padded={0}")
    @CsvSource({"false", "true"})
    void everyPathRunsAConditionalDecoderFreeAlike(boolean padded) {
        SeqAutoencoderModel m = TinyModels.train(DecoderKind.CONDITIONAL, true);
        List<float[][]> input = new ArrayList<>(SyntheticGenerator.normal(40, 24, 2, 8));
        if (padded) {
            for (int i = 0; i < input.size(); i += 3) {
                input.set(i, Arrays.copyOf(input.get(i), 5 + i % 17));
            }
        }
        var reference = m.reconstruct(input, true, ForwardPath.ENGINE);
        for (ForwardPath p : ForwardPath.values()) {
            double worst = worstDifference(reference, m.reconstruct(input, true, p));
            assertTrue(worst < 1e-4, p + " runs free unlike the ND4J step-by-step pass, by " + worst);
        }
    }

    /** The largest difference between two reconstructions of the same sequences (each keeps its length). */
    private static double worstDifference(List<SeqAutoencoderModel.Reconstruction> reference,
                                          List<SeqAutoencoderModel.Reconstruction> got) {
        double worst = 0;
        for (int i = 0; i < reference.size(); i++) {
            float[][] a = reference.get(i).reconstruction();
            float[][] b = got.get(i).reconstruction();
            assertEquals(a.length, b.length, "sequence " + i + " keeps its length");
            for (int t = 0; t < a.length; t++) {
                for (int f = 0; f < a[t].length; f++) {
                    worst = Math.max(worst, Math.abs(a[t][f] - b[t][f]));
                }
            }
        }
        return worst;
    }
}
