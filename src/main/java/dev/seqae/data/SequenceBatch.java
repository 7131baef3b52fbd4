package dev.seqae.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A padded minibatch in the network's tensor layout, built only by {@link SequenceTensors}.
 *
 * <p>All matrices are time-major with {@code steps * size} rows: row {@code t * size + b} is step
 * {@code t} of sequence {@code b}. {@code target} is the input, reversed per sequence when the
 * model reconstructs in reverse order; {@code previousTarget} is the target shifted one step
 * later (zeros at step 0), the conditional decoder's teacher-forced input. {@code mask} is a
 * {@code [rows, 1]} column of 1 (real step) and 0 (padding), or {@code null} when every
 * sequence has {@code steps} steps.
 *
 * @param steps          padded length (the longest sequence of the batch)
 * @param size           number of sequences
 * @param features       features per step
 * @param input          encoder input {@code [steps * size, features]}
 * @param target         reconstruction target {@code [steps * size, features]}
 * @param previousTarget decoder input of the conditional decoder, or {@code null}
 * @param mask           padding mask or {@code null}
 * @param lengths        real length of each sequence
 * @param reversed       whether targets are in reversed order
 */
public record SequenceBatch(int steps, int size, int features, INDArray input, INDArray target,
                            INDArray previousTarget, INDArray mask, int[] lengths, boolean reversed) {

    /**
     * Frees the batch's native memory at once (inference, once its results are copied out); the
     * batch must not be used after. Arrays that are views or already freed are left alone.
     */
    public void close() {
        for (INDArray a : new INDArray[] {input, target, previousTarget, mask}) {
            if (a != null) {
                a.close();
            }
        }
    }

    /** Number of real (unpadded) steps in the batch. */
    public long validSteps() {
        long n = 0;
        for (int len : lengths) {
            n += len;
        }
        return n;
    }
}
