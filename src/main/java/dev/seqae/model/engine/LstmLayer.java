package dev.seqae.model.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One LSTM layer whose forward and backward passes are large ND4J matrix products around a small
 * element-wise kernel per time step.
 *
 * <p>Gate order in the {@code 4H} columns is input, forget, output, cell candidate. The caller
 * writes the input projection (plus bias) of every time step into {@link Cache#act} with one matrix
 * product; per step its {@link CellKernel} adds the recurrent product ({@code act_t += h_{t-1}·Wr},
 * on heap arrays with the weights packed once per pass), applies the gates and writes {@code h_t}.
 * Backward through time is, per step, the kernel's element-wise gate gradients and one recurrent
 * product ({@code dh_{t-1} += dA_t·Wrᵀ}, on the heap too); the recurrent-weight and bias gradients of all
 * steps are single products at the end ({@code dWr = H_prevᵀ·dA} over all {@code T·batch} rows,
 * bias = column sums), and the caller derives the input-weight gradient ({@code Xᵀ·dA}) and the
 * input gradient ({@code dA·Wxᵀ}) the same way.
 *
 * <p>Arrays are time-major: row {@code t * batch + b} holds step {@code t} of sequence {@code b}.
 * A {@linkplain #reversed reversed} layer (the backward half of a bidirectional layer) runs its
 * recurrence from the last step to the first over the same time-ordered arrays: its {@code h_t}
 * depends on steps {@code t..T-1}, and no input or output is ever copied into reversed order.
 */
final class LstmLayer {
    final int nIn;
    final int nH;
    /** Input weights {@code [nIn, 4H]} (for a decoder's first layer: the latent part). */
    final ParamSpace.Slot wx;
    /** Recurrent weights {@code [H, 4H]}. */
    final ParamSpace.Slot wr;
    /** Bias {@code [1, 4H]}. */
    final ParamSpace.Slot bias;
    /** Whether the recurrence runs from the last step to the first. */
    final boolean reversed;

    LstmLayer(ParamSpace space, int nIn, int nH, boolean reversed) {
        this.nIn = nIn;
        this.nH = nH;
        this.reversed = reversed;
        this.wx = space.take(nIn, 4L * nH, true);
        this.wr = space.take(nH, 4L * nH, true);
        this.bias = space.take(1, 4L * nH, false);
    }

    static long paramCount(int nIn, int nH) {
        return (long) nIn * 4 * nH + (long) nH * 4 * nH + 4L * nH;
    }

    /**
     * Runs the recurrence. {@code k.act} holds the input projections (without bias) on entry;
     * {@code addend} is added to every step's pre-activations: the bias {@code [1, 4H]}, or for a
     * decoder's first layer the projected latent vector plus bias {@code [batch, 4H]}. The
     * recurrent products run in the kernel, on the heap (float: {@link HeapGemm}; no native call
     * per step).
     */
    void forward(Cache k, INDArray addend) {
        k.kernel.setAddend(addend);
        k.kernel.packRecurrent(wr.value());
        for (int s = 0; s < k.steps; s++) {
            k.kernel.forwardRecurrent(k.time(s));
        }
    }

    /**
     * Backward through time. On entry {@code k.dH} holds the loss gradient with respect to every
     * output {@code h_t}; on exit {@code k.dA} holds the gradient with respect to the gate
     * pre-activations, {@code k.dAddend} that with respect to the forward pass's addend (the sum
     * of {@code dA_t} over the steps), and the recurrent weight and bias gradients are set.
     */
    void backward(Cache k) {
        int T = k.steps;
        long rows = (long) T * k.batch;
        // the weights were packed by the forward pass, whose gradients these are
        for (int s = T - 1; s >= 0; s--) {
            k.kernel.backwardRecurrent(k.time(s));
        }
        if (T > 1) {
            // each step's dA against the output of the step before it in the recurrence's order
            long hFrom = reversed ? k.batch : 0;
            long dAFrom = reversed ? 0 : k.batch;
            Views.gemm(Views.rows(k.h, hFrom, rows - k.batch), Views.rows(k.dA, dAFrom, rows - k.batch),
                    wr.grad(), true, false, 0.0);
        } else {
            wr.grad().assign(0);
        }
        k.kernel.addendGradient(k.dAddend);
        Views.gemm(k.onesBatch, k.dAddend, bias.grad(), false, false, 0.0);
    }

    /**
     * Buffers of one layer for one {@code (steps, batch)} shape. Reused across minibatches of the
     * same shape; never shared between threads.
     */
    static final class Cache {
        final int steps;
        final int batch;
        /** Pre-activations {@code [rows, 4H]}, interleaved per row. */
        final INDArray act;
        final INDArray h;
        // backward only (null in inference caches)
        final INDArray dA;
        final INDArray dH;
        final INDArray onesRows;
        /** Gradient of the forward pass's addend, {@code [batch, 4H]}. */
        final INDArray dAddend;
        final INDArray onesBatch;
        final CellKernel<?> kernel;
        private final boolean reversed;

        Cache(LstmLayer layer, int steps, int batch, boolean training) {
            this.steps = steps;
            this.batch = batch;
            long rows = (long) steps * batch;
            long h4 = 4L * layer.nH;
            var dt = layer.wr.value().dataType();
            this.act = Nd4j.create(dt, rows, h4);
            this.h = Nd4j.create(dt, rows, layer.nH);
            this.dA = training ? Nd4j.create(dt, rows, h4) : null;
            this.dH = training ? Nd4j.create(dt, rows, layer.nH) : null;
            this.onesRows = training ? Nd4j.ones(dt, 1, rows) : null;
            this.dAddend = training ? Nd4j.create(dt, batch, h4) : null;
            this.onesBatch = training ? Nd4j.ones(dt, 1, batch) : null;
            this.reversed = layer.reversed;
            this.kernel = CellKernel.create(steps, batch, layer.nH, act, h, dA, dH, layer.reversed);
        }

        /** Frees the native memory of the cache's arrays (see {@link Buffers#close()}). */
        void close() {
            Buffers.closeAll(act, h, dA, dH, onesRows, dAddend, onesBatch);
        }

        /** The time step that the recurrence's {@code s}-th step processes. */
        int time(int s) {
            return reversed ? steps - 1 - s : s;
        }
    }
}
