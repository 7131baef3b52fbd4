package dev.seqae.model.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code c += a·b} bound once to fixed arrays (views that stay the same for a buffer's life):
 * ND4J's {@code matmul} op executed with a reused context. The time loops run one such product per
 * step and layer, in both directions; bound once, a {@code [64, 64]·[64, 256]} product took
 * ~26 µs here instead of ~35–50 µs through {@code Nd4j.gemm}, which builds its op and marshals
 * its arguments on every call (development measurements). Not thread-safe; owned by one {@link LstmLayer.Cache}.
 */
final class PreparedGemm {
    private final CustomOp op;
    private final OpContext context;

    /** {@code c += a·b}; all three are row-major matrices of matching shapes. */
    PreparedGemm(INDArray a, INDArray b, INDArray c) {
        if (a.columns() != b.rows() || c.rows() != a.rows() || c.columns() != b.columns()) {
            throw new IllegalArgumentException("cannot accumulate " + a.rows() + "x" + a.columns() + " · "
                    + b.rows() + "x" + b.columns() + " into " + c.rows() + "x" + c.columns());
        }
        this.op = DynamicCustomOp.builder("matmul").build();
        this.context = Nd4j.getExecutioner().buildContext();
        context.setInputArrays(a, b);
        context.setOutputArrays(c);
        context.setTArguments(1.0, 1.0);          // alpha, beta: accumulate into c
        context.setIArguments(0, 0, 0);           // no transposes
    }

    void run() {
        Nd4j.getExecutioner().exec(op, context);
    }
}
