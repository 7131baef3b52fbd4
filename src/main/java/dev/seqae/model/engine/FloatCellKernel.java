package dev.seqae.model.engine;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float kernel that trains: Vector API loops ({@link VectorKernels}), or the bit-identical
 * scalar fallback ({@link ScalarFloatCell}).
 */
final class FloatCellKernel extends CellKernel<float[]> {
    /** Vector API loops, or the scalar fallback (the same arithmetic, ~10x slower). */
    private final boolean vectorized;
    private final FloatBuffer act;
    private final FloatBuffer h;
    private final FloatBuffer dA;
    private final FloatBuffer dH;

    FloatCellKernel(int steps, int batch, int nH, INDArray act, INDArray h, INDArray dA, INDArray dH,
                    boolean reversed, boolean vectorized) {
        super(steps, batch, nH, act, h, dA, dH, reversed);
        this.vectorized = vectorized;
        this.act = bytes(act).asFloatBuffer();
        this.h = bytes(h).asFloatBuffer();
        this.dA = dA == null ? null : bytes(dA).asFloatBuffer();
        this.dH = dH == null ? null : bytes(dH).asFloatBuffer();
        this.recurrent = new HeapGemm(nH, 4 * nH);
        this.recurrentT = history ? new HeapGemm(4 * nH, nH) : null;
        this.input = null;
    }

    /**
     * An inference kernel wholly on the heap ({@link HeapForward}): each step's pre-activations
     * come from {@code input} (no act array), {@code h_t} goes to {@code h} ({@code [steps·batch, H]},
     * time-major, from element 0; the array may be longer), and the recurrent weights are
     * {@code recurrent}, packed once by the caller and only read here (so one packing serves every
     * thread's kernels).
     */
    FloatCellKernel(int steps, int batch, int nH, boolean reversed, HeapGemm recurrent, StepInput input, float[] h,
                    boolean vectorized) {
        super(steps, batch, nH, reversed, 0, 0, -1, -1);
        if (recurrent.k != nH || recurrent.n != 4 * nH) {
            throw new IllegalArgumentException("recurrent weights must be [" + nH + ", " + 4 * nH + "]");
        }
        if (h.length < Math.multiplyExact(steps, n)) {
            throw new IllegalArgumentException("h must hold " + steps + " steps of " + n + " elements");
        }
        this.vectorized = vectorized;
        this.act = null;
        this.h = FloatBuffer.wrap(h);
        this.dA = null;
        this.dH = null;
        this.recurrent = recurrent;
        this.recurrentT = null;
        this.input = input;
    }

    /** Writes one step's input pre-activations (input projection, no bias) into {@code gates[g0, g0 + 4·batch·H)}. */
    @FunctionalInterface
    interface StepInput {
        void project(int t, float[] gates, int g0);
    }

    /** The packed recurrent weights {@code Wr} {@code [H, 4H]}, for the forward steps. */
    private final HeapGemm recurrent;
    /** The packed {@code Wrᵀ} {@code [4H, H]}, for the backward steps (training). */
    private final HeapGemm recurrentT;
    /** A heap kernel's source of each step's pre-activations; null when they are read from act. */
    private final StepInput input;

    /**
     * A heap kernel's addend ({@link #setAddend(INDArray)} from a heap array): one {@code [4H]} row
     * for every sequence, or one row per sequence ({@code [batch, 4H]}).
     */
    void setAddend(float[] a) {
        int row = 4 * nH;
        if (a.length == row) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(a, 0, addend, b * row, row);
            }
        } else if (a.length == 4 * n) {
            System.arraycopy(a, 0, addend, 0, a.length);
        } else {
            throw new IllegalArgumentException("addend must be " + row + " or " + 4 * n + " elements, got " + a.length);
        }
    }

    @Override
    void packRecurrent(INDArray wr) {
        if (input != null) {
            throw new IllegalStateException("a heap kernel's recurrent weights are packed by its owner");
        }
        recurrent.pack(wr);
        if (recurrentT != null) {
            recurrentT.packTransposeOf(wr);
        }
    }

    @Override
    void addRecurrent(int g0) {
        recurrent.multiplyAdd(out, 0, batch, gates, g0, vectorized);
    }

    @Override
    void addRecurrentGradient() {
        recurrentT.multiplyAdd(rows, 0, batch, out, 0, vectorized);
    }

    @Override
    float[] alloc(int length) {
        return new float[length];
    }

    @Override
    void read(INDArray src, float[] dst, int len) {
        bytes(src).asFloatBuffer().get(Math.toIntExact(src.offset()), dst, 0, len);
    }

    @Override
    void write(float[] src, INDArray dst) {
        bytes(dst).asFloatBuffer().put(Math.toIntExact(dst.offset()), src, 0, Math.toIntExact(dst.length()));
    }

    @Override
    void clear(float[] a, int off, int len) {
        Arrays.fill(a, off, off + len, 0f);
    }

    @Override
    void addTo(float[] dst, int off, float[] src, int len) {
        if (vectorized) {
            VectorKernels.addTo(dst, off, src, len);
        } else {
            ScalarFloatCell.addTo(dst, off, src, len);
        }
    }

    @Override
    void loadAct(int t, int g0) {
        if (input != null) {
            input.project(t, gates, g0);
        } else {
            act.get(actOff + t * 4 * n, gates, g0, 4 * n);
        }
    }

    @Override
    void storeH(int t) {
        h.put(hOff + t * n, out);
    }

    @Override
    void loadDh(int index) {
        dH.get(index, out);
    }

    @Override
    void storeDa(int index) {
        dA.put(index, rows);
    }

    @Override
    void activate(int r) {
        if (vectorized) {
            VectorKernels.sigmoid(gates, r, 3 * nH);
            VectorKernels.tanh(gates, r + 3 * nH, gates, r + 3 * nH, nH);
        } else {
            Activations.scalarSigmoid(gates, r, 3 * nH);
            Activations.scalarTanh(gates, r + 3 * nH, gates, r + 3 * nH, nH);
        }
    }

    @Override
    void updateCell(int g0, int c0, float[] cp, int cpOff) {
        if (vectorized) {
            VectorKernels.updateCell(gates, g0, c, tc, c0, cp, cpOff, out, batch, nH);
        } else {
            ScalarFloatCell.cellState(gates, g0, c, c0, cp, cpOff, batch, nH, 0);
            Activations.scalarTanh(c, c0, tc, c0, n);
            ScalarFloatCell.cellOutput(gates, g0, tc, c0, out, batch, nH, 0);
        }
    }

    @Override
    void gateGradients(int g0, int c0, float[] cp, int cpOff) {
        if (vectorized) {
            VectorKernels.gateGradients(gates, g0, tc, c0, cp, cpOff, out, dcNext, rows, batch, nH);
        } else {
            ScalarFloatCell.gateGradients(gates, g0, tc, c0, cp, cpOff, out, dcNext, rows, batch, nH, 0);
        }
    }

    @Override
    void clearCarry() {
        Arrays.fill(dcNext, 0f);
    }
}
