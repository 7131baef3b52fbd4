package dev.seqae.model.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SequenceBatch;
import dev.seqae.data.SequenceTensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float LSTM kernel (Vector API activations, used for training) against the double kernel
 * that GradientCheckTest checks against finite differences.
 */
class KernelAgreementTest {

    @Test
    void vectorActivationsMatchTheScalarFunctions() {
        assertTrue(Activations.VECTORIZED, "the tests must run with --add-modules jdk.incubator.vector (surefire's "
                + "argLine sets it) so that the vectorised activations are the ones tested");
        Random rnd = new Random(3);
        int n = 1000 + 13;   // not a multiple of the vector length: exercises the scalar tail too
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextGaussian() * 6);
        }
        float[] extremes = {0f, -0f, 1e-30f, -1e-30f, 20f, -20f, 88f, -88f, 100f, -100f, 1e30f, -1e30f,
            Float.MAX_VALUE, -Float.MAX_VALUE};
        System.arraycopy(extremes, 0, x, 0, extremes.length);
        float[] sv = x.clone();
        float[] ss = x.clone();
        VectorKernels.sigmoid(sv, 0, n);
        Activations.scalarSigmoid(ss, 0, n);
        float[] tv = new float[n];
        float[] ts = new float[n];
        VectorKernels.tanh(x, 0, tv, 0, n);
        Activations.scalarTanh(x, 0, ts, 0, n);
        assertArrayEquals(ss, sv, "vector and scalar sigmoid are bit-identical");
        assertArrayEquals(ts, tv, "vector and scalar tanh are bit-identical");
        for (int i = 0; i < n; i++) {
            assertEquals(1.0 / (1.0 + Math.exp(-x[i])), sv[i], 2.5e-7, "sigmoid(" + x[i] + ")");
            assertEquals(Math.tanh(x[i]), tv[i], 2.5e-7, "tanh(" + x[i] + ")");
            assertTrue(sv[i] >= 0f && sv[i] <= 1f && tv[i] >= -1f && tv[i] <= 1f, "range at " + x[i]);
            if (Math.abs(x[i]) < 80) {
                double e = Math.exp(x[i]);
                assertEquals(e, Activations.exp(x[i]), 3 * Math.ulp((float) e), "exp(" + x[i] + ")");
            }
        }
        float[] nan = new float[32];
        java.util.Arrays.fill(nan, Float.NaN);
        VectorKernels.sigmoid(nan, 0, 32);
        assertTrue(Float.isNaN(nan[0]) && Float.isNaN(nan[31]), "NaN stays NaN");
    }

    /** {@code reversed}: the backward half of a bidirectional layer, over a padded batch (lengths 5, 3, 2). */
    @ParameterizedTest(name = "H={0} reversed={1}")
    @CsvSource({"16,false", "20,false", "64,false", "20,true"})
    void vectorAndScalarFloatKernelsAgreeWithTheDoubleKernel(int nH, boolean reversed) {
        int steps = 5;
        int batch = 3;
        long rows = (long) steps * batch;
        Random rnd = new Random(nH);
        double[] act = new double[(int) rows * 4 * nH];
        double[] dH = new double[(int) rows * nH];
        Arrays.setAll(act, i -> rnd.nextGaussian() * 2);
        Arrays.setAll(dH, i -> rnd.nextGaussian());
        INDArray[] results = new INDArray[6];
        Object[][] variants = {{DataType.DOUBLE, false}, {DataType.FLOAT, false}, {DataType.FLOAT, true}};
        for (int v = 0; v < variants.length; v++) {
            DataType dt = (DataType) variants[v][0];
            INDArray a = Nd4j.create(act, new long[] {rows, 4L * nH}, 'c').castTo(dt);
            INDArray h = Nd4j.create(dt, rows, nH);
            INDArray dA = Nd4j.create(dt, rows, 4L * nH);
            INDArray d = Nd4j.create(dH, new long[] {rows, nH}, 'c').castTo(dt);
            CellKernel<?> kernel = CellKernel.create(steps, batch, nH, a, h, dA, d, reversed, (Boolean) variants[v][1]);
            int[] lengths = {5, 3, 2};
            if (reversed) {
                kernel.setLengths(lengths);
            }
            for (int s = 0; s < steps; s++) {
                kernel.forward(reversed ? steps - 1 - s : s);
            }
            for (int s = steps - 1; s >= 0; s--) {
                kernel.backward(reversed ? steps - 1 - s : s);
            }
            if (reversed) {
                for (int t = 0; t < steps; t++) {
                    for (int b = 0; b < batch; b++) {
                        boolean padding = t >= lengths[b];
                        double hAbs = Views.rows(h, (long) t * batch + b, 1).amaxNumber().doubleValue();
                        double dAAbs = Views.rows(dA, (long) t * batch + b, 1).amaxNumber().doubleValue();
                        assertEquals(padding, hAbs == 0 && dAAbs == 0, "step " + t + " of sequence " + b
                                + (padding ? " is padding: h and dA must be zero" : " is real"));
                    }
                }
            }
            results[2 * v] = h.castTo(DataType.DOUBLE);
            results[2 * v + 1] = dA.castTo(DataType.DOUBLE);
        }
        assertArrayEquals(results[2].data().asDouble(), results[4].data().asDouble(), "vector and scalar float kernels: h");
        assertArrayEquals(results[3].data().asDouble(), results[5].data().asDouble(), "vector and scalar float kernels: dA");
        for (int v = 1; v < variants.length; v++) {
            for (int out = 0; out < 2; out++) {
                INDArray reference = results[out];
                double worst = results[2 * v + out].sub(reference).amaxNumber().doubleValue();
                double scale = reference.amaxNumber().doubleValue();
                assertTrue(scale > 0.1, "non-trivial outputs");
                assertTrue(worst <= 1e-5 * scale, (variants[v][1].equals(true) ? "vector" : "scalar") + " float kernel "
                        + (out == 0 ? "h" : "dA") + " differs from the double kernel by " + worst);
            }
        }
    }

    @ParameterizedTest(name = "conditional={0} reversed={1} stacked={2} masked={3} bidirectional={4}")
    @CsvSource({"false,false,false,false,false", "false,true,true,true,false", "true,false,false,true,false",
        "true,true,true,false,false", "false,false,true,true,true", "false,true,false,false,true"})
    void floatAndDoubleKernelsGiveTheSameLossAndGradients(boolean conditional, boolean reversed, boolean stacked,
                                                        boolean masked, boolean bidirectional) {
        int features = 3;
        int[] layers = stacked ? new int[] {12, 8} : new int[] {16};
        var shape = new NetworkShape(features, layers, 4, layers, conditional, bidirectional);
        Random rnd = new Random(5);
        List<float[][]> seqs = new ArrayList<>();
        for (int b = 0; b < 9; b++) {
            int len = masked ? 5 + b : 11;
            float[][] s = new float[len][features];
            for (int t = 0; t < len; t++) {
                for (int f = 0; f < features; f++) {
                    s[t][f] = (float) (Math.sin(0.4 * t + b + f) + 0.3 * rnd.nextGaussian());
                }
            }
            seqs.add(s);
        }
        double[] loss = new double[2];
        INDArray[] grads = new INDArray[2];
        DataType[] types = {DataType.FLOAT, DataType.DOUBLE};
        for (int k = 0; k < 2; k++) {
            var net = new AutoencoderNetwork(shape, types[k]);
            net.initialize(9);
            SequenceBatch batch = SequenceTensors.batch(seqs, features, reversed, conditional, types[k]);
            loss[k] = net.lossAndGradient(batch, net.buffers(batch.steps(), batch.size(), true), null, 0.0);
            grads[k] = net.grads().castTo(DataType.DOUBLE);
        }
        assertEquals(loss[1], loss[0], 1e-5 * loss[1], "loss");
        double scale = grads[1].amaxNumber().doubleValue();
        double worst = grads[0].sub(grads[1]).amaxNumber().doubleValue();
        assertTrue(scale > 1e-3, "gradients are not trivially zero");
        assertTrue(worst <= 1e-4 * scale, "float and double gradients differ by " + worst + " (largest " + scale + ")");
    }
}
