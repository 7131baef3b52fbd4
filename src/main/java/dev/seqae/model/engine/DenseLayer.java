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

    /** Sets the weight and bias gradients; writes the input gradient into {@code dx} when not null. */
    void backward(INDArray x, INDArray dy, INDArray onesRows, INDArray dx) {
        Views.gemm(x, dy, w.grad(), true, false, 0.0);
        Views.gemm(onesRows, dy, b.grad(), false, false, 0.0);
        if (dx != null) {
            Views.gemm(dy, w.value(), dx, false, true, 0.0);
        }
    }
}
