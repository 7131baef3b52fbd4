package dev.seqae.model.engine;

import dev.seqae.data.SequenceTensors;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The inference forward pass (teacher-forced or repeat-vector) wholly on Java heap arrays: no ND4J
 * array, view or op per call. The hand-written pass over ND4J ({@link AutoencoderNetwork#forward})
 * makes some forty native arrays and views per call — the batch's tensors, the dense layers'
 * products, the summary's views, the output copies — and each carries a JavaCPP deallocator that
 * the collector must process as a weak and a phantom reference: at batch 1 that made young
 * collections of 60–90 ms (docs/performance.md, "GC pauses"). Here the weights are copied once,
 * packed for {@link HeapGemm}, when the pass is made (one per loaded model), and each thread keeps
 * its own plain {@code float[]} buffers for the {@code (steps, batch)} shape it ran last.
 *
 * <p>The arithmetic is the engine's: the same cell kernel ({@link FloatCellKernel}, on heap
 * arrays), the input projections and dense layers as packed products, each step's input
 * projection computed as the step runs (so no {@code [steps·batch, 4H]} pre-activation array is
 * kept); results equal the ND4J pass within float rounding ({@code HeapForwardTest}). Float
 * networks only; thread-safe (the packed weights are only read).
 */
public final class HeapForward {
    private final NetworkShape shape;
    private final Level[] encoder;
    private final Dense toLatent;
    private final Level[] decoder;
    /** Per direction of the decoder's first level: {@code z·Wx + b}, what its every step adds. */
    private final Dense[] latentProjection;
    /** The conditional decoder's weights for the previous target step {@code [F, 4H]}, or null. */
    private final HeapGemm previous;
    private final Dense toOutput;
    private final boolean vectorized = Activations.VECTORIZED;

    /** Workspaces a thread keeps (by network and {@code (steps, batch)}). */
    static final int CACHED_SHAPES = 4;
    /**
     * Each thread's buffers for the last few passes and shapes it ran, most recent first (as
     * {@link AutoencoderNetwork#inferenceBuffers}): a service's micro-batches change size from call
     * to call, and a workspace built per call would allocate its kernels' arrays every time.
     */
    private static final ThreadLocal<Workspace[]> WORK = ThreadLocal.withInitial(() -> new Workspace[CACHED_SHAPES]);
    /**
     * Each thread's large arrays (inputs, every level's outputs, the reconstruction), kept across
     * shapes and passes and grown when a batch needs more: a service's batches differ in size from
     * call to call, and a new set of arrays per shape would be tens of megabytes for the collector
     * to copy at batch 256. Arrays above {@link #RETAINED_FLOATS} are made for the call and dropped,
     * so one huge request does not pin its memory to the thread.
     */
    private static final ThreadLocal<Arena> ARENA = ThreadLocal.withInitial(Arena::new);
    /** The largest array a thread keeps between calls: 4 M floats (16 MB). */
    static final int RETAINED_FLOATS = 4 << 20;

    /** A thread's grow-only scratch arrays, handed out in order to its workspaces (used one at a time). */
    private static final class Arena {
        private float[][] slots = new float[8][];

        /** Whether {@code a} is still slot {@code slot}'s array (not replaced by a larger one since). */
        boolean holds(int slot, float[] a) {
            return slot < slots.length && slots[slot] == a;
        }

        /**
         * Slot {@code slot}'s array, at least {@code length} long (longer when an earlier batch
         * needed more: callers index only what they use).
         */
        float[] floats(int slot, int length) {
            if (slot >= slots.length) {
                slots = Arrays.copyOf(slots, Math.max(slot + 1, 2 * slots.length));
            }
            float[] a = slots[slot];
            if (a != null && a.length >= length) {
                return a;
            }
            a = new float[length];
            slots[slot] = length <= RETAINED_FLOATS ? a : null;
            return a;
        }
    }

    /** One direction of an LSTM level: its input weights per input part, recurrent weights and bias. */
    private record Direction(int nH, boolean reversed, HeapGemm[] wx, HeapGemm wr, float[] bias) {
    }

    private record Level(Direction[] dirs) {
        int width() {
            return dirs.length * dirs[0].nH;
        }
    }

    /** {@code y = Σ_p x_p·W[rows of p] + b}, the input in column parts. */
    private record Dense(HeapGemm[] w, float[] b) {
    }

    HeapForward(AutoencoderNetwork net) {
        if (net.params().dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("the heap pass runs float networks, not " + net.params().dataType());
        }
        this.shape = net.shape();
        int dirs = shape.directions();
        this.encoder = new Level[net.encoderLevels().length];
        int[] parts = {shape.features()};
        for (int j = 0; j < encoder.length; j++) {
            encoder[j] = level(net.encoderLevels()[j], parts);
            parts = partWidths(dirs, net.encoderLevels()[j].nH);
        }
        this.toLatent = net.latentLayer() == null ? null
                : dense(net.latentLayer(), new int[] {shape.encoderWidth()});
        this.decoder = new Level[net.decoderLevels().length];
        parts = new int[] {shape.latentWidth()};
        for (int j = 0; j < decoder.length; j++) {
            decoder[j] = level(net.decoderLevels()[j], parts);
            parts = partWidths(dirs, net.decoderLevels()[j].nH);
        }
        this.latentProjection = new Dense[dirs];
        for (int d = 0; d < dirs; d++) {
            latentProjection[d] = new Dense(decoder[0].dirs[d].wx, decoder[0].dirs[d].bias);
        }
        ParamSpace.Slot prev = net.previousStepWeights();
        this.previous = prev == null ? null : packed(prev.value());
        this.toOutput = dense(net.outputLayer(), parts);
    }

    private static int[] partWidths(int dirs, int nH) {
        int[] w = new int[dirs];
        Arrays.fill(w, nH);
        return w;
    }

    private static Level level(LstmLevel level, int[] parts) {
        Direction[] dirs = new Direction[level.dirs.length];
        for (int d = 0; d < dirs.length; d++) {
            LstmLayer l = level.dirs[d];
            dirs[d] = new Direction(l.nH, l.reversed, rowBlocks(l.wx.value(), parts), packed(l.wr.value()),
                    values(l.bias.value()));
        }
        return new Level(dirs);
    }

    private static Dense dense(DenseLayer layer, int[] parts) {
        return new Dense(rowBlocks(layer.w.value(), parts), values(layer.b.value()));
    }

    /** {@code w}'s row blocks of the given heights, each packed. */
    private static HeapGemm[] rowBlocks(INDArray w, int[] heights) {
        HeapGemm[] out = new HeapGemm[heights.length];
        long row = 0;
        for (int p = 0; p < heights.length; p++) {
            out[p] = packed(Views.rows(w, row, heights[p]));
            row += heights[p];
        }
        if (row != w.rows()) {
            throw new IllegalStateException("input parts are " + row + " wide, the weights have " + w.rows() + " rows");
        }
        return out;
    }

    private static HeapGemm packed(INDArray w) {
        HeapGemm g = new HeapGemm(Math.toIntExact(w.rows()), Math.toIntExact(w.columns()));
        g.pack(w);
        return g;
    }

    private static float[] values(INDArray row) {
        return row.dup('c').data().asFloat();
    }

    /**
     * One batch's results, in the input's step order.
     *
     * @param reconstructions per sequence {@code [length][features]}, or null when not asked for
     * @param squaredErrors   per sequence, step and feature {@code (x - x̂)²}, or null when not asked for
     * @param latents         per sequence, the latent vector
     */
    public record Output(float[][][] reconstructions, float[][][] squaredErrors, float[][] latents) {
    }

    /**
     * Runs the pass over {@code sequences} ({@code [length][features]}, normalised; lengths may
     * differ: the batch is padded to the longest, in {@link SequenceTensors#write}'s layout;
     * prediction-head networks need equal lengths of at least 3 steps). {@code reversed}: the
     * targets are the sequences in reverse order (the model was trained to reconstruct them so);
     * the results are in the input's order either way. {@code reconstructions} and
     * {@code squaredErrors} say which per-step results to build (each is an array per step, what a
     * caller that needs only the other should not pay for).
     */
    public Output forward(List<float[][]> sequences, boolean reversed, boolean reconstructions,
                          boolean squaredErrors) {
        return forward(sequences, reversed, false, reconstructions, squaredErrors);
    }

    /**
     * As {@link #forward(List, boolean, boolean, boolean)}; {@code freeRunning} (conditional
     * decoder only) reconstructs step by step, each step fed the network's own output of the step
     * before instead of the previous target step ({@link AutoencoderNetwork#forwardFreeRunning}).
     */
    public Output forward(List<float[][]> sequences, boolean reversed, boolean freeRunning, boolean reconstructions,
                          boolean squaredErrors) {
        if (freeRunning && previous == null) {
            throw new IllegalStateException("free-running decoding needs the conditional decoder");
        }
        int size = sequences.size();
        int features = shape.features();
        int steps = SequenceTensors.steps(sequences);
        Workspace w = workspace(steps, size);
        w.freeRunning = freeRunning;
        int inputs = steps * size * features;
        Arrays.fill(w.x, 0, inputs, 0f);
        if (w.prev != null) {
            Arrays.fill(w.prev, 0, inputs, 0f);
        }
        boolean padded = SequenceTensors.write(sequences, null, features, reversed, w.x, null, w.prev, null);
        if (shape.heads() && (padded || steps < 3)) {
            throw new IllegalArgumentException("prediction heads need equal-length windows of at least 3 steps, got "
                    + (padded ? "a padded batch" : steps + " steps"));
        }
        for (int b = 0; b < size; b++) {
            w.lengths[b] = sequences.get(b).length;
        }
        run(w, padded ? w.lengths : null);
        float[][][] recon = reconstructions ? new float[size][][] : null;
        float[][][] errors = squaredErrors ? new float[size][][] : null;
        float[][] latents = new float[size][];
        int lw = shape.latentWidth();
        for (int b = 0; b < size; b++) {
            float[][] s = sequences.get(b);
            int len = s.length;
            if (recon != null) {
                recon[b] = new float[len][];
            }
            if (errors != null) {
                errors[b] = new float[len][];
            }
            for (int t = 0; t < len; t++) {
                int step = reversed ? len - 1 - t : t;
                int row = (t * size + b) * features;
                if (recon != null) {
                    recon[b][step] = Arrays.copyOfRange(w.y, row, row + features);
                }
                if (errors != null) {
                    float[] e = new float[features];
                    float[] x = s[step];
                    for (int f = 0; f < features; f++) {
                        float d = x[f] - w.y[row + f];
                        e[f] = d * d;
                    }
                    errors[b][step] = e;
                }
            }
            latents[b] = Arrays.copyOfRange(w.z, b * lw, (b + 1) * lw);
        }
        return new Output(recon, errors, latents);
    }

    private void run(Workspace w, int[] lengths) {
        for (int j = 0; j < encoder.length; j++) {
            for (FloatCellKernel k : w.enc[j]) {
                runKernel(k, lengths);
            }
        }
        summarize(w, lengths);
        if (toLatent != null) {
            apply(toLatent, w.summaryParts, 0, w.batch, w.z, vectorized);
        } else {
            System.arraycopy(w.hLast, 0, w.z, 0, w.z.length);
        }
        for (int d = 0; d < latentProjection.length; d++) {
            apply(latentProjection[d], w.latentParts, 0, w.batch, w.zProjection[d], vectorized);
            w.dec[0][d].setAddend(w.zProjection[d]);
        }
        if (w.freeRunning) {
            // step by step through every level and the output layer: step t's input is step t-1's output
            for (int t = 0; t < w.steps; t++) {
                for (int j = 0; j < decoder.length; j++) {
                    w.dec[j][0].forwardRecurrent(t);
                }
                apply(toOutput, w.decH[decoder.length - 1], t * w.batch, w.batch, w.y, vectorized);
            }
            return;
        }
        for (int j = 0; j < decoder.length; j++) {
            for (FloatCellKernel k : w.dec[j]) {
                runKernel(k, lengths);
            }
        }
        apply(toOutput, w.decH[decoder.length - 1], 0, w.steps * w.batch, w.y, vectorized);
    }

    private static void runKernel(FloatCellKernel k, int[] lengths) {
        if (k.reversed) {
            k.setLengths(lengths);
        }
        for (int s = 0; s < k.steps; s++) {
            k.forwardRecurrent(k.reversed ? k.steps - 1 - s : s);
        }
    }

    /**
     * The encoder's summary of each sequence {@code [batch, dirs·H]}: the forward direction's output
     * at the sequence's last real step, beside the backward direction's at step 0.
     */
    private void summarize(Workspace w, int[] lengths) {
        Level top = encoder[encoder.length - 1];
        int h = top.dirs[0].nH;
        int width = top.width();
        int batch = w.batch;
        int last = shape.encoderSteps(w.steps) - 1;
        float[][] out = w.encH[encoder.length - 1];
        for (int b = 0; b < batch; b++) {
            int t = lengths == null ? last : lengths[b] - 1;
            System.arraycopy(out[0], (t * batch + b) * h, w.hLast, b * width, h);
            if (out.length == 2) {
                System.arraycopy(out[1], b * h, w.hLast, b * width + h, h);
            }
        }
    }

    /** Rows {@code [from, from + rows)}: {@code y [rows, nOut] = Σ_p x_p [rows, w_p]·W_p + b}. */
    private static void apply(Dense layer, float[][] x, int from, int rows, float[] y, boolean vectorized) {
        int nOut = layer.b.length;
        for (int r = from; r < from + rows; r++) {
            System.arraycopy(layer.b, 0, y, r * nOut, nOut);
        }
        for (int p = 0; p < x.length; p++) {
            layer.w[p].multiplyAdd(x[p], from * layer.w[p].k, rows, y, from * nOut, vectorized);
        }
    }

    /**
     * This thread's workspace for {@code (steps, batch)}: a kept one when its large arrays are
     * still the arena's (a workspace whose arrays the arena has since replaced by larger ones is
     * dropped, so kept workspaces never hold memory the arena does not), else a new one, kept
     * unless it has an array too large to keep.
     */
    private Workspace workspace(int steps, int batch) {
        Workspace[] kept = WORK.get();
        for (int i = 0; i < kept.length; i++) {
            Workspace w = kept[i];
            if (w != null && w.owner == this && w.steps == steps && w.batch == batch && w.current()) {
                System.arraycopy(kept, 0, kept, 1, i);
                kept[0] = w;
                return w;
            }
        }
        Workspace w = new Workspace(steps, batch, ARENA.get());
        // the new one first (when kept), then the kept ones whose arrays it did not replace
        Workspace[] next = new Workspace[CACHED_SHAPES];
        int n = 0;
        if (w.retained) {
            next[n++] = w;
        }
        for (Workspace k : kept) {
            if (k != null && n < next.length && k.current()) {
                next[n++] = k;
            }
        }
        WORK.set(next);
        return w;
    }

    /** One thread's buffers for one {@code (steps, batch)} shape, and the kernels bound to them. */
    private final class Workspace {
        final HeapForward owner = HeapForward.this;
        final int steps;
        final int batch;
        final int[] lengths;
        /** The input {@code [steps·batch, F]}, time-major. */
        final float[] x;
        /** The conditional decoder's previous-target input, same layout; null for the repeat decoder. */
        final float[] prev;
        /** Per encoder level and direction, the outputs {@code [encoderSteps·batch, H]}. */
        final float[][][] encH;
        final FloatCellKernel[][] enc;
        final float[] hLast;
        final float[] z;
        /** {@code hLast} and {@code z} as one-part inputs of a dense layer. */
        final float[][] summaryParts;
        final float[][] latentParts;
        final float[][] zProjection;
        final float[][][] decH;
        final FloatCellKernel[][] dec;
        final float[] y;

        /** This call runs the conditional decoder free (fed its own outputs); else teacher-forced. */
        boolean freeRunning;
        /** Whether every large array is kept by the thread's arena (else the workspace is dropped after the call). */
        final boolean retained;
        private final Arena arena;
        /** The large arrays taken from the arena, by slot. */
        private final java.util.List<float[]> larges = new java.util.ArrayList<>();
        private int slot;
        private boolean dropped;

        Workspace(int steps, int batch, Arena arena) {
            this.steps = steps;
            this.batch = batch;
            this.arena = arena;
            int features = shape.features();
            int rows = Math.multiplyExact(steps, batch);
            this.lengths = new int[batch];
            this.x = large(Math.multiplyExact(rows, features));
            this.prev = previous == null ? null : large(Math.multiplyExact(rows, features));
            int encSteps = shape.encoderSteps(steps);
            // with prediction heads the encoder reads the inner steps: the input from row `batch` on
            int inputRow = steps - encSteps == 2 ? batch : 0;
            this.encH = new float[encoder.length][][];
            this.enc = new FloatCellKernel[encoder.length][];
            float[][] in = {x};
            int[] inRow = {inputRow};
            for (int j = 0; j < encoder.length; j++) {
                Level level = encoder[j];
                encH[j] = new float[level.dirs.length][];
                enc[j] = new FloatCellKernel[level.dirs.length];
                for (int d = 0; d < level.dirs.length; d++) {
                    Direction dir = level.dirs[d];
                    encH[j][d] = large(Math.multiplyExact(encSteps * batch, dir.nH));
                    enc[j][d] = kernel(encSteps, dir, projection(dir.wx, in, inRow), encH[j][d]);
                    enc[j][d].setAddend(dir.bias);
                }
                in = encH[j];
                inRow = new int[in.length];
            }
            this.hLast = new float[batch * shape.encoderWidth()];
            this.z = new float[batch * shape.latentWidth()];
            this.summaryParts = new float[][] {hLast};
            this.latentParts = new float[][] {z};
            this.zProjection = new float[decoder[0].dirs.length][];
            this.y = large(Math.multiplyExact(rows, features));   // before the decoder: running free reads it
            this.decH = new float[decoder.length][][];
            this.dec = new FloatCellKernel[decoder.length][];
            for (int j = 0; j < decoder.length; j++) {
                Level level = decoder[j];
                decH[j] = new float[level.dirs.length][];
                dec[j] = new FloatCellKernel[level.dirs.length];
                for (int d = 0; d < level.dirs.length; d++) {
                    Direction dir = level.dirs[d];
                    decH[j][d] = large(Math.multiplyExact(rows, dir.nH));
                    FloatCellKernel.StepInput input;
                    if (j > 0) {
                        input = projection(dir.wx, decH[j - 1], new int[decH[j - 1].length]);
                    } else if (d == 0 && prev != null) {
                        input = previousStep();
                    } else {
                        input = (t, gates, g0) -> Arrays.fill(gates, g0, g0 + 4 * batch * dir.nH, 0f);
                    }
                    dec[j][d] = kernel(steps, dir, input, decH[j][d]);
                    if (j > 0) {
                        dec[j][d].setAddend(dir.bias);
                    } else {
                        zProjection[d] = new float[batch * 4 * dir.nH];
                    }
                }
            }
            this.retained = !dropped;
        }

        /**
         * The conditional decoder's first-level input: the previous target step (teacher forcing,
         * {@code teacher}), or when running free the network's own output of the step before.
         */
        private FloatCellKernel.StepInput previousStep() {
            HeapGemm[] w = {previous};
            FloatCellKernel.StepInput teacher = projection(w, new float[][] {prev}, new int[1]);
            // step t reads the output rows of step t - 1 (y is written after each step when running free)
            FloatCellKernel.StepInput own = projection(w, new float[][] {y}, new int[] {-batch});
            return (t, gates, g0) -> {
                if (!freeRunning) {
                    teacher.project(t, gates, g0);
                } else if (t == 0) {
                    Arrays.fill(gates, g0, g0 + batch * previous.n, 0f);
                } else {
                    own.project(t, gates, g0);
                }
            };
        }

        /** The arena's next array, at least {@code length} long. */
        private float[] large(int length) {
            dropped |= length > RETAINED_FLOATS;
            float[] a = arena.floats(slot++, length);
            larges.add(a);
            return a;
        }

        /** Whether every large array of this workspace is still its arena slot's. */
        boolean current() {
            for (int i = 0; i < larges.size(); i++) {
                if (!arena.holds(i, larges.get(i))) {
                    return false;
                }
            }
            return true;
        }

        private FloatCellKernel kernel(int kernelSteps, Direction dir, FloatCellKernel.StepInput input, float[] h) {
            return new FloatCellKernel(kernelSteps, batch, dir.nH, dir.reversed, dir.wr, input, h, vectorized);
        }

        /**
         * Step {@code t}'s input projection {@code Σ_p in_p[rows of t]·Wx_p}; part {@code p}'s rows
         * of step t start at row {@code firstRow[p] + t·batch}.
         */
        private FloatCellKernel.StepInput projection(HeapGemm[] wx, float[][] in, int[] firstRow) {
            int width = batch * wx[0].n;
            return (t, gates, g0) -> {
                Arrays.fill(gates, g0, g0 + width, 0f);
                for (int p = 0; p < wx.length; p++) {
                    wx[p].multiplyAdd(in[p], (firstRow[p] + t * batch) * wx[p].k, batch, gates, g0, vectorized);
                }
            };
        }
    }
}
