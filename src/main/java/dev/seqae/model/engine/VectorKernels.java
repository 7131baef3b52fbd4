package dev.seqae.model.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float cell kernel's loops written with the Vector API (the JIT in JDK 17 does not vectorise
 * the cell's many-stream loops by itself: ~3–5 ns per element scalar, ~0.3 vectorised); loaded only
 * when the {@code jdk.incubator.vector} module is present (see {@link Activations#VECTORIZED}).
 * Each loop runs over the rows of one step ({@code [batch][4H]} gates, {@code [batch][H]} states),
 * vector lanes across H with a scalar tail when H is not a multiple of the vector length.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);
    private static final FloatVector LOG2E = FloatVector.broadcast(SPECIES, Activations.LOG2E);
    private static final FloatVector ROUND = FloatVector.broadcast(SPECIES, Activations.ROUND);
    private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(SPECIES, -Activations.LN2_HI);
    private static final FloatVector MINUS_LN2_LO = FloatVector.broadcast(SPECIES, -Activations.LN2_LO);
    private static final FloatVector C2 = FloatVector.broadcast(SPECIES, Activations.C2);
    private static final FloatVector C3 = FloatVector.broadcast(SPECIES, Activations.C3);
    private static final FloatVector C4 = FloatVector.broadcast(SPECIES, Activations.C4);
    private static final FloatVector C5 = FloatVector.broadcast(SPECIES, Activations.C5);
    private static final FloatVector C6 = FloatVector.broadcast(SPECIES, Activations.C6);
    private static final FloatVector C7 = FloatVector.broadcast(SPECIES, Activations.C7);

    private VectorKernels() {
    }

    /** {@link Activations#exp(float)}, lane by lane, the same operations in the same order. */
    static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(Activations.EXP_MIN).min(Activations.EXP_MAX);
        FloatVector t = v.fma(LOG2E, ROUND);
        FloatVector nf = t.sub(Activations.ROUND);
        IntVector n = t.reinterpretAsInts().sub(Activations.ROUND_BITS);
        FloatVector r = nf.fma(MINUS_LN2_HI, v);
        r = nf.fma(MINUS_LN2_LO, r);
        FloatVector p = r.fma(C7, C6);
        p = p.fma(r, C5);
        p = p.fma(r, C4);
        p = p.fma(r, C3);
        p = p.fma(r, C2);
        p = p.fma(r, ONE);
        p = p.fma(r, ONE);
        return p.mul(n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }

    static void sigmoid(float[] a, int off, int n) {
        int end = off + n;
        int i = off;
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (; i <= end - L; i += L) {
            FloatVector e = exp(FloatVector.fromArray(SPECIES, a, i).neg());
            one.div(one.add(e)).intoArray(a, i);
        }
        Activations.scalarSigmoid(a, i, end - i);
    }

    static void tanh(float[] src, int sOff, float[] dst, int dOff, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector two = FloatVector.broadcast(SPECIES, 2f);
        for (; i <= n - L; i += L) {
            FloatVector x = FloatVector.fromArray(SPECIES, src, sOff + i);
            one.sub(two.div(exp(x.add(x)).add(one))).intoArray(dst, dOff + i);
        }
        Activations.scalarTanh(src, sOff + i, dst, dOff + i, n - i);
    }

    /** {@code dst[off, off + len) += src[0, len)}. */
    static void addTo(float[] dst, int off, float[] src, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector.fromArray(SPECIES, dst, off + i).add(FloatVector.fromArray(SPECIES, src, i))
                    .intoArray(dst, off + i);
        }
        ScalarFloatCell.addTo(dst, off, src, i, len);
    }

    /** See {@link CellKernel#updateCell}: {@code c = f·cPrev + i·g}, {@code tc = tanh(c)}, {@code out = o·tc}. */
    static void updateCell(float[] gates, int g0, float[] c, float[] tc, int c0, float[] cp, int cpOff, float[] out,
                           int batch, int nH) {
        int vectorEnd = nH - nH % L;
        for (int b = 0; b < batch; b++) {
            int r = g0 + b * 4 * nH;
            int cb = c0 + b * nH;
            int pb = cpOff + b * nH;
            for (int j = 0; j < vectorEnd; j += L) {
                FloatVector i = FloatVector.fromArray(SPECIES, gates, r + j);
                FloatVector f = FloatVector.fromArray(SPECIES, gates, r + nH + j);
                FloatVector g = FloatVector.fromArray(SPECIES, gates, r + 3 * nH + j);
                f.mul(FloatVector.fromArray(SPECIES, cp, pb + j)).add(i.mul(g)).intoArray(c, cb + j);
            }
        }
        ScalarFloatCell.cellState(gates, g0, c, c0, cp, cpOff, batch, nH, vectorEnd);
        tanh(c, c0, tc, c0, batch * nH);
        for (int b = 0; b < batch; b++) {
            int r = g0 + b * 4 * nH + 2 * nH;
            int cb = c0 + b * nH;
            int ob = b * nH;
            for (int j = 0; j < vectorEnd; j += L) {
                FloatVector.fromArray(SPECIES, gates, r + j).mul(FloatVector.fromArray(SPECIES, tc, cb + j))
                        .intoArray(out, ob + j);
            }
        }
        ScalarFloatCell.cellOutput(gates, g0, tc, c0, out, batch, nH, vectorEnd);
    }

    /** See {@link CellKernel#gateGradients}. */
    static void gateGradients(float[] gates, int g0, float[] tc, int c0, float[] cp, int cpOff, float[] out,
                              float[] dcNext, float[] rows, int batch, int nH) {
        int vectorEnd = nH - nH % L;
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int b = 0; b < batch; b++) {
            int r = g0 + b * 4 * nH;
            int d = b * 4 * nH;
            int cb = c0 + b * nH;
            int pb = cpOff + b * nH;
            int ob = b * nH;
            for (int j = 0; j < vectorEnd; j += L) {
                FloatVector i = FloatVector.fromArray(SPECIES, gates, r + j);
                FloatVector f = FloatVector.fromArray(SPECIES, gates, r + nH + j);
                FloatVector o = FloatVector.fromArray(SPECIES, gates, r + 2 * nH + j);
                FloatVector g = FloatVector.fromArray(SPECIES, gates, r + 3 * nH + j);
                FloatVector dh = FloatVector.fromArray(SPECIES, out, ob + j);
                FloatVector t = FloatVector.fromArray(SPECIES, tc, cb + j);
                FloatVector dc = dh.mul(o).mul(one.sub(t.mul(t))).add(FloatVector.fromArray(SPECIES, dcNext, ob + j));
                dc.mul(g).mul(i).mul(one.sub(i)).intoArray(rows, d + j);
                dc.mul(FloatVector.fromArray(SPECIES, cp, pb + j)).mul(f).mul(one.sub(f)).intoArray(rows, d + nH + j);
                dh.mul(t).mul(o).mul(one.sub(o)).intoArray(rows, d + 2 * nH + j);
                dc.mul(i).mul(one.sub(g.mul(g))).intoArray(rows, d + 3 * nH + j);
                dc.mul(f).intoArray(dcNext, ob + j);
            }
        }
        ScalarFloatCell.gateGradients(gates, g0, tc, c0, cp, cpOff, out, dcNext, rows, batch, nH, vectorEnd);
    }

    /** {@link HeapGemm}'s panel width: two vectors. */
    static int gemmPanel() {
        return 2 * L;
    }

    /** {@code Σ a[aOff + i]·b[bOff + i]} over {@code i < len}: lanes of partial sums, then a scalar tail. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i <= len - L; i += L) {
            acc = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    /**
     * {@link HeapGemm#multiplyAdd}'s full panels: {@code c[i][0, full) += a[i]·b} for rows {@code i < m},
     * four rows at a time (eight accumulators), then the rows left one at a time, two panels at a
     * time (four accumulators: one row's products over one panel are two chains of dependent FMAs,
     * bound by the FMA's latency, which made the single-row loop — all of batch 1, and the last
     * rows of a batch that is not a multiple of four — the slowest part of scoring). Each element
     * sums its products in the same order either way.
     */
    static void gemm(float[] a, int aOff, int m, int k, float[] packed, int full, float[] c, int cOff, int n) {
        int panel = 2 * L;
        int rows4 = m - m % 4;
        for (int col = 0; col < full; col += panel) {
            int bo = col * k;
            for (int i = 0; i < rows4; i += 4) {
                int a0 = aOff + i * k;
                int a1 = a0 + k;
                int a2 = a1 + k;
                int a3 = a2 + k;
                int c0 = cOff + i * n + col;
                FloatVector s00 = FloatVector.fromArray(SPECIES, c, c0);
                FloatVector s01 = FloatVector.fromArray(SPECIES, c, c0 + L);
                FloatVector s10 = FloatVector.fromArray(SPECIES, c, c0 + n);
                FloatVector s11 = FloatVector.fromArray(SPECIES, c, c0 + n + L);
                FloatVector s20 = FloatVector.fromArray(SPECIES, c, c0 + 2 * n);
                FloatVector s21 = FloatVector.fromArray(SPECIES, c, c0 + 2 * n + L);
                FloatVector s30 = FloatVector.fromArray(SPECIES, c, c0 + 3 * n);
                FloatVector s31 = FloatVector.fromArray(SPECIES, c, c0 + 3 * n + L);
                for (int kk = 0; kk < k; kk++) {
                    int b = bo + kk * panel;
                    FloatVector b0 = FloatVector.fromArray(SPECIES, packed, b);
                    FloatVector b1 = FloatVector.fromArray(SPECIES, packed, b + L);
                    FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + kk]);
                    s00 = b0.fma(x, s00);
                    s01 = b1.fma(x, s01);
                    x = FloatVector.broadcast(SPECIES, a[a1 + kk]);
                    s10 = b0.fma(x, s10);
                    s11 = b1.fma(x, s11);
                    x = FloatVector.broadcast(SPECIES, a[a2 + kk]);
                    s20 = b0.fma(x, s20);
                    s21 = b1.fma(x, s21);
                    x = FloatVector.broadcast(SPECIES, a[a3 + kk]);
                    s30 = b0.fma(x, s30);
                    s31 = b1.fma(x, s31);
                }
                s00.intoArray(c, c0);
                s01.intoArray(c, c0 + L);
                s10.intoArray(c, c0 + n);
                s11.intoArray(c, c0 + n + L);
                s20.intoArray(c, c0 + 2 * n);
                s21.intoArray(c, c0 + 2 * n + L);
                s30.intoArray(c, c0 + 3 * n);
                s31.intoArray(c, c0 + 3 * n + L);
            }
        }
        for (int i = rows4; i < m; i++) {
            gemmRow(a, aOff + i * k, k, packed, full, c, cOff + i * n);
        }
    }

    /** One row {@code c[0, full) += a·b} over the full panels, two panels at a time. */
    private static void gemmRow(float[] a, int ai, int k, float[] packed, int full, float[] c, int c0) {
        int panel = 2 * L;
        int col = 0;
        for (; col + 2 * panel <= full; col += 2 * panel) {
            int b0 = col * k;
            int b1 = b0 + panel * k;
            int cc = c0 + col;
            FloatVector s00 = FloatVector.fromArray(SPECIES, c, cc);
            FloatVector s01 = FloatVector.fromArray(SPECIES, c, cc + L);
            FloatVector s10 = FloatVector.fromArray(SPECIES, c, cc + panel);
            FloatVector s11 = FloatVector.fromArray(SPECIES, c, cc + panel + L);
            for (int kk = 0; kk < k; kk++) {
                int off = kk * panel;
                FloatVector x = FloatVector.broadcast(SPECIES, a[ai + kk]);
                s00 = FloatVector.fromArray(SPECIES, packed, b0 + off).fma(x, s00);
                s01 = FloatVector.fromArray(SPECIES, packed, b0 + off + L).fma(x, s01);
                s10 = FloatVector.fromArray(SPECIES, packed, b1 + off).fma(x, s10);
                s11 = FloatVector.fromArray(SPECIES, packed, b1 + off + L).fma(x, s11);
            }
            s00.intoArray(c, cc);
            s01.intoArray(c, cc + L);
            s10.intoArray(c, cc + panel);
            s11.intoArray(c, cc + panel + L);
        }
        if (col < full) {
            int bo = col * k;
            int cc = c0 + col;
            FloatVector s0 = FloatVector.fromArray(SPECIES, c, cc);
            FloatVector s1 = FloatVector.fromArray(SPECIES, c, cc + L);
            for (int kk = 0; kk < k; kk++) {
                int b = bo + kk * panel;
                FloatVector x = FloatVector.broadcast(SPECIES, a[ai + kk]);
                s0 = FloatVector.fromArray(SPECIES, packed, b).fma(x, s0);
                s1 = FloatVector.fromArray(SPECIES, packed, b + L).fma(x, s1);
            }
            s0.intoArray(c, cc);
            s1.intoArray(c, cc + L);
        }
    }
}
