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
 * Microsecond timings of the operations the engine is built from, and of one training step split
 * into forward and backward: the profile that {@code seqae bench} reports and
 * docs/performance.md discusses. For benchmarks only.
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

    /** Per-operation costs at the reference shape (batch 64, H 64, 64 steps). */
    public static Map<String, Double> operations() {
        int b = 64;
        int h = 64;
        int rows = 64 * b;
        INDArray act = Nd4j.rand(DataType.FLOAT, rows, 4 * h);
        INDArray other = Nd4j.rand(DataType.FLOAT, rows, 4 * h);
        INDArray x = Nd4j.rand(DataType.FLOAT, b, h);
        INDArray y = Nd4j.rand(DataType.FLOAT, b, h);
        INDArray z = Nd4j.create(DataType.FLOAT, b, h);
        INDArray strided = Views.block(act, b, b, h, h);
        INDArray wr = Nd4j.rand(DataType.FLOAT, h, 4 * h);
        INDArray stepRows = Views.rows(act, b, b);
        INDArray bigA = Views.rows(other, 0, rows);
        INDArray bigStrided = Views.block(act, 0, rows, 0, h);
        INDArray bigContig = Nd4j.rand(DataType.FLOAT, rows, h);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mul_64x64_contiguous_us", micros(() -> x.muli(y, z), 5000));
        m.put("mul_64x64_strided_view_us", micros(() -> strided.muli(y, z), 5000));
        m.put("mul_4096x64_contiguous_us", micros(() -> bigContig.muli(bigContig, bigContig), 500));
        m.put("mul_4096x64_strided_view_us", micros(() -> bigStrided.muli(bigContig, bigContig), 50));
        m.put("sigmoid_64x64_contiguous_us", micros(() -> Nd4j.exec(new Sigmoid(x, z)), 5000));
        m.put("sigmoid_64x64_strided_input_us", micros(() -> Nd4j.exec(new Sigmoid(strided, z)), 5000));
        m.put("tanh_64x64_contiguous_us", micros(() -> Nd4j.exec(new Tanh(x, z)), 5000));
        PreparedOp prepared = PreparedOp.mul(x, y, z);
        m.put("mul_64x64_prepared_us", micros(prepared::run, 5000));
        m.put("gemm_64x64x256_step_us", micros(() -> Views.gemm(x, wr, stepRows, false, false, 1.0), 5000));
        INDArray dWr = Nd4j.create(DataType.FLOAT, h, 4 * h);
        m.put("gemm_transposed_64x4096x256_weight_grad_us",
                micros(() -> Views.gemm(bigContig, bigA, dWr, true, false, 0.0), 100));
        m.put("gemm_4096x64x256_all_steps_us", micros(() -> Views.gemm(bigContig, wr, bigA, false, false, 0.0), 200));
        return m;
    }

    /** Milliseconds of one training step (forward only, and forward + backward) on a batch. */
    public static Map<String, Double> trainingStep(AutoencoderNetwork net, SequenceBatch batch) {
        Buffers k = net.buffers(batch.steps(), batch.size(), true);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("forward_ms", micros(() -> net.forward(batch, k, null), 50) / 1e3);
        m.put("forward_backward_ms", micros(() -> net.lossAndGradient(batch, k, null, 0), 50) / 1e3);
        return m;
    }
}
