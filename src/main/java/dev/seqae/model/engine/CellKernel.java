package dev.seqae.model.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise half of an LSTM layer's time loop, on heap arrays: what remains per step once
 * the matrix products are left to ND4J. ND4J's element-wise kernels cost microseconds of call
 * overhead each and are slow on the strided gate columns of a {@code [batch, 4H]} block (and its
 * legacy sigmoid/tanh take 3–9 ns per element), so a step would otherwise need a dozen native
 * calls; here it is one bulk copy in, a few Java loops the JIT vectorises (with the Vector API's
 * sigmoid and tanh, see {@link Activations}) and one bulk copy out.
 *
 * <p>Per step {@code t} of a {@code batch x H} layer (n = batch·H):
 * <ul>
 *   <li>{@link #forward(int)}: reads the pre-activations {@code act_t} ({@code [batch, 4H]} rows of
 *       the ND4J array, input and recurrent products plus bias, gate order i, f, o, g), keeps the
 *       gate activations gate-major ({@code [4][n]} per step), the cell state {@code c_t} and
 *       {@code tanh(c_t)} on the heap for the backward pass, and writes {@code h_t} to the ND4J
 *       array that the next step's recurrent product and the next layer read;</li>
 *   <li>{@link #backward(int)}: reads {@code dL/dh_t} (upstream plus recurrent part, accumulated by
 *       ND4J products), carries {@code dL/dc} to the earlier step, and writes the gate
 *       pre-activation gradient {@code dA_t} ({@code [batch, 4H]}, same layout as {@code act}) from
 *       which ND4J derives the recurrent product for {@code dh_{t-1}} and all weight gradients.</li>
 * </ul>
 * Steps must be run forward {@code 0..T-1}, then backward {@code T-1..0}. Float and double (for
 * gradient checks) are two implementations of the same arithmetic; KernelAgreementTest checks that
 * they agree. Not thread-safe: one per {@link LstmLayer.Cache}.
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
    /** Gate activations, per step gate-major: {@code [T][4][n]} (i, f, o, g). */
    final A gates;
    /** Cell states {@code [T][n]}. */
    final A c;
    /** tanh of the cell states {@code [T][n]}. */
    final A tc;
    /** The cell state before step 0. */
    final A zeros;
    /** One step's {@code [batch, 4H]} rows as ND4J stores them (act in, dA out). */
    final A rows;
    /** One step's {@code [batch, H]} rows (h out, dh in). */
    final A out;
    /** dL/dc carried to the earlier step (training). */
    final A dcNext;
    /** One step's gate gradients, gate-major {@code [4][n]} (training). */
    final A da;

    private CellKernel(int steps, int batch, int nH, INDArray act, INDArray h, INDArray dA, INDArray dH) {
        this.steps = steps;
        this.batch = batch;
        this.nH = nH;
        this.n = Math.multiplyExact(batch, nH);
        long r = (long) steps * batch;
        int all = Math.multiplyExact(Math.multiplyExact(4, n), steps);   // heap arrays are int-indexed
        this.actOff = offset(act, r, 4L * nH, "act");
        this.hOff = offset(h, r, nH, "h");
        boolean training = dA != null;
        this.dAOff = training ? offset(dA, r, 4L * nH, "dA") : 0;
        this.dHOff = training ? offset(dH, r, nH, "dH") : 0;
        this.gates = alloc(all);
        this.c = alloc(steps * n);
        this.tc = alloc(steps * n);
        this.zeros = alloc(n);
        this.rows = alloc(4 * n);
        this.out = alloc(n);
        this.dcNext = training ? alloc(n) : null;
        this.da = training ? alloc(4 * n) : null;
    }

    /**
     * A kernel over the cache's ND4J arrays ({@code dA} and {@code dH} may be null for inference),
     * all contiguous, row-major, of the layer's data type.
     */
    static CellKernel<?> create(int steps, int batch, int nH, INDArray act, INDArray h, INDArray dA, INDArray dH) {
        DataType dt = act.dataType();
        if (dt == DataType.FLOAT) {
            return new F32(steps, batch, nH, act, h, dA, dH);
        }
        if (dt == DataType.DOUBLE) {
            return new F64(steps, batch, nH, act, h, dA, dH);
        }
        throw new IllegalArgumentException("LSTM kernels support FLOAT and DOUBLE, not " + dt);
    }

    /** A zeroed heap array of this kernel's element type. */
    abstract A alloc(int length);

    /** Forward step {@code t}: pre-activations of step t in, gates/c/tanh(c) kept, h_t out. */
    final void forward(int t) {
        int g0 = t * 4 * n;
        loadAct(actOff + g0);
        toGateMajor(g0);
        activate(g0);
        updateCell(g0, t * n, t == 0 ? zeros : c, t == 0 ? 0 : (t - 1) * n);
        storeH(hOff + t * n);
    }

    /** Backward step {@code t}: dL/dh_t in, dL/dA_t out; {@code t = T-1} starts the pass. */
    final void backward(int t) {
        if (t == steps - 1) {
            clearCarry();
        }
        loadDh(dHOff + t * n);
        gateGradients(t * 4 * n, t * n, t == 0 ? zeros : c, t == 0 ? 0 : (t - 1) * n);
        toInterleaved();
        storeDa(dAOff + t * 4 * n);
    }

    /** {@code rows} = act elements {@code [index, index + 4n)}. */
    abstract void loadAct(int index);

    /** h elements {@code [index, index + n)} = {@code out}. */
    abstract void storeH(int index);

    /** {@code out} = dH elements {@code [index, index + n)}. */
    abstract void loadDh(int index);

    /** dA elements {@code [index, index + 4n)} = {@code rows}. */
    abstract void storeDa(int index);

    /** Sigmoid over the i, f, o blocks of the step at {@code g0}, tanh over its g block. */
    abstract void activate(int g0);

    /** {@code c_t = f·c_{t-1} + i·g}, {@code tanh(c_t)}, {@code out = h_t = o·tanh(c_t)}. */
    abstract void updateCell(int g0, int c0, A cPrev, int cPrevOff);

    /**
     * From {@code out = dL/dh_t} and the carried {@code dL/dc}: the gate pre-activation gradients
     * into {@code da} (gate-major) and the new carry {@code dL/dc_t · f_t}.
     */
    abstract void gateGradients(int g0, int c0, A cPrev, int cPrevOff);

    abstract void clearCarry();

    /** {@code rows} ({@code [batch][4][H]}, as ND4J stores a step) to gate-major {@code gates} at {@code g0}. */
    private void toGateMajor(int g0) {
        for (int b = 0; b < batch; b++) {
            for (int g = 0; g < 4; g++) {
                System.arraycopy(rows, (b * 4 + g) * nH, gates, g0 + g * n + b * nH, nH);
            }
        }
    }

    /** Gate-major {@code da} to {@code rows} in ND4J's {@code [batch][4][H]} order. */
    private void toInterleaved() {
        for (int b = 0; b < batch; b++) {
            for (int g = 0; g < 4; g++) {
                System.arraycopy(da, g * n + b * nH, rows, (b * 4 + g) * nH, nH);
            }
        }
    }

    private static int offset(INDArray a, long rows, long cols, String what) {
        if (a.rows() != rows || a.columns() != cols || a.ordering() != 'c' || a.stride(0) != cols
                || a.stride(1) != 1) {
            throw new IllegalArgumentException(what + " must be a contiguous [" + rows + ", " + cols + "] matrix");
        }
        return Math.toIntExact(a.offset());
    }

    private static ByteBuffer bytes(INDArray a) {
        return a == null ? null : a.data().asNio().order(ByteOrder.nativeOrder());
    }

    /** Float kernel (training): Vector API activations, JIT-vectorised arithmetic. */
    private static final class F32 extends CellKernel<float[]> {
        private final FloatBuffer act;
        private final FloatBuffer h;
        private final FloatBuffer dA;
        private final FloatBuffer dH;

        F32(int steps, int batch, int nH, INDArray act, INDArray h, INDArray dA, INDArray dH) {
            super(steps, batch, nH, act, h, dA, dH);
            this.act = bytes(act).asFloatBuffer();
            this.h = bytes(h).asFloatBuffer();
            this.dA = dA == null ? null : bytes(dA).asFloatBuffer();
            this.dH = dH == null ? null : bytes(dH).asFloatBuffer();
        }

        @Override
        float[] alloc(int length) {
            return new float[length];
        }

        @Override
        void loadAct(int index) {
            act.get(index, rows);
        }

        @Override
        void storeH(int index) {
            h.put(index, out);
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
        void activate(int g0) {
            Activations.sigmoid(gates, g0, 3 * n);
            Activations.tanh(gates, g0 + 3 * n, gates, g0 + 3 * n, n);
        }

        @Override
        void updateCell(int g0, int c0, float[] cp, int cpOff) {
            for (int j = 0; j < n; j++) {
                c[c0 + j] = gates[g0 + n + j] * cp[cpOff + j] + gates[g0 + j] * gates[g0 + 3 * n + j];
            }
            Activations.tanh(c, c0, tc, c0, n);
            for (int j = 0; j < n; j++) {
                out[j] = gates[g0 + 2 * n + j] * tc[c0 + j];
            }
        }

        @Override
        void gateGradients(int g0, int c0, float[] cp, int cpOff) {
            for (int j = 0; j < n; j++) {
                float i = gates[g0 + j];
                float f = gates[g0 + n + j];
                float o = gates[g0 + 2 * n + j];
                float g = gates[g0 + 3 * n + j];
                float dh = out[j];
                float tcj = tc[c0 + j];
                float dc = dh * o * (1f - tcj * tcj) + dcNext[j];
                da[j] = dc * g * i * (1f - i);
                da[n + j] = dc * cp[cpOff + j] * f * (1f - f);
                da[2 * n + j] = dh * tcj * o * (1f - o);
                da[3 * n + j] = dc * i * (1f - g * g);
                dcNext[j] = dc * f;
            }
        }

        @Override
        void clearCarry() {
            Arrays.fill(dcNext, 0f);
        }
    }

    /** Double kernel (gradient checks): the same arithmetic with exact scalar activations. */
    private static final class F64 extends CellKernel<double[]> {
        private final DoubleBuffer act;
        private final DoubleBuffer h;
        private final DoubleBuffer dA;
        private final DoubleBuffer dH;

        F64(int steps, int batch, int nH, INDArray act, INDArray h, INDArray dA, INDArray dH) {
            super(steps, batch, nH, act, h, dA, dH);
            this.act = bytes(act).asDoubleBuffer();
            this.h = bytes(h).asDoubleBuffer();
            this.dA = dA == null ? null : bytes(dA).asDoubleBuffer();
            this.dH = dH == null ? null : bytes(dH).asDoubleBuffer();
        }

        @Override
        double[] alloc(int length) {
            return new double[length];
        }

        @Override
        void loadAct(int index) {
            act.get(index, rows);
        }

        @Override
        void storeH(int index) {
            h.put(index, out);
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
        void activate(int g0) {
            Activations.sigmoid(gates, g0, 3 * n);
            Activations.tanh(gates, g0 + 3 * n, gates, g0 + 3 * n, n);
        }

        @Override
        void updateCell(int g0, int c0, double[] cp, int cpOff) {
            for (int j = 0; j < n; j++) {
                c[c0 + j] = gates[g0 + n + j] * cp[cpOff + j] + gates[g0 + j] * gates[g0 + 3 * n + j];
            }
            Activations.tanh(c, c0, tc, c0, n);
            for (int j = 0; j < n; j++) {
                out[j] = gates[g0 + 2 * n + j] * tc[c0 + j];
            }
        }

        @Override
        void gateGradients(int g0, int c0, double[] cp, int cpOff) {
            for (int j = 0; j < n; j++) {
                double i = gates[g0 + j];
                double f = gates[g0 + n + j];
                double o = gates[g0 + 2 * n + j];
                double g = gates[g0 + 3 * n + j];
                double dh = out[j];
                double tcj = tc[c0 + j];
                double dc = dh * o * (1.0 - tcj * tcj) + dcNext[j];
                da[j] = dc * g * i * (1.0 - i);
                da[n + j] = dc * cp[cpOff + j] * f * (1.0 - f);
                da[2 * n + j] = dh * tcj * o * (1.0 - o);
                da[3 * n + j] = dc * i * (1.0 - g * g);
                dcNext[j] = dc * f;
            }
        }

        @Override
        void clearCarry() {
            Arrays.fill(dcNext, 0.0);
        }
    }
}
