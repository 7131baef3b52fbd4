package dev.seqae.model.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One flat parameter vector and one flat gradient vector of the same layout; layers take matrix
 * views of both, so the optimiser updates everything with a single call on the flat arrays.
 */
final class ParamSpace {
    private final INDArray params;
    private final INDArray grads;
    private final INDArray decayMask;
    private long next;

    ParamSpace(long size, DataType dtype) {
        this(Nd4j.create(dtype, 1, size));
    }

    /** A space over existing parameters (shared, not copied), with its own gradient vector. */
    ParamSpace(INDArray params) {
        this.params = params;
        this.grads = Nd4j.create(params.dataType(), 1, params.length());
        this.decayMask = Nd4j.create(params.dataType(), 1, params.length());
    }

    /** The next {@code rows x cols} block: parameter view and gradient view. */
    Slot take(long rows, long cols, boolean weightDecay) {
        long n = rows * cols;
        if (next + n > params.length()) {
            throw new IllegalStateException("parameter space exhausted: " + (next + n) + " > " + params.length());
        }
        INDArray p = Nd4j.create(params.data(), new long[] {rows, cols}, new long[] {cols, 1}, next, 'c', params.dataType());
        INDArray g = Nd4j.create(grads.data(), new long[] {rows, cols}, new long[] {cols, 1}, next, 'c', grads.dataType());
        if (weightDecay) {
            Nd4j.create(decayMask.data(), new long[] {1, n}, new long[] {n, 1}, next, 'c', decayMask.dataType()).assign(1);
        }
        next += n;
        return new Slot(p, g);
    }

    long used() {
        return next;
    }

    INDArray params() {
        return params;
    }

    INDArray grads() {
        return grads;
    }

    /** 1 where L2 applies (weight matrices), 0 for biases. */
    INDArray decayMask() {
        return decayMask;
    }

    /** A parameter block and its gradient. */
    record Slot(INDArray value, INDArray grad) {
    }
}
