package dev.seqae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SyntheticGenerator;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.engine.AutoencoderNetwork;
import dev.seqae.model.engine.NetworkShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Training on several threads: the sharded gradient is the whole minibatch's, and reproducible. */
class ShardedGradientsTest {

    @Test
    void shardedGradientIsTheWholeMinibatchGradient() {
        var net = new AutoencoderNetwork(new NetworkShape(2, new int[] {10}, 3, new int[] {8}, true), DataType.FLOAT);
        net.initialize(4);
        // variable lengths, so that the shards have different numbers of valid steps
        List<float[][]> chunk = new ArrayList<>();
        List<float[][]> base = SyntheticGenerator.regular(11, 24, 2, 6);
        for (int i = 0; i < base.size(); i++) {
            chunk.add(Arrays.copyOf(base.get(i), 8 + i));
        }
        double[] losses = new double[3];
        INDArray[] grads = new INDArray[3];
        int[] threads = {1, 2, 3};
        for (int k = 0; k < threads.length; k++) {
            try (var sharded = new ShardedGradients(net, threads[k], 0.0, 1)) {
                var r = sharded.lossAndGradient(chunk, 2, true, true, 0.01);
                losses[k] = r.loss();
                assertEquals(chunk.stream().mapToLong(s -> s.length).sum(), r.validSteps());
                grads[k] = net.grads().dup();
            }
        }
        double scale = grads[0].amaxNumber().doubleValue();
        for (int k = 1; k < threads.length; k++) {
            assertEquals(losses[0], losses[k], 1e-6 * losses[0], threads[k] + " shards: loss");
            double diff = grads[k].sub(grads[0]).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-5 * scale, threads[k] + " shards: gradient differs by " + diff + " (largest " + scale + ")");
        }
    }

    @Test
    void sameSeedAndThreadsGiveTheSameModel() {
        List<float[][]> data = SyntheticGenerator.regular(80, 16, 2, 3);
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {8}, 3, new int[] {8})
                .withTraining(5e-3, 16, 3, 0, 0.25, 5).withRegularization(0.1, 0.0, UpdaterKind.ADAM);
        String[] names = {"a", "b"};
        var first = new Trainer(cfg, null, 2).fit(data, names, "x");
        var second = new Trainer(cfg, null, 2).fit(data, names, "x");
        assertEquals(2, first.provenance().trainingThreads());
        assertEquals(first.provenance().trainLossHistory(), second.provenance().trainLossHistory());
        List<float[][]> probe = data.subList(0, 5);
        for (int i = 0; i < probe.size(); i++) {
            assertArrayEquals(first.encode(probe).get(i), second.encode(probe).get(i), "latent of sequence " + i);
        }
        var single = new Trainer(cfg, null, 1).fit(data, names, "x").provenance();
        double a = single.trainLossHistory().get(2);
        double b = first.provenance().trainLossHistory().get(2);
        assertEquals(a, b, 0.05 * a, "one and two threads learn alike (dropout streams differ)");
    }

    @Test
    void badThreadCountsAreRefused() {
        var cfg = ModelConfig.defaults();
        assertEquals("threads must be >= 1, got 0",
                assertThrows(InvalidInputException.class, () -> new Trainer(cfg, null, 0)).getMessage());
        assertEquals("the samediff engine trains on one thread, got threads = 2",
                assertThrows(InvalidInputException.class,
                        () -> new Trainer(cfg.withEngine(Engine.SAMEDIFF), null, 2)).getMessage());
    }
}
