package dev.seqae.model.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One level of an LSTM stack: a one-way {@link LstmLayer}, or for a bidirectional shape the pair
 * of a forward and a {@linkplain LstmLayer#reversed reversed} layer over the same input, whose
 * outputs together ({@code [h_fwd, h_bwd]}, {@code 2H} wide) are the level's output.
 *
 * <p>The concatenation is never built: a level's output is a list of parts (each direction's
 * {@code h}, {@code [rows, H]}), and whatever reads it multiplies each part by its own row block of
 * the weights ({@code [h_f, h_b]·W = h_f·W[0:H] + h_b·W[H:2H]}), with the gradients split the same
 * way. So the one-way path is exactly what it was before bidirectional layers existed.
 */
final class LstmLevel {
    /** Forward layer, then (bidirectional) the reversed one. */
    final LstmLayer[] dirs;
    final int nIn;
    final int nH;

    LstmLevel(ParamSpace space, int nIn, int nH, boolean bidirectional) {
        this.nIn = nIn;
        this.nH = nH;
        this.dirs = bidirectional
                ? new LstmLayer[] {new LstmLayer(space, nIn, nH, false), new LstmLayer(space, nIn, nH, true)}
                : new LstmLayer[] {new LstmLayer(space, nIn, nH, false)};
    }

    static long paramCount(int nIn, int nH, boolean bidirectional) {
        return (bidirectional ? 2 : 1) * LstmLayer.paramCount(nIn, nH);
    }

    /** Output width: {@code H}, or {@code 2H} for a bidirectional level. */
    int width() {
        return dirs.length * nH;
    }

    LstmLayer.Cache[] caches(int steps, int batch, boolean training) {
        LstmLayer.Cache[] c = new LstmLayer.Cache[dirs.length];
        for (int d = 0; d < dirs.length; d++) {
            c[d] = new LstmLayer.Cache(dirs[d], steps, batch, training);
        }
        return c;
    }

    /** Each direction's outputs {@code h} (the level's output parts). */
    static INDArray[] outputs(LstmLayer.Cache[] k) {
        INDArray[] h = new INDArray[k.length];
        for (int d = 0; d < k.length; d++) {
            h[d] = k[d].h;
        }
        return h;
    }

    /** Each direction's output gradients {@code dH}. */
    static INDArray[] outputGradients(LstmLayer.Cache[] k) {
        INDArray[] dh = new INDArray[k.length];
        for (int d = 0; d < k.length; d++) {
            dh[d] = k[d].dH;
        }
        return dh;
    }

    /** Every direction's input projection {@code act = Σ_p in_p·Wx[rows of p]} (no bias). */
    void project(INDArray[] in, LstmLayer.Cache[] k) {
        for (int d = 0; d < dirs.length; d++) {
            long row = 0;
            for (int p = 0; p < in.length; p++) {
                long w = in[p].size(1);
                Views.gemm(in[p], Views.rows(dirs[d].wx.value(), row, w), k[d].act, false, false, p == 0 ? 0.0 : 1.0);
                row += w;
            }
            checkWidth(row);
        }
    }

    /**
     * Runs every direction over its projected input, each adding its own bias; {@code lengths} (null
     * when every step is real) masks the reversed direction's padded steps.
     */
    void forward(LstmLayer.Cache[] k, int[] lengths) {
        for (int d = 0; d < dirs.length; d++) {
            forward(d, k[d], dirs[d].bias.value(), lengths);
        }
    }

    /** One direction, with {@code addend} added to every step's pre-activations. */
    void forward(int d, LstmLayer.Cache k, INDArray addend, int[] lengths) {
        if (dirs[d].reversed) {
            k.kernel.setLengths(lengths);
        }
        dirs[d].forward(k, addend);
    }

    /** Backward through time of every direction ({@code dH} in, {@code dA} and recurrent gradients out). */
    void backward(LstmLayer.Cache[] k) {
        for (int d = 0; d < dirs.length; d++) {
            dirs[d].backward(k[d]);
        }
    }

    /**
     * After {@link #backward}: the input-weight gradients {@code Wx[rows of p] = in_pᵀ·dA} and, when
     * {@code dIn} is not null, the input gradients {@code dIn_p = Σ_d dA_d·Wx_d[rows of p]ᵀ}.
     */
    void inputGradients(INDArray[] in, LstmLayer.Cache[] k, INDArray[] dIn) {
        for (int d = 0; d < dirs.length; d++) {
            long row = 0;
            for (int p = 0; p < in.length; p++) {
                long w = in[p].size(1);
                Views.gemm(in[p], k[d].dA, Views.rows(dirs[d].wx.grad(), row, w), true, false, 0.0);
                if (dIn != null) {
                    Views.gemm(k[d].dA, Views.rows(dirs[d].wx.value(), row, w), dIn[p], false, true,
                            d == 0 ? 0.0 : 1.0);
                }
                row += w;
            }
            checkWidth(row);
        }
    }

    private void checkWidth(long inputWidth) {
        if (inputWidth != nIn) {
            throw new IllegalArgumentException("input parts are " + inputWidth + " wide, the level takes " + nIn);
        }
    }
}
