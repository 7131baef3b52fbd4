package dev.seqae.model.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise half of an LSTM layer's time loop, on heap arrays: what remains per step once
 * the matrix products are left to ND4J. ND4J's element-wise kernels cost microseconds of call
 * overhead each and are slow on the strided gate columns of a {@code [batch, 4H]} block (and its
 * legacy sigmoid/tanh take 3–9 ns per element), so a step would otherwise need a dozen native
 * calls; here it is one bulk copy in, a few loops over heap arrays and one bulk copy out. The float
 * kernel's loops are written with the Vector API ({@link VectorKernels}; ~4 µs for the backward
 * step of a 64 x 64 layer, ~12 µs forward, most of it the sigmoid/tanh) with a scalar fallback
 * ({@link ScalarFloatCell}) for JVMs started without {@code jdk.incubator.vector}.
 *
 * <p>Per step {@code t} of a {@code batch x H} layer (n = batch·H):
 * <ul>
 *   <li>{@link #forward(int)}: reads the pre-activations {@code act_t} ({@code [batch, 4H]} rows of
 *       the ND4J array, input and recurrent products plus bias, gate order i, f, o, g), keeps the
 *       gate activations (same layout), the cell state {@code c_t} and {@code tanh(c_t)} on the
 *       heap for the backward pass, and writes {@code h_t} to the ND4J array that the next step's
 *       recurrent product and the next layer read;</li>
 *   <li>{@link #backward(int)}: reads {@code dL/dh_t} (upstream plus recurrent part, accumulated by
 *       ND4J products), carries {@code dL/dc} to the earlier step, and writes the gate
 *       pre-activation gradient {@code dA_t} ({@code [batch, 4H]}, same layout as {@code act}) from
 *       which ND4J derives the recurrent product for {@code dh_{t-1}} and all weight gradients.</li>
 * </ul>
 * Steps must be run forward {@code 0..T-1}, then backward {@code T-1..0}; a {@linkplain #reversed
 * reversed} kernel (the backward half of a bidirectional layer) runs its recurrence from the last
 * step to the first, forward {@code T-1..0} and backward {@code 0..T-1}, with every array still in
 * time order. Float (vector and
 * scalar) and double (for gradient checks) are implementations of the same arithmetic;
 * KernelAgreementTest checks them against each other. Not thread-safe: one per
 * {@link LstmLayer.Cache}.
 */
abstract class CellKernel<A> {
    final int steps;
    final int batch;
    final int nH;
    /** Elements of one gate block of one step: batch · H. */
    final int n;
    final int actOff;
    final int hOff;
    final int dAOff;
    final int dHOff;
    /** Whether the recurrence runs from step {@code T-1} to step 0. */
    final boolean reversed;
    /**
     * Reversed kernels over padded batches: each sequence's length; at steps at or past it the
     * state and output are zero (so the recurrence starts afresh at the sequence's last real step)
     * and so are the gradients. Null: every step is real.
     */
    private int[] lengths;
    /**
     * Whether every step's gates, cell state and its tanh are kept (training: the backward pass
     * reads them). An inference kernel keeps one step's gates and tanh and two cell states (the
     * previous and the current), so its heap arrays do not grow with the sequence length.
     */
    final boolean history;
    /** Gate activations {@code [T][batch][4H]} (i, f, o, g per row), in ND4J's layout of act; one step without history. */
    final A gates;
    /** Cell states {@code [T][n]}; {@code [2][n]} without history. */
    final A c;
    /** tanh of the cell states {@code [T][n]}; {@code [2][n]} without history. */
    final A tc;
    /** The cell state before step 0. */
    final A zeros;
    /** One step's gate gradients {@code [batch, 4H]}, as ND4J stores them (training). */
    final A rows;
    /** One step's {@code [batch, H]} rows (h out, dh in). */
    final A out;
    /** dL/dc carried to the earlier step (training). */
    final A dcNext;
    /**
     * What is added to every step's pre-activations {@code [batch, 4H]}: the bias on every row, or
     * for a decoder's first layer the projected latent vector plus bias ({@link #setAddend}).
     */
    final A addend;
    /** The sum of {@code dA_t} over the steps, {@code [batch, 4H]}: the addend's gradient (training). */
    final A addendGrad;

    CellKernel(int steps, int batch, int nH, INDArray act, INDArray h, INDArray dA, INDArray dH, boolean reversed) {
        this(steps, batch, nH, reversed, offset(act, (long) steps * batch, 4L * nH, "act"),
                offset(h, (long) steps * batch, nH, "h"),
                dA == null ? -1 : offset(dA, (long) steps * batch, 4L * nH, "dA"),
                dA == null ? -1 : offset(dH, (long) steps * batch, nH, "dH"));
    }

    /**
     * A kernel whose arrays start at the given element offsets; {@code dAOff < 0}: an inference
     * kernel (no history, no backward arrays).
     */
    CellKernel(int steps, int batch, int nH, boolean reversed, int actOff, int hOff, int dAOff, int dHOff) {
        this.steps = steps;
        this.reversed = reversed;
        this.batch = batch;
        this.nH = nH;
        this.n = Math.multiplyExact(batch, nH);
        int all = Math.multiplyExact(Math.multiplyExact(4, n), steps);   // heap arrays are int-indexed
        this.actOff = actOff;
        this.hOff = hOff;
        boolean training = dAOff >= 0;
        this.history = training;
        this.dAOff = training ? dAOff : 0;
        this.dHOff = training ? dHOff : 0;
        this.gates = alloc(training ? all : 4 * n);
        this.c = alloc(training ? steps * n : 2 * n);
        this.tc = alloc(training ? steps * n : 2 * n);
        this.zeros = alloc(n);
        this.out = alloc(n);
        this.rows = training ? alloc(4 * n) : null;
        this.dcNext = training ? alloc(n) : null;
        this.addend = alloc(4 * n);
        this.addendGrad = training ? alloc(4 * n) : null;
    }

    /**
     * A kernel over the cache's ND4J arrays ({@code dA} and {@code dH} may be null for inference),
     * all contiguous, row-major, of the layer's data type.
     */
    static CellKernel<?> create(int steps, int batch, int nH, INDArray act, INDArray h, INDArray dA, INDArray dH,
                                boolean reversed) {
        return create(steps, batch, nH, act, h, dA, dH, reversed, Activations.VECTORIZED);
    }

    /** As above; {@code vectorized = false} forces the float kernel's scalar fallback (for tests). */
    static CellKernel<?> create(int steps, int batch, int nH, INDArray act, INDArray h, INDArray dA, INDArray dH,
                                boolean reversed, boolean vectorized) {
        DataType dt = act.dataType();
        if (dt == DataType.FLOAT) {
            if (vectorized && !Activations.VECTORIZED) {
                throw new IllegalStateException("the Vector API (jdk.incubator.vector) is not available");
            }
            return new FloatCellKernel(steps, batch, nH, act, h, dA, dH, reversed, vectorized);
        }
        if (dt == DataType.DOUBLE) {
            return new DoubleCellKernel(steps, batch, nH, act, h, dA, dH, reversed);
        }
        throw new IllegalArgumentException("LSTM kernels support FLOAT and DOUBLE, not " + dt);
    }

    /** A zeroed heap array of this kernel's element type. */
    abstract A alloc(int length);

    /** The step the recurrence starts from: 0, or {@code T-1} when reversed. */
    final int firstStep() {
        return reversed ? steps - 1 : 0;
    }

    /** The step the recurrence ends at (where the backward pass starts). */
    final int lastStep() {
        return reversed ? 0 : steps - 1;
    }

    /**
     * Reversed kernels only: the sequences' lengths for the passes that follow (null: all steps are
     * real). A one-way kernel needs none: its padded steps come after the real ones and cannot
     * change them.
     */
    final void setLengths(int[] lengths) {
        if (!reversed) {
            throw new IllegalStateException("only a reversed kernel masks padded steps");
        }
        if (lengths != null && lengths.length != batch) {
            throw new IllegalArgumentException("lengths for " + lengths.length + " sequences, batch is " + batch);
        }
        this.lengths = lengths;
    }

    /** Forward step {@code t}: pre-activations of step t in, gates/c/tanh(c) kept, h_t out. */
    final void forward(int t) {
        forward(t, false);
    }

    /**
     * Packs the recurrent weights {@code [H, 4H]} for the {@link #forwardRecurrent} and
     * {@link #backwardRecurrent} steps that follow.
     */
    abstract void packRecurrent(INDArray wr);

    /**
     * Forward step {@code t} whose pre-activations {@code act_t} hold only the input part (and bias
     * or addend): the recurrent product of the previous step's output is added here, on the heap,
     * with the weights of the last {@link #packRecurrent}.
     */
    final void forwardRecurrent(int t) {
        forward(t, true);
    }

    private void forward(int t, boolean recurrence) {
        int g0 = history ? t * 4 * n : 0;
        loadAct(t, g0);
        addTo(gates, g0, addend, 4 * n);
        if (recurrence && t != firstStep()) {
            addRecurrent(g0);   // out still holds h of the previous step
        }
        for (int b = 0; b < batch; b++) {
            activate(g0 + b * 4 * nH);
        }
        boolean first = t == firstStep();
        int c0 = cellSlot(t);
        updateCell(g0, c0, first ? zeros : c, first ? 0 : cellSlot(previous(t)));
        if (lengths != null) {
            for (int b = 0; b < batch; b++) {
                if (t >= lengths[b]) {
                    clear(c, c0 + b * nH, nH);
                    clear(tc, c0 + b * nH, nH);
                    clear(out, b * nH, nH);
                }
            }
        }
        storeH(t);
    }

    /** Backward step {@code t}: dL/dh_t in, dL/dA_t out; {@link #lastStep()} starts the pass. */
    final void backward(int t) {
        backward(t, false);
    }

    /**
     * Backward step {@code t} whose {@code dH_t} holds only the upstream gradient: the recurrent
     * part {@code dA_{t±1}·Wrᵀ} of the step after it in the recurrence is added here, on the heap,
     * with the weights of the last {@link #packRecurrent}.
     */
    final void backwardRecurrent(int t) {
        backward(t, true);
    }

    private void backward(int t, boolean recurrence) {
        if (!history) {
            throw new IllegalStateException("an inference kernel keeps no history to run backward over");
        }
        boolean start = t == lastStep();
        if (start) {
            clearCarry();
        }
        loadDh(dHOff + t * n);
        if (recurrence && !start) {
            addRecurrentGradient();   // rows still holds dA of the step after this one in the recurrence
        }
        boolean first = t == firstStep();
        gateGradients(t * 4 * n, t * n, first ? zeros : c, first ? 0 : previous(t) * n);
        if (lengths != null) {
            for (int b = 0; b < batch; b++) {
                if (t >= lengths[b]) {
                    clear(rows, b * 4 * nH, 4 * nH);
                    clear(dcNext, b * nH, nH);
                }
            }
        }
        if (start) {
            System.arraycopy(rows, 0, addendGrad, 0, 4 * n);
        } else {
            addTo(addendGrad, 0, rows, 4 * n);
        }
        storeDa(dAOff + t * 4 * n);
    }

    /** Where step {@code t}'s cell state (and its tanh) are kept: its own row, or one of two alternating ones. */
    private int cellSlot(int t) {
        return history ? t * n : (t & 1) * n;
    }

    /** The step before {@code t} in the recurrence's order. */
    private int previous(int t) {
        return reversed ? t + 1 : t - 1;
    }

    /**
     * Sets what the forward steps add to the pre-activations: a {@code [1, 4H]} row (the bias, for
     * every sequence) or a {@code [batch, 4H]} block (one row per sequence); contiguous.
     */
    final void setAddend(INDArray a) {
        int row = 4 * nH;
        if (a.length() == row) {
            read(a, addend, row);
            for (int b = 1; b < batch; b++) {
                System.arraycopy(addend, 0, addend, b * row, row);
            }
        } else if (a.length() == 4L * n) {
            read(a, addend, 4 * n);
        } else {
            throw new IllegalArgumentException("addend must be [1, " + row + "] or [" + batch + ", " + row
                    + "], got " + a.length() + " elements");
        }
    }

    /**
     * After a backward pass: the sum of {@code dA_t} over the steps into {@code dst}
     * ({@code [batch, 4H]}, contiguous).
     */
    final void addendGradient(INDArray dst) {
        if (dst.length() != 4L * n) {
            throw new IllegalArgumentException("addend gradient must be [" + batch + ", " + 4 * nH + "]");
        }
        write(addendGrad, dst);
    }

    /** {@code dst[0, len)} = the first {@code len} elements of the contiguous array {@code src}. */
    abstract void read(INDArray src, A dst, int len);

    /** The contiguous array {@code dst} = {@code src[0, dst.length())}. */
    abstract void write(A src, INDArray dst);

    /** {@code a[off, off + len) = 0}. */
    abstract void clear(A a, int off, int len);

    /** {@code dst[off, off + len) += src[0, len)}. */
    abstract void addTo(A dst, int off, A src, int len);

    /** {@code gates[g0, g0 + 4n) += out·Wr} with the packed recurrent weights. */
    abstract void addRecurrent(int g0);

    /** {@code out += rows·Wrᵀ} (dL/dh of this step from dA of the step after it) with the packed weights. */
    abstract void addRecurrentGradient();

    /** {@code gates[g0, g0 + 4n)} = step {@code t}'s pre-activations (act elements {@code actOff + t·4n} on). */
    abstract void loadAct(int t, int g0);

    /** Step {@code t}'s output rows of h (elements {@code hOff + t·n} on) = {@code out}. */
    abstract void storeH(int t);

    /** {@code out} = dH elements {@code [index, index + n)}. */
    abstract void loadDh(int index);

    /** dA elements {@code [index, index + 4n)} = {@code rows}. */
    abstract void storeDa(int index);

    /** In place on one row of gates at {@code r} ({@code [4H]}: i, f, o, g): sigmoid over i, f, o, tanh over g. */
    abstract void activate(int r);

    /** {@code c_t = f·c_{t-1} + i·g}, {@code tanh(c_t)}, {@code out = h_t = o·tanh(c_t)}. */
    abstract void updateCell(int g0, int c0, A cPrev, int cPrevOff);

    /**
     * From {@code out = dL/dh_t} and the carried {@code dL/dc}: the gate pre-activation gradients
     * into {@code rows} (ND4J's {@code [batch, 4H]} layout) and the new carry {@code dL/dc_t · f_t}.
     */
    abstract void gateGradients(int g0, int c0, A cPrev, int cPrevOff);

    abstract void clearCarry();

    static int offset(INDArray a, long rows, long cols, String what) {
        if (a.rows() != rows || a.columns() != cols || a.ordering() != 'c' || a.stride(0) != cols
                || a.stride(1) != 1) {
            throw new IllegalArgumentException(what + " must be a contiguous [" + rows + ", " + cols + "] matrix");
        }
        return Math.toIntExact(a.offset());
    }

    /**
     * The whole allocation behind {@code a} as a native-order byte buffer, so that element
     * {@code a.offset() + i} is index {@code offset + i} of it. A view's {@code data()} is itself a
     * view buffer; its root is the allocation the array offsets count from.
     */
    static ByteBuffer bytes(INDArray a) {
        if (a == null) {
            return null;
        }
        DataBuffer root = a.data();
        while (root.originalDataBuffer() != null && root.originalDataBuffer() != root) {
            root = root.originalDataBuffer();
        }
        ByteBuffer b = root.asNio().order(ByteOrder.nativeOrder());
        long needed = (a.offset() + a.length()) * root.getElementSize();
        if (b.capacity() < needed) {
            throw new IllegalStateException("cannot map the buffer of a " + a.length() + "-element array at offset "
                    + a.offset() + ": " + b.capacity() + " bytes");
        }
        return b;
    }
}
