package dev.seqae.model.engine;

import dev.seqae.data.SequenceBatch;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The LSTM sequence autoencoder's network: stacked encoder LSTMs, the last real step's hidden
 * state mapped to a latent vector (by a dense layer, or as it is when the shape has no
 * bottleneck), a decoder (RepeatVector: the latent vector at every step; or conditional: the
 * latent vector plus the previous target step), and a per-step output layer. In a bidirectional
 * shape every LSTM level is a forward and a reversed layer ({@link LstmLevel}); the encoder's
 * summary is then the forward direction's last real step beside the backward direction's step 0.
 *
 * <p>All parameters live in one flat vector ({@link #params()}) with a gradient vector of the same
 * layout ({@link #grads()}). Forward and backward passes are hand-written over ND4J operations
 * (see {@link LstmLayer}); nothing here is shared between threads except the parameters, which
 * inference only reads.
 */
public final class AutoencoderNetwork {
    private final NetworkShape shape;
    private final ParamSpace space;
    private final LstmLevel[] encoder;
    private final DenseLayer toLatent;
    private final LstmLevel[] decoder;
    private final ParamSpace.Slot decoderPrevious;
    private final DenseLayer toOutput;

    /**
     * Each thread's inference buffers: one set, for the network and shape it scored last, so that
     * the memory they hold is bounded by the number of scoring threads, however many networks a
     * service keeps or swaps out.
     */
    private static final ThreadLocal<Held> INFERENCE = new ThreadLocal<>();

    private record Held(AutoencoderNetwork net, Buffers buffers) {
    }

    public AutoencoderNetwork(NetworkShape shape, DataType dataType) {
        this(shape, new ParamSpace(paramCount(shape), dataType));
    }

    private AutoencoderNetwork(NetworkShape shape, ParamSpace space) {
        this.shape = shape;
        this.space = space;
        boolean bi = shape.bidirectional();
        this.encoder = new LstmLevel[shape.encoder().length];
        int in = shape.features();
        for (int k = 0; k < encoder.length; k++) {
            encoder[k] = new LstmLevel(space, in, shape.encoder()[k], bi);
            in = encoder[k].width();
        }
        this.toLatent = shape.bottleneck() ? new DenseLayer(space, in, shape.latent()) : null;
        this.decoder = new LstmLevel[shape.decoder().length];
        in = shape.latentWidth();
        for (int k = 0; k < decoder.length; k++) {
            decoder[k] = new LstmLevel(space, in, shape.decoder()[k], bi);
            in = decoder[k].width();
        }
        this.decoderPrevious = shape.conditional()
                ? space.take(shape.features(), 4L * shape.decoder()[0], true) : null;
        this.toOutput = new DenseLayer(space, in, shape.features());
        if (space.used() != space.params().length()) {
            throw new IllegalStateException("parameter layout mismatch");
        }
    }

    /** Number of trainable parameters of a network of this shape. */
    public static long paramCount(NetworkShape s) {
        long n = 0;
        int in = s.features();
        for (int h : s.encoder()) {
            n += LstmLevel.paramCount(in, h, s.bidirectional());
            in = h * s.directions();
        }
        if (s.bottleneck()) {
            n += DenseLayer.paramCount(in, s.latent());
        }
        in = s.latentWidth();
        for (int h : s.decoder()) {
            n += LstmLevel.paramCount(in, h, s.bidirectional());
            in = h * s.directions();
        }
        if (s.conditional()) {
            n += (long) s.features() * 4 * s.decoder()[0];
        }
        return n + DenseLayer.paramCount(in, s.features());
    }

    /**
     * A network of the same shape that shares this one's parameters (reads them, never writes) and
     * has its own gradient vector: for computing gradients of several minibatch shards at once,
     * one replica per thread.
     */
    public AutoencoderNetwork replica() {
        return new AutoencoderNetwork(shape, new ParamSpace(space.params()));
    }

    /**
     * Whether the float LSTM kernels run on the Vector API (the JVM was started with
     * {@code --add-modules jdk.incubator.vector}); without it training is several times slower.
     */
    public static boolean vectorKernels() {
        return Activations.VECTORIZED;
    }

    public NetworkShape shape() {
        return shape;
    }

    /** The flat parameter vector {@code [1, n]}; layers hold views of it. */
    public INDArray params() {
        return space.params();
    }

    /** The flat gradient vector, same layout as {@link #params()}. */
    public INDArray grads() {
        return space.grads();
    }

    /** 1 for weight-matrix entries (subject to L2), 0 for biases. */
    public INDArray decayMask() {
        return space.decayMask();
    }

    /**
     * Seeded initialisation: every weight and bias uniform in {@code ±1/sqrt(fan)} (PyTorch's
     * defaults, fan = hidden size for LSTMs, input size for dense layers); LSTM forget-gate
     * biases start at 1.
     */
    public void initialize(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (LstmLevel level : encoder) {
            for (LstmLayer l : level.dirs) {
                initLstm(l, rnd);
            }
        }
        if (toLatent != null) {
            initUniform(toLatent.w.value(), toLatent.nIn, rnd);
            initUniform(toLatent.b.value(), toLatent.nIn, rnd);
        }
        for (LstmLevel level : decoder) {
            for (LstmLayer l : level.dirs) {
                initLstm(l, rnd);
            }
        }
        if (decoderPrevious != null) {
            initUniform(decoderPrevious.value(), decoder[0].nH, rnd);
        }
        initUniform(toOutput.w.value(), toOutput.nIn, rnd);
        initUniform(toOutput.b.value(), toOutput.nIn, rnd);
    }

    private static void initLstm(LstmLayer l, SplittableRandom rnd) {
        initUniform(l.wx.value(), l.nH, rnd);
        initUniform(l.wr.value(), l.nH, rnd);
        initUniform(l.bias.value(), l.nH, rnd);
        Views.block(l.bias.value(), 0, 1, l.nH, l.nH).addi(1.0);
    }

    private static void initUniform(INDArray a, int fan, SplittableRandom rnd) {
        double bound = 1.0 / Math.sqrt(fan);
        double[] v = new double[(int) a.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (rnd.nextDouble() * 2 - 1) * bound;
        }
        a.assign(Nd4j.create(v, a.shape(), 'c').castTo(a.dataType()));
    }

    LstmLevel[] encoderLevels() {
        return encoder;
    }

    LstmLevel[] decoderLevels() {
        return decoder;
    }

    DenseLayer latentLayer() {
        return toLatent;
    }

    DenseLayer outputLayer() {
        return toOutput;
    }

    /** The conditional decoder's weights for the previous step, or null. */
    ParamSpace.Slot previousStepWeights() {
        return decoderPrevious;
    }

    /** Buffers for one {@code (steps, batch)} shape; {@code training} adds the backward buffers. */
    public Buffers buffers(int steps, int batch, boolean training) {
        return new Buffers(this, steps, batch, training);
    }

    /**
     * Inference buffers for one {@code (steps, batch)} shape, kept per thread and reused while the
     * thread scores this network at this shape (a scoring loop over equal windows allocates them
     * once); the buffers they replace — of another shape or another network — are closed. The
     * caller must copy what it needs from them before its thread's next call on any network.
     */
    public Buffers inferenceBuffers(int steps, int batch) {
        Held held = INFERENCE.get();
        if (held != null && held.net == this && held.buffers.steps() == steps && held.buffers.batch() == batch) {
            return held.buffers;
        }
        if (held != null) {
            held.buffers.close();
        }
        Buffers k = buffers(steps, batch, false);
        INFERENCE.set(new Held(this, k));
        return k;
    }

    /** Per-call random dropout; {@code rate = 0} disables it. */
    public record Dropout(double rate, Random random) {
    }

    /**
     * Forward pass: fills {@code k.latent()} {@code [batch, latent]} and {@code k.output()}
     * {@code [steps * batch, features]} (teacher-forced for the conditional decoder).
     */
    public void forward(SequenceBatch b, Buffers k, Dropout dropout) {
        check(b, k);
        boolean drop = dropout != null && dropout.rate() > 0 && k.training;
        encode(b, k);
        INDArray hLatentIn = k.hLast;
        if (drop) {
            dropoutMask(k.maskLatent, dropout);
            k.hLast.muli(k.maskLatent, k.hLastDropped);
            hLatentIn = k.hLastDropped;
        }
        toLatent(hLatentIn, k.z);

        int[] lengths = lengths(b);
        LstmLayer.Cache[] d0 = k.dec[0];
        if (decoderPrevious != null) {
            Views.gemm(b.previousTarget(), decoderPrevious.value(), d0[0].act, false, false, 0.0);
        } else {
            for (LstmLayer.Cache c : d0) {
                c.act.assign(0);
            }
        }
        projectLatent(k);
        for (int d = 0; d < d0.length; d++) {
            decoder[0].forward(d, d0[d], k.zProjection[d], lengths);
        }
        for (int j = 1; j < decoder.length; j++) {
            decoder[j].project(LstmLevel.outputs(k.dec[j - 1]), k.dec[j]);
            decoder[j].forward(k.dec[j], lengths);
        }
        INDArray[] top = LstmLevel.outputs(k.dec[decoder.length - 1]);
        if (drop) {
            for (int d = 0; d < top.length; d++) {
                dropoutMask(k.maskOutput[d], dropout);
                top[d].muli(k.maskOutput[d], k.hTopDropped[d]);
                top[d] = k.hTopDropped[d];
            }
        }
        k.outputInput = top;
        toOutput.forward(top, k.y);
    }

    /** The sequences' lengths when the batch is padded, else null. */
    private static int[] lengths(SequenceBatch b) {
        return b.mask() == null ? null : b.lengths();
    }

    /** The latent vector of the encoder's last hidden state: the dense bottleneck, or the state itself. */
    private void toLatent(INDArray hLast, INDArray z) {
        if (toLatent != null) {
            toLatent.forward(hLast, z);
        } else {
            z.assign(hLast);
        }
    }

    /**
     * The decoder's first-level input from the latent vector, once for all steps and per direction:
     * {@code z·Wx + b}.
     */
    private void projectLatent(Buffers k) {
        LstmLayer[] dirs = decoder[0].dirs;
        for (int d = 0; d < dirs.length; d++) {
            Views.gemm(k.z, dirs[d].wx.value(), k.zProjection[d], false, false, 0.0);
            k.zProjection[d].addiRowVector(dirs[d].bias.value());
        }
    }

    /** Encoder LSTMs over the batch; leaves each sequence's summary (its last real hidden state) in {@code k.hLast}. */
    private void encode(SequenceBatch b, Buffers k) {
        INDArray[] input = {encoderInput(b)};
        int[] lengths = lengths(b);
        for (int j = 0; j < encoder.length; j++) {
            encoder[j].project(input, k.enc[j]);
            encoder[j].forward(k.enc[j], lengths);
            input = LstmLevel.outputs(k.enc[j]);
        }
        summarize(b, shape.encoderSteps(b.steps()), k.hLast, input[0], 0, input.length == 2 ? input[1] : null, 0,
                input[0].size(1));
    }

    /** What the encoder reads: the batch's input, or with prediction heads its inner steps' rows. */
    INDArray encoderInput(SequenceBatch b) {
        if (!shape.heads()) {
            return b.input();
        }
        return Views.rows(b.input(), b.size(), (long) (b.steps() - 2) * b.size());
    }

    /**
     * The encoder's summary of each sequence into {@code out} {@code [batch, dirs·H]}: the forward
     * output (columns {@code [fCol, fCol + h)} of {@code forward}, {@code steps} steps) at the sequence's last real step
     * and, when {@code backward} is not null, beside it the backward output (columns
     * {@code [bCol, bCol + h)} of {@code backward}) at step 0, which has read the whole sequence.
     */
    static void summarize(SequenceBatch b, int steps, INDArray out, INDArray forward, long fCol, INDArray backward,
                          long bCol, long h) {
        int batch = b.size();
        if (b.mask() == null) {
            Views.block(out, 0, batch, 0, h).assign(Views.block(forward, (long) (steps - 1) * batch, batch, fCol, h));
        } else {
            for (int i = 0; i < batch; i++) {
                Views.block(out, i, 1, 0, h).assign(Views.block(forward, (long) (b.lengths()[i] - 1) * batch + i, 1,
                        fCol, h));
            }
        }
        if (backward != null) {
            Views.block(out, 0, batch, h, h).assign(Views.block(backward, 0, batch, bCol, h));
        }
    }

    /** The gradient of {@link #summarize}: {@code dLast} into the top level's output gradients (zero elsewhere). */
    private static void scatterSummary(INDArray dLast, SequenceBatch b, int steps, INDArray[] dH) {
        long h = dH[0].size(1);
        int batch = b.size();
        dH[0].assign(0);
        if (b.mask() == null) {
            Views.rows(dH[0], (long) (steps - 1) * batch, batch).assign(Views.block(dLast, 0, batch, 0, h));
        } else {
            for (int i = 0; i < batch; i++) {
                Views.rows(dH[0], (long) (b.lengths()[i] - 1) * batch + i, 1).assign(Views.block(dLast, i, 1, 0, h));
            }
        }
        if (dH.length == 2) {
            dH[1].assign(0);
            Views.rows(dH[1], 0, batch).assign(Views.block(dLast, 0, batch, h, h));
        }
    }

    /**
     * Forward and backward pass of the masked mean squared reconstruction error; fills
     * {@link #grads()} (with {@code l2 * W} added for weight matrices) and returns the data loss.
     */
    public double lossAndGradient(SequenceBatch b, Buffers k, Dropout dropout, double l2) {
        if (!k.training) {
            throw new IllegalArgumentException("inference buffers cannot be used for training");
        }
        forward(b, k, dropout);
        boolean drop = dropout != null && dropout.rate() > 0;
        double loss = lossAndOutputGradient(b, k);

        LstmLayer.Cache[] top = k.dec[decoder.length - 1];
        INDArray[] dTop = LstmLevel.outputGradients(top);
        toOutput.backward(k.outputInput, k.dy, top[0].onesRows, dTop);
        if (drop) {
            for (int d = 0; d < dTop.length; d++) {
                dTop[d].muli(k.maskOutput[d]);
            }
        }
        for (int j = decoder.length - 1; j >= 0; j--) {
            decoder[j].backward(k.dec[j]);
            if (j > 0) {
                decoder[j].inputGradients(LstmLevel.outputs(k.dec[j - 1]), k.dec[j],
                        LstmLevel.outputGradients(k.dec[j - 1]));
            }
        }
        LstmLayer.Cache[] d0 = k.dec[0];
        LstmLayer[] first = decoder[0].dirs;
        for (int d = 0; d < first.length; d++) {
            Views.gemm(k.z, d0[d].dAddend, first[d].wx.grad(), true, false, 0.0);
            Views.gemm(d0[d].dAddend, first[d].wx.value(), k.dz, false, true, d == 0 ? 0.0 : 1.0);
        }
        if (decoderPrevious != null) {
            Views.gemm(b.previousTarget(), d0[0].dA, decoderPrevious.grad(), true, false, 0.0);
        }
        if (toLatent != null) {
            toLatent.backward(drop ? k.hLastDropped : k.hLast, k.dz, k.onesBatch, k.dhLast);
        } else {
            k.dhLast.assign(k.dz);
        }
        if (drop) {
            k.dhLast.muli(k.maskLatent);
        }
        scatterSummary(k.dhLast, b, shape.encoderSteps(b.steps()), LstmLevel.outputGradients(k.enc[encoder.length - 1]));
        for (int j = encoder.length - 1; j >= 0; j--) {
            encoder[j].backward(k.enc[j]);
            if (j == 0) {
                encoder[j].inputGradients(new INDArray[] {encoderInput(b)}, k.enc[j], null);
            } else {
                encoder[j].inputGradients(LstmLevel.outputs(k.enc[j - 1]), k.enc[j],
                        LstmLevel.outputGradients(k.enc[j - 1]));
            }
        }
        if (l2 > 0) {
            space.grads().addi(space.params().mul(space.decayMask()).muli(l2));
        }
        return loss;
    }

    /** Masked mean squared error of {@code k.output()} against the batch target (forward must have run). */
    public double loss(SequenceBatch b, Buffers k) {
        INDArray diff = k.y.sub(b.target());
        try {
            if (shape.heads()) {
                return headLoss(b, diff, false);
            }
            if (b.mask() != null) {
                diff.muliColumnVector(b.mask());
            }
            double norm = diff.norm2Number().doubleValue();
            return norm * norm / ((double) b.validSteps() * b.features());
        } finally {
            diff.close();
        }
    }

    private double lossAndOutputGradient(SequenceBatch b, Buffers k) {
        k.y.subi(b.target(), k.dy);
        if (shape.heads()) {
            return headLoss(b, k.dy, true);
        }
        if (b.mask() != null) {
            k.dy.muliColumnVector(b.mask());
        }
        double n = (double) b.validSteps() * b.features();
        double norm = k.dy.norm2Number().doubleValue();
        k.dy.muli(2.0 / n);
        return norm * norm / n;
    }

    /**
     * With prediction heads: the weighted sum of the three parts' mean squared errors, {@code diff}
     * ({@code y - target}, unpadded) by row block: step 0 (the backward prediction), the inner
     * steps (the reconstruction), step {@code T-1} (the forward prediction). {@code gradient}:
     * {@code diff} becomes the loss's gradient with respect to {@code y}.
     */
    private double headLoss(SequenceBatch b, INDArray diff, boolean gradient) {
        long batch = b.size();
        long inner = (long) (b.steps() - 2) * batch;
        double w = shape.predictionWeight();
        INDArray[] parts = {Views.rows(diff, 0, batch), Views.rows(diff, batch, inner),
            Views.rows(diff, batch + inner, batch)};
        double[] weights = {w / 2, 1 - w, w / 2};
        double loss = 0;
        for (int p = 0; p < 3; p++) {
            double n = (double) parts[p].rows() * b.features();
            double norm = parts[p].norm2Number().doubleValue();
            loss += weights[p] * norm * norm / n;
            if (gradient) {
                parts[p].muli(2.0 * weights[p] / n);
            }
        }
        return loss;
    }

    /**
     * Conditional decoder only: reconstruct step by step, feeding each step's own output back as
     * the next step's input (no access to the target). Fills {@code k.output()}.
     */
    public void forwardFreeRunning(SequenceBatch b, Buffers k) {
        if (decoderPrevious == null) {
            throw new IllegalStateException("free-running decoding needs the conditional decoder");
        }
        check(b, k);
        encode(b, k);
        toLatent(k.hLast, k.z);
        projectLatent(k);
        k.dec[0][0].kernel.setAddend(k.zProjection[0]);
        for (int j = 1; j < decoder.length; j++) {
            k.dec[j][0].kernel.setAddend(decoder[j].dirs[0].bias.value());
        }
        for (int j = 0; j < decoder.length; j++) {
            k.dec[j][0].kernel.packRecurrent(decoder[j].dirs[0].wr.value());
        }
        long batch = b.size();
        for (int t = 0; t < b.steps(); t++) {
            long row = t * batch;
            for (int j = 0; j < decoder.length; j++) {
                LstmLayer.Cache c = k.dec[j][0];
                INDArray act = Views.rows(c.act, row, batch);
                if (j == 0) {
                    act.assign(0);
                    if (t > 0) {
                        Views.gemm(Views.rows(k.y, row - batch, batch), decoderPrevious.value(), act,
                                false, false, 1.0);
                    }
                } else {
                    Views.gemm(Views.rows(k.dec[j - 1][0].h, row, batch), decoder[j].dirs[0].wx.value(), act,
                            false, false, 0.0);
                }
                c.kernel.forwardRecurrent(t);
            }
            toOutput.forward(Views.rows(k.dec[decoder.length - 1][0].h, row, batch), Views.rows(k.y, row, batch));
        }
    }

    private void check(SequenceBatch b, Buffers k) {
        if (b.steps() != k.steps || b.size() != k.batch) {
            throw new IllegalArgumentException("batch " + b.steps() + "x" + b.size() + " does not fit buffers "
                    + k.steps + "x" + k.batch);
        }
        if (b.features() != shape.features()) {
            throw new IllegalArgumentException("batch has " + b.features() + " features, network expects "
                    + shape.features());
        }
        if (shape.heads() && (b.mask() != null || b.steps() < 3)) {
            throw new IllegalArgumentException("prediction heads need equal-length windows of at least 3 steps, got "
                    + (b.mask() != null ? "a padded batch" : b.steps() + " steps"));
        }
        if (shape.conditional() && b.previousTarget() == null) {
            throw new IllegalArgumentException("the conditional decoder needs the previous-target input");
        }
    }

    /** A fused-op forward pass over a copy of the current weights (see {@link FusedForward}). */
    public FusedForward fused() {
        return new FusedForward(this, encoder, decoder, decoderPrevious);
    }

    /**
     * The inference pass on heap arrays over a copy of the current weights (see {@link HeapForward});
     * float networks only.
     */
    public HeapForward heapForward() {
        return new HeapForward(this);
    }

    INDArray latentOf(INDArray hLast) {
        INDArray z = Nd4j.create(hLast.dataType(), hLast.size(0), shape.latentWidth());
        toLatent(hLast, z);
        return z;
    }

    /** The output layer over the decoder's top outputs {@code [rows, decoderWidth]}. */
    INDArray outputOf(INDArray hTop) {
        INDArray y = Nd4j.create(hTop.dataType(), hTop.size(0), shape.features());
        toOutput.forward(hTop, y);
        return y;
    }

    private static void dropoutMask(INDArray mask, Dropout d) {
        double keep = 1.0 - d.rate();
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, keep), d.random());
        mask.muli(1.0 / keep);
    }
}
