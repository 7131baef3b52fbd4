package dev.seqae.model.engine;

import dev.seqae.data.SequenceBatch;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The profile that {@code seqae bench} reports and docs/performance.md discusses: one training
 * step split by kind of work (native matrix products, the Java cell kernel, the rest), and the
 * per-element cost of the activations in libnd4j against the Java kernel's. For benchmarks only.
 */
public final class OpTimings {
    private OpTimings() {
    }

    /** Mean of many calls, in microseconds, after a warm-up. */
    private static double micros(Runnable r, int reps) {
        for (int i = 0; i < Math.max(10, reps / 5); i++) {
            r.run();
        }
        long t = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            r.run();
        }
        return (System.nanoTime() - t) / 1e3 / reps;
    }

    /** Nanoseconds per element of the activations: libnd4j's legacy ops against the Java kernel's. */
    public static Map<String, Double> activations() {
        int n = 64 * 256;
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 256).subi(0.5).muli(8);
        INDArray z = Nd4j.create(DataType.FLOAT, 64, 256);
        float[] a = x.data().asFloat();
        float[] b = new float[n];
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("nd4j_sigmoid_ns_per_element", micros(() -> Nd4j.exec(new Sigmoid(x, z)), 2000) * 1e3 / n);
        m.put("nd4j_tanh_ns_per_element", micros(() -> Nd4j.exec(new Tanh(x, z)), 2000) * 1e3 / n);
        m.put("java_sigmoid_ns_per_element", micros(() -> {
            System.arraycopy(a, 0, b, 0, n);
            Activations.sigmoid(b, 0, n);
        }, 5000) * 1e3 / n);
        m.put("java_tanh_ns_per_element", micros(() -> Activations.tanh(a, 0, b, 0, n), 5000) * 1e3 / n);
        m.put("java_vector_api", Activations.VECTORIZED ? 1.0 : 0.0);
        return m;
    }

    /**
     * Milliseconds of one training step (forward, and forward + backward) on a batch, and the
     * share of its parts, each timed alone on the same buffers: the per-step recurrent products
     * (on the heap, {@link HeapGemm}), the cell kernel (Java, heap arrays, including its bulk copies to and from ND4J),
     * the recurrent-weight gradient products over all steps (native); "other" is the rest (input and
     * output projections and their gradients, bias sums, loss, latent layer).
     */
    public static Map<String, Double> trainingStep(AutoencoderNetwork net, SequenceBatch batch) {
        Buffers k = net.buffers(batch.steps(), batch.size(), true);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("forward_ms", micros(() -> net.forward(batch, k, null), 50) / 1e3);
        double total = micros(() -> net.lossAndGradient(batch, k, null, 0), 50) / 1e3;
        m.put("forward_backward_ms", total);
        double stepGemm = 0;
        double kernel = 0;
        double weightGemm = 0;
        LstmLevel[][] levels = {net.encoderLevels(), net.decoderLevels()};
        LstmLayer.Cache[][][] caches = {k.enc, k.dec};
        int steps = batch.steps();
        for (int side = 0; side < 2; side++) {
            for (int j = 0; j < levels[side].length; j++) {
                for (int d = 0; d < levels[side][j].dirs.length; d++) {
                    LstmLayer l = levels[side][j].dirs[d];
                    LstmLayer.Cache c = caches[side][j][d];
                    c.kernel.packRecurrent(l.wr.value());
                    stepGemm += micros(() -> {
                        for (int s = 1; s < steps; s++) {
                            c.kernel.addRecurrent(0);
                        }
                        for (int s = steps - 1; s > 0; s--) {
                            c.kernel.addRecurrentGradient();
                        }
                    }, 20);
                    kernel += micros(() -> {
                        for (int s = 0; s < steps; s++) {
                            c.kernel.forward(c.time(s));
                        }
                        for (int s = steps - 1; s >= 0; s--) {
                            c.kernel.backward(c.time(s));
                        }
                    }, 20);
                    weightGemm += micros(() -> Views.gemm(c.h, c.dA, l.wr.grad(), true, false, 0.0), 20);
                }
            }
        }
        // the buffers now hold values from repeated partial passes; leave them consistent
        net.lossAndGradient(batch, k, null, 0);
        m.put("recurrent_gemm_ms", stepGemm / 1e3);
        m.put("cell_kernel_java_ms", kernel / 1e3);
        m.put("recurrent_weight_gradient_gemm_ms", weightGemm / 1e3);
        m.put("other_ms", total - (stepGemm + kernel + weightGemm) / 1e3);
        return m;
    }
}
