package dev.seqae.model.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/** An affine layer {@code Y = X·W + b} applied to every row (identity activation). */
final class DenseLayer {
    final int nIn;
    final int nOut;
    final ParamSpace.Slot w;
    final ParamSpace.Slot b;

    DenseLayer(ParamSpace space, int nIn, int nOut) {
        this.nIn = nIn;
        this.nOut = nOut;
        this.w = space.take(nIn, nOut, true);
        this.b = space.take(1, nOut, false);
    }

    static long paramCount(int nIn, int nOut) {
        return (long) nIn * nOut + nOut;
    }

    void forward(INDArray x, INDArray y) {
        Views.gemm(x, w.value(), y, false, false, 0.0);
        y.addiRowVector(b.value());
    }

    /**
     * The input given as column parts ({@code x = [x_0, x_1, ...]}, as a bidirectional level's
     * outputs): {@code Y = Σ_p x_p·W[rows of p] + b}.
     */
    void forward(INDArray[] x, INDArray y) {
        long row = 0;
        for (int p = 0; p < x.length; p++) {
            long n = x[p].size(1);
            Views.gemm(x[p], Views.rows(w.value(), row, n), y, false, false, p == 0 ? 0.0 : 1.0);
            row += n;
        }
        checkWidth(row);
        y.addiRowVector(b.value());
    }

    /** Sets the weight and bias gradients; writes the input gradient into {@code dx} when not null. */
    void backward(INDArray x, INDArray dy, INDArray onesRows, INDArray dx) {
        Views.gemm(x, dy, w.grad(), true, false, 0.0);
        Views.gemm(onesRows, dy, b.grad(), false, false, 0.0);
        if (dx != null) {
            Views.gemm(dy, w.value(), dx, false, true, 0.0);
        }
    }

    /** As {@link #backward(INDArray, INDArray, INDArray, INDArray)} for an input in column parts. */
    void backward(INDArray[] x, INDArray dy, INDArray onesRows, INDArray[] dx) {
        long row = 0;
        for (int p = 0; p < x.length; p++) {
            long n = x[p].size(1);
            Views.gemm(x[p], dy, Views.rows(w.grad(), row, n), true, false, 0.0);
            if (dx != null) {
                Views.gemm(dy, Views.rows(w.value(), row, n), dx[p], false, true, 0.0);
            }
            row += n;
        }
        checkWidth(row);
        Views.gemm(onesRows, dy, b.grad(), false, false, 0.0);
    }

    private void checkWidth(long inputWidth) {
        if (inputWidth != nIn) {
            throw new IllegalArgumentException("input parts are " + inputWidth + " wide, the layer takes " + nIn);
        }
    }
}
