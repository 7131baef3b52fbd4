package dev.seqae.model.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * The hand-written backward pass against SameDiff's automatic differentiation of the same
 * network ({@link SameDiffGradients}: ND4J's {@code lstmLayer} op and {@code lstmLayer_bp}), in
 * double precision: the loss and every parameter's gradient.
 */
class SameDiffReferenceTest {

    @ParameterizedTest(name = "conditional={0} reversed={1} stacked={2} masked={3} l2={4} latent={5} bidirectional={6}")
    @CsvSource({"false,false,false,false,0,3,false", "false,true,true,false,0,3,false", "true,false,false,true,0,3,false",
        "true,true,true,true,0,3,false", "false,false,true,true,0.01,3,false", "false,false,false,true,0,0,false",
        "true,false,true,false,0,0,false", "false,false,false,false,0,3,true", "false,true,true,true,0,3,true",
        "false,false,true,true,0.01,0,true"})
    void gradientsMatchSameDiffAutodiff(boolean conditional, boolean reversed, boolean stacked, boolean masked,
                                        double l2, int latent, boolean bidirectional) {
        int[] layers = stacked ? new int[] {6, 5} : new int[] {6};
        var net = new AutoencoderNetwork(new NetworkShape(2, layers, latent, layers, conditional, bidirectional),
                DataType.DOUBLE);
        net.initialize(21);
        List<float[][]> seqs = new ArrayList<>(SyntheticGenerator.normal(4, 9, 2, 4));
        if (masked) {
            seqs.set(1, Arrays.copyOf(seqs.get(1), 5));
            seqs.set(3, Arrays.copyOf(seqs.get(3), 7));
        }
        SequenceBatch batch = SequenceTensors.batch(seqs, 2, reversed, conditional, DataType.DOUBLE);
        double loss = net.lossAndGradient(batch, net.buffers(batch.steps(), batch.size(), true), null, l2);
        INDArray mine = net.grads().dup();
        net.grads().assign(0);
        double reference = new SameDiffGradients(net).lossAndGradient(batch, l2);
        assertEquals(reference, loss, 1e-12 + 1e-10 * Math.abs(loss));
        INDArray theirs = net.grads();
        double worst = 0;
        long at = -1;
        for (long i = 0; i < mine.length(); i++) {
            double a = mine.getDouble(i);
            double b = theirs.getDouble(i);
            double diff = Math.abs(a - b);
            if (diff > 1e-9 && diff / Math.max(Math.abs(a), Math.abs(b)) > worst) {
                worst = diff / Math.max(Math.abs(a), Math.abs(b));
                at = i;
            }
        }
        assertTrue(worst <= 1e-4, "max relative error " + worst + " at parameter " + at);
        assertTrue(mine.norm2Number().doubleValue() > 1e-3, "gradients are not trivially zero");
    }
}
