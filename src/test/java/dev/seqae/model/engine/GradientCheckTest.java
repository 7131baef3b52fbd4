package dev.seqae.model.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SequenceBatch;
import dev.seqae.data.SequenceTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The hand-written backward pass against central finite differences, in double precision. */
class GradientCheckTest {
    /** Differences below this are finite-difference round-off, not gradient errors. */
    private static final double MIN_ABSOLUTE_ERROR = 1e-9;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("repeat", false, false, new int[] {5}, new int[] {5}, false, 0.0, 3, false, 0.0),
                Arguments.of("repeat reversed", false, true, new int[] {5}, new int[] {4}, false, 0.0, 3, false, 0.0),
                Arguments.of("repeat stacked masked", false, false, new int[] {4, 3}, new int[] {3, 5}, true, 0.0, 3, false, 0.0),
                Arguments.of("conditional", true, false, new int[] {5}, new int[] {5}, false, 0.0, 3, false, 0.0),
                Arguments.of("conditional reversed masked", true, true, new int[] {4}, new int[] {4}, true, 0.0, 3, false, 0.0),
                Arguments.of("conditional stacked l2", true, false, new int[] {3, 4}, new int[] {4, 3}, false, 0.01, 3, false, 0.0),
                Arguments.of("repeat no bottleneck", false, false, new int[] {4}, new int[] {5}, false, 0.0, 0, false, 0.0),
                Arguments.of("conditional stacked no bottleneck masked", true, false, new int[] {3, 4}, new int[] {4},
                        true, 0.0, 0, false, 0.0),
                Arguments.of("bidirectional", false, false, new int[] {4}, new int[] {3}, false, 0.0, 3, true, 0.0),
                Arguments.of("bidirectional stacked masked", false, false, new int[] {3, 4}, new int[] {4, 3}, true,
                        0.0, 3, true, 0.0),
                Arguments.of("bidirectional reversed no bottleneck masked l2", false, true, new int[] {3},
                        new int[] {4}, true, 0.01, 0, true, 0.0),
                Arguments.of("prediction heads", false, false, new int[] {4}, new int[] {5}, false, 0.0, 3, false, 0.5),
                Arguments.of("prediction heads bidirectional stacked no bottleneck l2", false, false,
                        new int[] {3, 4}, new int[] {4}, false, 0.01, 0, true, 0.3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void analyticGradientMatchesFiniteDifferences(String name, boolean conditional, boolean reversed,
                                                  int[] enc, int[] dec, boolean variableLength, double l2,
                                                  int latent, boolean bidirectional, double heads) {
        int features = 2;
        var shape = new NetworkShape(features, enc, latent, dec, conditional, bidirectional, heads);
        var net = new AutoencoderNetwork(shape, DataType.DOUBLE);
        net.initialize(7);
        Random rnd = new Random(11);
        List<float[][]> seqs = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            int len = variableLength ? 3 + b * 2 : 6;
            float[][] s = new float[len][features];
            for (int t = 0; t < len; t++) {
                for (int f = 0; f < features; f++) {
                    s[t][f] = (float) rnd.nextGaussian();
                }
            }
            seqs.add(s);
        }
        SequenceBatch batch = SequenceTensors.batch(seqs, features, reversed, conditional, DataType.DOUBLE);
        var buffers = net.buffers(batch.steps(), batch.size(), true);
        net.lossAndGradient(batch, buffers, null, l2);
        INDArray analytic = net.grads().dup();
        INDArray p = net.params();
        double eps = 1e-6;
        double worst = 0;
        String where = "";
        for (long i = 0; i < p.length(); i++) {
            double v = p.getDouble(0, i);
            p.putScalar(0, i, v + eps);
            double up = objective(net, batch, buffers, l2);
            p.putScalar(0, i, v - eps);
            double down = objective(net, batch, buffers, l2);
            p.putScalar(0, i, v);
            double numeric = (up - down) / (2 * eps);
            double a = analytic.getDouble(0, i);
            double scale = Math.max(Math.abs(a), Math.abs(numeric));
            if (Math.abs(a - numeric) <= MIN_ABSOLUTE_ERROR) {
                continue;   // below the finite differences' own round-off (~1e-16 / eps)
            }
            double rel = Math.abs(a - numeric) / scale;
            if (rel > worst) {
                worst = rel;
                where = "param " + i + ": analytic " + a + " numeric " + numeric;
            }
        }
        assertTrue(worst <= 1e-4, name + ": max relative error " + worst + " at " + where);
    }

    private static double objective(AutoencoderNetwork net, SequenceBatch b, Buffers k, double l2) {
        net.forward(b, k, null);
        double loss = net.loss(b, k);
        if (l2 > 0) {
            INDArray w = net.params().mul(net.decayMask());
            double n = w.norm2Number().doubleValue();
            loss += 0.5 * l2 * n * n;
        }
        return loss;
    }
}
