package dev.seqae.model;

import dev.seqae.data.SequenceBatch;
import dev.seqae.data.SequenceTensors;
import dev.seqae.errors.Stopped;
import dev.seqae.model.engine.AutoencoderNetwork;
import dev.seqae.model.engine.Buffers;
import dev.seqae.model.engine.FusedForward;
import dev.seqae.model.engine.HeapForward;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward passes over many normalised sequences: groups them by length into batches (so little is
 * padded), runs the network and returns per-sequence results in the callers' order. Allocates its
 * own arrays per batch, so any number of threads may call it on one network.
 */
final class Inference {
    static final int MAX_BATCH = 256;

    private Inference() {
    }

    /**
     * One sequence's result, all in normalised units and input step order.
     *
     * @param latent         the latent vector
     * @param reconstruction the reconstruction {@code [steps][features]} (null unless {@link Need#ALL})
     * @param squaredErrors  {@code (x - x̂)²} per step and feature (null for {@link Need#LATENT})
     */
    record Result(float[] latent, float[][] reconstruction, float[][] squaredErrors) {
    }

    /**
     * What a caller needs besides the latent vectors: each per-step result is an array per step and
     * sequence, which a caller that reads only the scores (or only the latent vectors) should not
     * make the collector copy.
     */
    enum Need {
        LATENT, ERRORS, ALL;

        boolean reconstructions() {
            return this == ALL;
        }

        boolean errors() {
            return this != LATENT;
        }
    }

    /**
     * A network's inference passes over a copy of its weights as they are when this is made: the
     * heap pass ({@link HeapForward}, float networks) and, made on first use, the fused op's
     * ({@link FusedForward}). A trained model keeps one; a trainer makes one per validation.
     */
    static final class Passes {
        private final AutoencoderNetwork net;
        private final HeapForward heap;
        private FusedForward fused;

        private Passes(AutoencoderNetwork net) {
            this.net = net;
            this.heap = net.params().dataType() == DataType.FLOAT ? net.heapForward() : null;
        }

        static Passes of(AutoencoderNetwork net) {
            return new Passes(net);
        }

        synchronized FusedForward fused() {
            if (fused == null) {
                fused = net.fused();
            }
            return fused;
        }
    }

    /**
     * Runs the network by {@link ForwardPath#AUTO}'s choice: teacher-forced or repeat, or for free
     * running step by step (the heap pass, or the ND4J pass on the {@code FUSED} path or a double network).
     */
    static List<Result> run(AutoencoderNetwork net, Passes passes, List<float[][]> normalized, boolean reversed,
                            boolean freeRunning) {
        return run(net, passes, normalized, reversed, freeRunning, ForwardPath.AUTO, Need.ALL);
    }

    /** The teacher-forced/repeat pass by {@link ForwardPath#AUTO}'s choice, the results that {@code need} names. */
    static List<Result> run(AutoencoderNetwork net, Passes passes, List<float[][]> normalized, boolean reversed,
                            Need need) {
        return run(net, passes, normalized, reversed, false, ForwardPath.AUTO, need);
    }

    /** As above, the teacher-forced/repeat pass computed by {@code path}, the results that {@code need} names. */
    static List<Result> run(AutoencoderNetwork net, Passes passes, List<float[][]> normalized, boolean reversed,
                            boolean freeRunning, ForwardPath path, Need need) {
        int n = normalized.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> normalized.get(i).length));
        Result[] out = new Result[n];
        boolean conditional = net.shape().conditional();
        int features = net.shape().features();
        DataType dt = net.params().dataType();
        // prediction heads take unpadded batches: one length per batch
        boolean oneLength = net.shape().heads();
        for (int from = 0, to; from < n; from = to) {
            Stopped.check("scoring");
            to = Math.min(n, from + MAX_BATCH);
            if (oneLength) {
                int len = normalized.get(order[from]).length;
                for (int i = from + 1; i < to; i++) {
                    if (normalized.get(order[i]).length != len) {
                        to = i;
                        break;
                    }
                }
            }
            List<float[][]> chunk = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                chunk.add(normalized.get(order[i]));
            }
            float[][][] recon;
            float[][][] errors;
            float[][] latent;
            ForwardPath p = path == ForwardPath.AUTO ? choose(passes, to - from) : path;
            if (p == ForwardPath.HEAP) {
                if (passes.heap == null) {
                    throw new IllegalStateException("the heap pass runs float networks only");
                }
                HeapForward.Output o = passes.heap.forward(chunk, reversed, freeRunning, need.reconstructions(),
                        need.errors());
                recon = o.reconstructions();
                errors = o.squaredErrors();
                latent = o.latents();
            } else {
                SequenceBatch batch = SequenceTensors.batch(chunk, features, reversed, conditional, dt);
                List<INDArray> scratch = new ArrayList<>();
                Buffers own = null;
                try {
                    INDArray output;
                    INDArray latentVectors;
                    if (freeRunning) {
                        // the fused op has no free-running form: ENGINE and FUSED both run it here
                        own = net.buffers(batch.steps(), batch.size(), false);
                        net.forwardFreeRunning(batch, own);
                        output = own.output();
                        latentVectors = own.latent();
                    } else if (p == ForwardPath.ENGINE) {
                        Buffers k = net.inferenceBuffers(batch.steps(), batch.size());
                        net.forward(batch, k, null);
                        output = k.output();
                        latentVectors = k.latent();
                    } else {
                        INDArray[] yz = passes.fused().forward(batch, scratch);
                        output = yz[0];
                        latentVectors = yz[1];
                    }
                    recon = SequenceTensors.perSequence(output, batch);
                    latent = SequenceTensors.toRows(latentVectors);
                    errors = need.errors() ? squaredErrors(chunk, recon, features) : null;
                } finally {
                    // copied out: free the batch's native memory now, not when the collector finds it
                    scratch.forEach(INDArray::close);
                    batch.close();
                    if (own != null) {
                        own.close();
                    }
                }
            }
            for (int j = 0; j < chunk.size(); j++) {
                out[order[from + j]] = new Result(latent[j], need.reconstructions() ? recon[j] : null,
                        errors == null ? null : errors[j]);
            }
        }
        return Arrays.asList(out);
    }

    /** {@code (x - x̂)²} per sequence, step and feature. */
    private static float[][][] squaredErrors(List<float[][]> inputs, float[][][] recon, int features) {
        float[][][] out = new float[inputs.size()][][];
        for (int j = 0; j < out.length; j++) {
            float[][] x = inputs.get(j);
            float[][] err = new float[x.length][features];
            for (int t = 0; t < x.length; t++) {
                for (int f = 0; f < features; f++) {
                    float d = x[t][f] - recon[j][t][f];
                    err[t][f] = d * d;
                }
            }
            out[j] = err;
        }
        return out;
    }

    /**
     * The path {@link ForwardPath#AUTO} takes for a batch of {@code size} sequences: the heap pass
     * for float networks (no native array per call, so no reference processing in the collector's
     * pauses; at least as fast as the ND4J passes at batches 1, 32 and 256, one-way and
     * bidirectional: the {@code infer_paths} rows of {@code seqae bench} and
     * {@code seqae bench --bidirectional} measure every path in one sitting, docs/performance.md),
     * else the hand-written pass over ND4J. Kept as a function of the size so that a measured
     * crossover has one place.
     */
    static ForwardPath choose(Passes passes, int size) {
        return passes.heap != null ? ForwardPath.HEAP : ForwardPath.ENGINE;
    }
}
