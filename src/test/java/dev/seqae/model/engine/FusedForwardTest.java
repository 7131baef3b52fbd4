package dev.seqae.model.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SequenceBatch;
import dev.seqae.data.SequenceTensors;
import dev.seqae.data.SyntheticGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The fused-op inference path computes the same network as the hand-written forward pass. */
class FusedForwardTest {

    @ParameterizedTest(name = "conditional={0} reversed={1} stacked={2} masked={3} latent={4} bidirectional={5} heads={6}")
    @CsvSource({"false,false,false,false,5,false,0", "false,true,true,true,5,false,0", "true,false,false,true,5,false,0",
        "true,true,true,false,5,false,0", "false,false,false,true,0,false,0", "true,false,true,false,0,false,0",
        "false,false,false,false,5,true,0", "false,true,true,true,5,true,0", "false,false,true,true,0,true,0",
        "false,false,false,false,5,false,0.5", "false,true,true,false,0,true,0.5"})
    void fusedForwardMatchesTheStepByStepForward(boolean conditional, boolean reversed, boolean stacked,
                                                 boolean masked, int latent, boolean bidirectional, double heads) {
        int[] layers = stacked ? new int[] {16, 12} : new int[] {16};
        var net = new AutoencoderNetwork(new NetworkShape(3, layers, latent, layers, conditional, bidirectional,
                heads), DataType.FLOAT);
        net.initialize(3);
        List<float[][]> seqs = new ArrayList<>(SyntheticGenerator.normal(6, 20, 3, 9));
        if (masked) {
            seqs.set(2, Arrays.copyOf(seqs.get(2), 11));
            seqs.set(4, Arrays.copyOf(seqs.get(4), 7));
        }
        SequenceBatch b = SequenceTensors.batch(seqs, 3, reversed, conditional, DataType.FLOAT);
        var k = net.buffers(b.steps(), b.size(), false);
        net.forward(b, k, null);
        List<INDArray> scratch = new ArrayList<>();
        INDArray[] fused = net.fused().forward(b, scratch);
        assertClose(fused, k, b);
        // every array the pass made is handed back to be freed, the answers among them
        assertTrue(scratch.contains(fused[0]) && scratch.contains(fused[1]));
        long owners = scratch.stream().filter(a -> !a.isView()).count();
        assertTrue(owners >= 4L + 3L * 2 * layers.length, owners + " arrays own their memory");
        scratch.forEach(INDArray::close);
        b.close();
        assertTrue(scratch.stream().filter(a -> !a.isView()).allMatch(INDArray::wasClosed), "all freed");
        assertTrue(b.input().wasClosed(), "and the batch's input");
    }

    private static void assertClose(INDArray[] fused, Buffers k, SequenceBatch b) {
        double dz = fused[1].sub(k.latent()).amaxNumber().doubleValue();
        INDArray diff = fused[0].sub(k.output());
        if (b.mask() != null) {
            diff.muliColumnVector(b.mask());
        }
        double dy = diff.amaxNumber().doubleValue();
        assertTrue(dz < 1e-5 && dy < 1e-5, "latent diff " + dz + ", output diff " + dy);
    }
}
