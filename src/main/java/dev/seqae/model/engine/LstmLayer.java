package dev.seqae.model.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One LSTM layer whose forward and backward passes are large ND4J matrix products around a small
 * element-wise kernel per time step.
 *
 * <p>Gate order in the {@code 4H} columns is input, forget, output, cell candidate. The caller
 * writes the input projection (plus bias) of every time step into {@link Cache#act} with one matrix
 * product; the layer adds the recurrent product step by step ({@code act_t += h_{t-1}·Wr}) and
 * hands the step to its {@link CellKernel}, which applies the gates on heap arrays and writes
 * {@code h_t}. Backward through time is, per step, the kernel's element-wise gate gradients and one
 * recurrent product ({@code dh_{t-1} += dA_t·Wrᵀ}); the recurrent-weight and bias gradients of all
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
     * recurrent products run on the heap in the float kernels ({@link HeapGemm}: no native call
     * per step), through ND4J in the double kernel of the gradient checks.
     */
    void forward(Cache k, INDArray addend) {
        k.kernel.setAddend(addend);
        if (k.kernel.heapRecurrence()) {
            k.kernel.packRecurrent(wr.value());
            for (int s = 0; s < k.steps; s++) {
                k.kernel.forwardRecurrent(k.time(s));
            }
            return;
        }
        for (int s = 0; s < k.steps; s++) {
            int t = k.time(s);
            if (s > 0) {
                k.steps()[t].recurrent.run();
            }
            k.kernel.forward(t);
        }
    }

    /**
     * The cell update of step {@code t} alone (free-running decoding): its {@code act} holds the
     * input and recurrent parts; the kernel adds the addend last given to {@link #forward} or to
     * {@code k.kernel.setAddend}.
     */
    static void cell(Cache k, int t) {
        k.kernel.forward(t);
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
        if (k.kernel.heapRecurrence()) {
            // packed by the forward pass, whose weights these gradients are of
            for (int s = T - 1; s >= 0; s--) {
                k.kernel.backwardRecurrent(k.time(s));
            }
        } else {
            k.wrT.assign(wr.value().transpose());
            for (int s = T - 1; s >= 0; s--) {
                int t = k.time(s);
                k.kernel.backward(t);
                if (s > 0) {
                    k.steps()[t].recurrentGradient.run();
                }
            }
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
     * Views of one time step's rows (pre-activations, output and, for training, their gradients)
     * and the step's recurrent products bound to them.
     */
    static final class Step {
        final INDArray act;
        final INDArray h;
        final INDArray da;
        final INDArray dh;
        /** {@code act_t += h_{t-1}·Wr} (null at the recurrence's first step; {@code h_{t+1}} when reversed). */
        final PreparedGemm recurrent;
        /** {@code dh_{t-1} += dA_t·Wrᵀ} (null at the first step and for inference). */
        final PreparedGemm recurrentGradient;

        /** {@code nativeProducts}: bind the recurrent products (kernels that leave them to ND4J). */
        Step(Cache k, LstmLayer layer, Step previous, long row, long batch, boolean nativeProducts) {
            this.act = Views.rows(k.act, row, batch);
            this.h = Views.rows(k.h, row, batch);
            this.da = k.dA == null ? null : Views.rows(k.dA, row, batch);
            this.dh = k.dH == null ? null : Views.rows(k.dH, row, batch);
            boolean bind = nativeProducts && previous != null;
            this.recurrent = bind ? new PreparedGemm(previous.h, layer.wr.value(), act) : null;
            this.recurrentGradient = bind && da != null ? new PreparedGemm(da, k.wrT, previous.dh) : null;
        }
    }

    /**
     * Buffers of one layer for one {@code (steps, batch)} shape, with every per-step view made
     * once. Reused across minibatches of the same shape; never shared between threads.
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
        /** {@code Wrᵀ}, copied at the start of each backward pass (a plain product beats a transposed one). */
        final INDArray wrT;
        /** Per time step (in time order, whatever the recurrence's direction); built on first use. */
        private Step[] step;
        private final LstmLayer layer;
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
            this.wrT = training ? Nd4j.create(dt, h4, layer.nH) : null;
            this.reversed = layer.reversed;
            this.kernel = CellKernel.create(steps, batch, layer.nH, act, h, dA, dH, layer.reversed);
            this.layer = layer;
        }

        /**
         * The per-step views, and where the kernel leaves the recurrent products to ND4J their bound
         * products; built on first use: a view costs ND4J tens of microseconds, and the heap
         * kernels' passes need none (only the step-by-step free-running decoder does), so building
         * them with every cache made a scoring batch of a new shape wait ~10 ms for them.
         */
        Step[] steps() {
            if (step == null) {
                boolean nativeProducts = !kernel.heapRecurrence();
                Step[] built = new Step[steps];
                for (int s = 0; s < steps; s++) {
                    int t = time(s);
                    built[t] = new Step(this, layer, s == 0 ? null : built[time(s - 1)], (long) t * batch, batch,
                            nativeProducts);
                }
                step = built;
            }
            return step;
        }

        /** Frees the native memory of the cache's arrays (see {@link Buffers#close()}). */
        void close() {
            Buffers.closeAll(act, h, dA, dH, onesRows, dAddend, onesBatch, wrT);
        }

        /** The time step that the recurrence's {@code s}-th step processes. */
        int time(int s) {
            return reversed ? steps - 1 - s : s;
        }
    }
}
