package dev.seqae.model.engine;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Double kernel (gradient checks): the same arithmetic with exact scalar activations. */
final class DoubleCellKernel extends CellKernel<double[]> {
    private final DoubleBuffer act;
    private final DoubleBuffer h;
    private final DoubleBuffer dA;
    private final DoubleBuffer dH;

    DoubleCellKernel(int steps, int batch, int nH, INDArray act, INDArray h, INDArray dA, INDArray dH,
                     boolean reversed) {
        super(steps, batch, nH, act, h, dA, dH, reversed);
        this.act = bytes(act).asDoubleBuffer();
        this.h = bytes(h).asDoubleBuffer();
        this.dA = dA == null ? null : bytes(dA).asDoubleBuffer();
        this.dH = dH == null ? null : bytes(dH).asDoubleBuffer();
        this.wr = new double[nH * 4 * nH];
    }

    /** The recurrent weights {@code [H, 4H]}, row-major (the double kernel needs no packing). */
    private final double[] wr;

    @Override
    void packRecurrent(INDArray w) {
        read(w.dup('c'), wr, wr.length);
    }

    @Override
    void addRecurrent(int g0) {
        int h4 = 4 * nH;
        for (int b = 0; b < batch; b++) {
            for (int kk = 0; kk < nH; kk++) {
                double x = out[b * nH + kk];
                for (int j = 0; j < h4; j++) {
                    gates[g0 + b * h4 + j] += x * wr[kk * h4 + j];
                }
            }
        }
    }

    @Override
    void addRecurrentGradient() {
        int h4 = 4 * nH;
        for (int b = 0; b < batch; b++) {
            for (int kk = 0; kk < nH; kk++) {
                double sum = 0;
                for (int j = 0; j < h4; j++) {
                    sum += rows[b * h4 + j] * wr[kk * h4 + j];
                }
                out[b * nH + kk] += sum;
            }
        }
    }

    @Override
    double[] alloc(int length) {
        return new double[length];
    }

    @Override
    void read(INDArray src, double[] dst, int len) {
        bytes(src).asDoubleBuffer().get(Math.toIntExact(src.offset()), dst, 0, len);
    }

    @Override
    void write(double[] src, INDArray dst) {
        bytes(dst).asDoubleBuffer().put(Math.toIntExact(dst.offset()), src, 0, Math.toIntExact(dst.length()));
    }

    @Override
    void clear(double[] a, int off, int len) {
        Arrays.fill(a, off, off + len, 0.0);
    }

    @Override
    void addTo(double[] dst, int off, double[] src, int len) {
        for (int i = 0; i < len; i++) {
            dst[off + i] += src[i];
        }
    }

    @Override
    void loadAct(int t, int g0) {
        act.get(actOff + t * 4 * n, gates, g0, 4 * n);
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
        Activations.sigmoid(gates, r, 3 * nH);
        Activations.tanh(gates, r + 3 * nH, gates, r + 3 * nH, nH);
    }

    @Override
    void updateCell(int g0, int c0, double[] cp, int cpOff) {
        for (int b = 0; b < batch; b++) {
            int r = g0 + b * 4 * nH;
            int cb = c0 + b * nH;
            int pb = cpOff + b * nH;
            for (int j = 0; j < nH; j++) {
                c[cb + j] = gates[r + nH + j] * cp[pb + j] + gates[r + j] * gates[r + 3 * nH + j];
            }
        }
        Activations.tanh(c, c0, tc, c0, n);
        for (int b = 0; b < batch; b++) {
            int r = g0 + b * 4 * nH + 2 * nH;
            int cb = c0 + b * nH;
            int ob = b * nH;
            for (int j = 0; j < nH; j++) {
                out[ob + j] = gates[r + j] * tc[cb + j];
            }
        }
    }

    @Override
    void gateGradients(int g0, int c0, double[] cp, int cpOff) {
        for (int b = 0; b < batch; b++) {
            int r = g0 + b * 4 * nH;
            int d = b * 4 * nH;
            int cb = c0 + b * nH;
            int pb = cpOff + b * nH;
            int ob = b * nH;
            for (int j = 0; j < nH; j++) {
                double i = gates[r + j];
                double f = gates[r + nH + j];
                double o = gates[r + 2 * nH + j];
                double g = gates[r + 3 * nH + j];
                double dh = out[ob + j];
                double tcj = tc[cb + j];
                double dc = dh * o * (1.0 - tcj * tcj) + dcNext[ob + j];
                rows[d + j] = dc * g * i * (1.0 - i);
                rows[d + nH + j] = dc * cp[pb + j] * f * (1.0 - f);
                rows[d + 2 * nH + j] = dh * tcj * o * (1.0 - o);
                rows[d + 3 * nH + j] = dc * i * (1.0 - g * g);
                dcNext[ob + j] = dc * f;
            }
        }
    }

    @Override
    void clearCarry() {
        Arrays.fill(dcNext, 0.0);
    }
}
