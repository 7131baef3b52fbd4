package dev.seqae.model.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SequenceBatch;
import dev.seqae.data.SequenceTensors;
import dev.seqae.data.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Per-thread inference buffers: reused while the network and shape stay, freed at once when either changes. */
class InferenceBuffersTest {

    @Test
    void aNewShapeFreesTheBuffersItReplaces() {
        var net = new AutoencoderNetwork(new NetworkShape(2, new int[] {8}, 3, new int[] {8}, false, true, 0),
                DataType.FLOAT);
        net.initialize(1);
        Buffers a = net.inferenceBuffers(10, 4);
        assertSame(a, net.inferenceBuffers(10, 4), "the same shape reuses them");
        SequenceBatch b = SequenceTensors.batch(SyntheticGenerator.normal(4, 10, 2, 3), 2, false, false,
                DataType.FLOAT);
        net.forward(b, a, null);
        assertFalse(a.output().wasClosed());
        Buffers c = net.inferenceBuffers(12, 4);
        assertNotSame(a, c);
        assertTrue(a.output().wasClosed() && a.latent().wasClosed() && a.enc[0][0].act.wasClosed()
                && a.dec[0][1].h.wasClosed(), "the replaced buffers' native memory is freed");
        assertFalse(c.output().wasClosed());
        // the new ones work
        SequenceBatch longer = SequenceTensors.batch(SyntheticGenerator.normal(4, 12, 2, 3), 2, false, false,
                DataType.FLOAT);
        net.forward(longer, c, null);
        assertTrue(c.output().amaxNumber().doubleValue() > 0);
        // another network on the same thread takes the thread's one set: the first network's is freed
        var other = new AutoencoderNetwork(net.shape(), DataType.FLOAT);
        other.initialize(2);
        Buffers d = other.inferenceBuffers(12, 4);
        assertNotSame(c, d);
        assertTrue(c.output().wasClosed(), "a thread holds the buffers of one network at a time");
        assertNotSame(d, net.inferenceBuffers(12, 4), "and back: new buffers again");
        assertTrue(d.output().wasClosed());
    }
}
