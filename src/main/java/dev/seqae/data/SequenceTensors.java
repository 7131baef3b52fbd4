package dev.seqae.data;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place that knows the network's tensor layout: turns Java sequences into padded,
 * masked, time-major {@link SequenceBatch}es and network outputs back into per-sequence arrays
 * in the original step order.
 */
public final class SequenceTensors {
    private SequenceTensors() {
    }

    /**
     * Builds a batch from sequences {@code [length][features]} (lengths may differ; shorter ones
     * are padded at the end and masked).
     *
     * @param reversed     reconstruct in reverse order (target step t = input step length-1-t)
     * @param withPrevious also build the conditional decoder's previous-target input
     */
    public static SequenceBatch batch(List<float[][]> sequences, int features, boolean reversed,
                                      boolean withPrevious, DataType dataType) {
        return batch(sequences, null, features, reversed, withPrevious, dataType);
    }

    /**
     * As {@link #batch(List, int, boolean, boolean, DataType)}, with encoder inputs that differ from
     * the targets (a denoising autoencoder: {@code inputs} are corrupted copies of {@code sequences},
     * of the same lengths; null: the sequences themselves). Targets and the conditional decoder's
     * previous-target input come from {@code sequences}.
     */
    public static SequenceBatch batch(List<float[][]> sequences, List<float[][]> inputs, int features,
                                      boolean reversed, boolean withPrevious, DataType dataType) {
        if (inputs != null && inputs.size() != sequences.size()) {
            throw new IllegalArgumentException(inputs.size() + " inputs for " + sequences.size() + " sequences");
        }
        int size = sequences.size();
        int steps = steps(sequences);
        int[] lengths = new int[size];
        for (int b = 0; b < size; b++) {
            lengths[b] = sequences.get(b).length;
        }
        float[] in = new float[steps * size * features];
        float[] tg = new float[in.length];
        float[] prev = withPrevious ? new float[in.length] : null;
        float[] mask = new float[steps * size];
        boolean padded = write(sequences, inputs, features, reversed, in, tg, prev, mask);
        return new SequenceBatch(steps, size, features,
                matrix(in, steps * size, features, dataType),
                matrix(tg, steps * size, features, dataType),
                prev == null ? null : matrix(prev, steps * size, features, dataType),
                padded ? matrix(mask, steps * size, 1, dataType) : null,
                lengths, reversed);
    }

    /**
     * The steps of a batch of these sequences: the longest length; an empty list or an empty
     * sequence is an error that names it.
     */
    public static int steps(List<float[][]> sequences) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one sequence");
        }
        int steps = 0;
        for (int b = 0; b < sequences.size(); b++) {
            float[][] s = sequences.get(b);
            if (s.length == 0) {
                throw new IllegalArgumentException("sequence " + b + " is empty");
            }
            steps = Math.max(steps, s.length);
        }
        return steps;
    }

    /**
     * Writes the batch's rows, time-major (row {@code t·size + b} holds step {@code t} of sequence
     * {@code b}, {@code features} wide): the encoder's input into {@code in} ({@code inputs}, or
     * the sequences themselves when null), and when not null the targets into {@code tg} (in reverse
     * step order when {@code reversed}), the conditional decoder's previous target step into
     * {@code prev} (target step {@code t - 1} at step {@code t}), 1 at each real row of
     * {@code mask}. Rows past a sequence's length are not written (the caller has zeroed them).
     *
     * @return whether the sequences differ in length (the batch is padded)
     */
    public static boolean write(List<float[][]> sequences, List<float[][]> inputs, int features, boolean reversed,
                                float[] in, float[] tg, float[] prev, float[] mask) {
        int size = sequences.size();
        int steps = sequences.get(0).length;
        boolean padded = false;
        for (int b = 0; b < size; b++) {
            float[][] s = sequences.get(b);
            int len = s.length;
            padded |= len != steps;
            for (int t = 0; t < len; t++) {
                if (s[t].length != features) {
                    throw new IllegalArgumentException("sequence " + b + " step " + t + " has " + s[t].length
                            + " features, expected " + features);
                }
                int row = t * size + b;
                float[] x = inputs == null ? s[t] : inputs.get(b)[t];
                if (x.length != features) {
                    throw new IllegalArgumentException("input " + b + " step " + t + " has " + x.length
                            + " features, expected " + features);
                }
                System.arraycopy(x, 0, in, row * features, features);
                float[] target = reversed ? s[len - 1 - t] : s[t];
                if (tg != null) {
                    System.arraycopy(target, 0, tg, row * features, features);
                }
                if (prev != null && t + 1 < len) {
                    System.arraycopy(target, 0, prev, ((t + 1) * size + b) * features, features);
                }
                if (mask != null) {
                    mask[row] = 1f;
                }
            }
        }
        return padded;
    }

    private static INDArray matrix(float[] v, int rows, int cols, DataType dt) {
        INDArray a = Nd4j.create(v, new long[] {rows, cols}, 'c');
        return dt == DataType.FLOAT ? a : a.castTo(dt);
    }

    /**
     * Splits network rows {@code [steps * size, features]} (in target order) into one array
     * {@code [length][features]} per sequence, in the original (input) step order.
     */
    public static float[][][] perSequence(INDArray rows, SequenceBatch b) {
        float[] flat = rows.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int f = (int) rows.size(1);
        float[][][] out = new float[b.size()][][];
        for (int i = 0; i < b.size(); i++) {
            int len = b.lengths()[i];
            out[i] = new float[len][f];
            for (int t = 0; t < len; t++) {
                int src = (t * b.size() + i) * f;
                int step = b.reversed() ? len - 1 - t : t;
                System.arraycopy(flat, src, out[i][step], 0, f);
            }
        }
        return out;
    }

    /** A {@code [n, k]} matrix as Java rows. */
    public static float[][] toRows(INDArray matrix) {
        float[] flat = matrix.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int n = (int) matrix.size(0);
        int k = (int) matrix.size(1);
        float[][] out = new float[n][k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * k, out[i], 0, k);
        }
        return out;
    }
}
