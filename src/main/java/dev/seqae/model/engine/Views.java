package dev.seqae.model.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Explicit views on the buffer of a contiguous row-major array. ND4J's indexing sometimes copies
 * (reshape of an offset view, for instance); these helpers never do, so writes through a view
 * always land in the parent buffer.
 */
final class Views {
    private Views() {
    }

    /** Rows {@code [start, start + n)} of a contiguous row-major matrix, as a matrix view. */
    static INDArray rows(INDArray matrix, long start, long n) {
        long cols = matrix.size(1);
        return Nd4j.create(matrix.data(), new long[] {n, cols}, new long[] {cols, 1},
                matrix.offset() + start * cols, 'c', matrix.dataType());
    }

    /** Columns {@code [start, start + n)} of rows {@code [row, row + nRows)}: a strided view. */
    static INDArray block(INDArray matrix, long row, long nRows, long start, long n) {
        long cols = matrix.size(1);
        return Nd4j.create(matrix.data(), new long[] {nRows, n}, new long[] {cols, 1},
                matrix.offset() + row * cols + start, 'c', matrix.dataType());
    }

    /** A contiguous row-major matrix viewed with another shape (same element count). */
    static INDArray reshaped(INDArray contiguous, long rows, long cols) {
        if (contiguous.length() != rows * cols) {
            throw new IllegalArgumentException("cannot view " + contiguous.length() + " elements as "
                    + rows + "x" + cols);
        }
        return Nd4j.create(contiguous.data(), new long[] {rows, cols}, new long[] {cols, 1},
                contiguous.offset(), 'c', contiguous.dataType());
    }

    /** {@code c = a·b} (or with transposes), written into {@code c}; {@code beta = 1} accumulates. */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double beta) {
        Nd4j.gemm(a, b, c, ta, tb, 1.0, beta);
    }

    /**
     * A copy with the gate blocks of the {@code 4H} columns in ND4J's {@code lstmLayer} order
     * (input, forget, cell, output) from seqae's (input, forget, output, cell), or back: the swap of
     * the last two blocks is its own inverse.
     */
    static INDArray swapLastTwoGates(INDArray w) {
        long r = w.size(0);
        long h = w.size(1) / 4;
        return Nd4j.hstack(block(w, 0, r, 0, 2 * h), block(w, 0, r, 3 * h, h), block(w, 0, r, 2 * h, h)).dup('c');
    }
}
