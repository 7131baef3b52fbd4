package dev.seqae.model.engine;

/**
 * The float cell kernel's loops in plain Java: the fallback when the Vector API is absent, and the
 * tail columns {@code [from, H)} that do not fill a vector. Same arithmetic as {@link VectorKernels}
 * and as the double kernel in {@link CellKernel}; layouts as in {@link CellKernel}.
 */
final class ScalarFloatCell {
    private ScalarFloatCell() {
    }

    /** {@code c = f·cPrev + i·g} for columns {@code [from, H)} of every row. */
    static void cellState(float[] gates, int g0, float[] c, int c0, float[] cp, int cpOff, int batch, int nH,
                          int from) {
        for (int b = 0; b < batch; b++) {
            int r = g0 + b * 4 * nH;
            int cb = c0 + b * nH;
            int pb = cpOff + b * nH;
            for (int j = from; j < nH; j++) {
                c[cb + j] = gates[r + nH + j] * cp[pb + j] + gates[r + j] * gates[r + 3 * nH + j];
            }
        }
    }

    /** {@code out = o·tanh(c)} for columns {@code [from, H)} of every row. */
    static void cellOutput(float[] gates, int g0, float[] tc, int c0, float[] out, int batch, int nH, int from) {
        for (int b = 0; b < batch; b++) {
            int r = g0 + b * 4 * nH + 2 * nH;
            int cb = c0 + b * nH;
            int ob = b * nH;
            for (int j = from; j < nH; j++) {
                out[ob + j] = gates[r + j] * tc[cb + j];
            }
        }
    }

    /** See {@link CellKernel#gateGradients}, for columns {@code [from, H)} of every row. */
    static void gateGradients(float[] gates, int g0, float[] tc, int c0, float[] cp, int cpOff, float[] out,
                              float[] dcNext, float[] rows, int batch, int nH, int from) {
        for (int b = 0; b < batch; b++) {
            int r = g0 + b * 4 * nH;
            int d = b * 4 * nH;
            int cb = c0 + b * nH;
            int pb = cpOff + b * nH;
            int ob = b * nH;
            for (int j = from; j < nH; j++) {
                float i = gates[r + j];
                float f = gates[r + nH + j];
                float o = gates[r + 2 * nH + j];
                float g = gates[r + 3 * nH + j];
                float dh = out[ob + j];
                float tcj = tc[cb + j];
                float dc = dh * o * (1f - tcj * tcj) + dcNext[ob + j];
                rows[d + j] = dc * g * i * (1f - i);
                rows[d + nH + j] = dc * cp[pb + j] * f * (1f - f);
                rows[d + 2 * nH + j] = dh * tcj * o * (1f - o);
                rows[d + 3 * nH + j] = dc * i * (1f - g * g);
                dcNext[ob + j] = dc * f;
            }
        }
    }

    /** {@code dst[off, off + len) += src[from, len)}. */
    static void addTo(float[] dst, int off, float[] src, int from, int len) {
        for (int i = from; i < len; i++) {
            dst[off + i] += src[i];
        }
    }

    static void addTo(float[] dst, int off, float[] src, int len) {
        addTo(dst, off, src, 0, len);
    }
}
