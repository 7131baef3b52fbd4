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
 * state mapped to a latent vector (by a dense layer, or as it is when the shape has no bottleneck), a decoder (RepeatVector: the latent vector at every step; or
 * conditional: the latent vector plus the previous target step), and a per-step output layer.
 *
 * <p>All parameters live in one flat vector ({@link #params()}) with a gradient vector of the same
 * layout ({@link #grads()}). Forward and backward passes are hand-written over ND4J operations
 * (see {@link LstmLayer}); nothing here is shared between threads except the parameters, which
 * inference only reads.
 */
public final class AutoencoderNetwork {
    private final NetworkShape shape;
    private final ParamSpace space;
    private final LstmLayer[] encoder;
    private final DenseLayer toLatent;
    private final LstmLayer[] decoder;
    private final ParamSpace.Slot decoderPrevious;
    private final DenseLayer toOutput;

    public AutoencoderNetwork(NetworkShape shape, DataType dataType) {
        this(shape, new ParamSpace(paramCount(shape), dataType));
    }

    private AutoencoderNetwork(NetworkShape shape, ParamSpace space) {
        this.shape = shape;
        this.space = space;
        this.encoder = new LstmLayer[shape.encoder().length];
        int in = shape.features();
        for (int k = 0; k < encoder.length; k++) {
            encoder[k] = new LstmLayer(space, in, shape.encoder()[k]);
            in = shape.encoder()[k];
        }
        this.toLatent = shape.bottleneck() ? new DenseLayer(space, in, shape.latent()) : null;
        this.decoder = new LstmLayer[shape.decoder().length];
        in = shape.latentWidth();
        for (int k = 0; k < decoder.length; k++) {
            decoder[k] = new LstmLayer(space, in, shape.decoder()[k]);
            in = shape.decoder()[k];
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
            n += LstmLayer.paramCount(in, h);
            in = h;
        }
        if (s.bottleneck()) {
            n += DenseLayer.paramCount(in, s.latent());
        }
        in = s.latentWidth();
        for (int h : s.decoder()) {
            n += LstmLayer.paramCount(in, h);
            in = h;
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
        for (LstmLayer l : encoder) {
            initLstm(l, rnd);
        }
        if (toLatent != null) {
            initUniform(toLatent.w.value(), toLatent.nIn, rnd);
            initUniform(toLatent.b.value(), toLatent.nIn, rnd);
        }
        for (LstmLayer l : decoder) {
            initLstm(l, rnd);
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

    /** Buffers for one {@code (steps, batch)} shape; {@code training} adds the backward buffers. */
    LstmLayer[] encoderLayers() {
        return encoder;
    }

    LstmLayer[] decoderLayers() {
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

    public Buffers buffers(int steps, int batch, boolean training) {
        return new Buffers(this, steps, batch, training);
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

        LstmLayer.Cache d0 = k.dec[0];
        if (decoderPrevious != null) {
            Views.gemm(b.previousTarget(), decoderPrevious.value(), d0.act, false, false, 0.0);
        } else {
            d0.act.assign(0);
        }
        projectLatent(k);
        decoder[0].forward(d0, k.zProjection);
        for (int j = 1; j < decoder.length; j++) {
            LstmLayer.Cache c = k.dec[j];
            Views.gemm(k.dec[j - 1].h, decoder[j].wx.value(), c.act, false, false, 0.0);
            decoder[j].forward(c, decoder[j].bias.value());
        }
        INDArray top = k.dec[decoder.length - 1].h;
        if (drop) {
            dropoutMask(k.maskOutput, dropout);
            top.muli(k.maskOutput, k.hTopDropped);
            top = k.hTopDropped;
        }
        k.outputInput = top;
        toOutput.forward(top, k.y);
    }

    /** The latent vector of the encoder's last hidden state: the dense bottleneck, or the state itself. */
    private void toLatent(INDArray hLast, INDArray z) {
        if (toLatent != null) {
            toLatent.forward(hLast, z);
        } else {
            z.assign(hLast);
        }
    }

    /** The decoder's first-layer input from the latent vector, once for all steps: {@code z·Wx + b}. */
    private void projectLatent(Buffers k) {
        Views.gemm(k.z, decoder[0].wx.value(), k.zProjection, false, false, 0.0);
        k.zProjection.addiRowVector(decoder[0].bias.value());
    }

    /** Encoder LSTMs over the batch; leaves each sequence's last real hidden state in {@code k.hLast}. */
    private void encode(SequenceBatch b, Buffers k) {
        INDArray input = b.input();
        for (int j = 0; j < encoder.length; j++) {
            LstmLayer.Cache c = k.enc[j];
            Views.gemm(input, encoder[j].wx.value(), c.act, false, false, 0.0);
            encoder[j].forward(c, encoder[j].bias.value());
            input = c.h;
        }
        gatherLast(k.enc[encoder.length - 1].h, b, k.hLast);
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

        LstmLayer.Cache top = k.dec[decoder.length - 1];
        toOutput.backward(k.outputInput, k.dy, top.onesRows, top.dH);
        if (drop) {
            top.dH.muli(k.maskOutput);
        }
        for (int j = decoder.length - 1; j >= 0; j--) {
            LstmLayer.Cache c = k.dec[j];
            decoder[j].backward(c);
            if (j > 0) {
                Views.gemm(k.dec[j - 1].h, c.dA, decoder[j].wx.grad(), true, false, 0.0);
                Views.gemm(c.dA, decoder[j].wx.value(), k.dec[j - 1].dH, false, true, 0.0);
            }
        }
        LstmLayer.Cache d0 = k.dec[0];
        Views.gemm(k.z, d0.dAddend, decoder[0].wx.grad(), true, false, 0.0);
        if (decoderPrevious != null) {
            Views.gemm(b.previousTarget(), d0.dA, decoderPrevious.grad(), true, false, 0.0);
        }
        Views.gemm(d0.dAddend, decoder[0].wx.value(), k.dz, false, true, 0.0);
        if (toLatent != null) {
            toLatent.backward(drop ? k.hLastDropped : k.hLast, k.dz, k.onesBatch, k.dhLast);
        } else {
            k.dhLast.assign(k.dz);
        }
        if (drop) {
            k.dhLast.muli(k.maskLatent);
        }
        scatterLast(k.dhLast, b, k.enc[encoder.length - 1].dH);
        for (int j = encoder.length - 1; j >= 0; j--) {
            LstmLayer.Cache c = k.enc[j];
            encoder[j].backward(c);
            INDArray in = j == 0 ? b.input() : k.enc[j - 1].h;
            Views.gemm(in, c.dA, encoder[j].wx.grad(), true, false, 0.0);
            if (j > 0) {
                Views.gemm(c.dA, encoder[j].wx.value(), k.enc[j - 1].dH, false, true, 0.0);
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
        if (b.mask() != null) {
            diff.muliColumnVector(b.mask());
        }
        double norm = diff.norm2Number().doubleValue();
        return norm * norm / ((double) b.validSteps() * b.features());
    }

    private double lossAndOutputGradient(SequenceBatch b, Buffers k) {
        k.y.subi(b.target(), k.dy);
        if (b.mask() != null) {
            k.dy.muliColumnVector(b.mask());
        }
        double n = (double) b.validSteps() * b.features();
        double norm = k.dy.norm2Number().doubleValue();
        k.dy.muli(2.0 / n);
        return norm * norm / n;
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
        k.dec[0].kernel.setAddend(k.zProjection);
        for (int j = 1; j < decoder.length; j++) {
            k.dec[j].kernel.setAddend(decoder[j].bias.value());
        }
        long batch = b.size();
        for (int t = 0; t < b.steps(); t++) {
            for (int j = 0; j < decoder.length; j++) {
                LstmLayer.Cache c = k.dec[j];
                LstmLayer.Step s = c.step[t];
                if (j == 0) {
                    s.act.assign(0);
                    if (t > 0) {
                        Views.gemm(Views.rows(k.y, (t - 1) * batch, batch), decoderPrevious.value(), s.act,
                                false, false, 1.0);
                    }
                } else {
                    Views.gemm(k.dec[j - 1].step[t].h, decoder[j].wx.value(), s.act, false, false, 0.0);
                }
                if (t > 0) {
                    s.recurrent.run();
                }
                LstmLayer.cell(c, t);
            }
            toOutput.forward(k.dec[decoder.length - 1].step[t].h, Views.rows(k.y, t * batch, batch));
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
        if (shape.conditional() && b.previousTarget() == null) {
            throw new IllegalArgumentException("the conditional decoder needs the previous-target input");
        }
    }

    /** A fused-op forward pass over a copy of the current weights (see {@link FusedForward}). */
    public FusedForward fused() {
        return new FusedForward(this, encoder, decoder, decoderPrevious);
    }

    INDArray latentOf(INDArray hLast) {
        INDArray z = Nd4j.create(hLast.dataType(), hLast.size(0), shape.latentWidth());
        toLatent(hLast, z);
        return z;
    }

    INDArray outputOf(INDArray hTop) {
        INDArray y = Nd4j.create(hTop.dataType(), hTop.size(0), shape.features());
        toOutput.forward(hTop, y);
        return y;
    }

    /** Each sequence's last real step of {@code h} ({@code [steps * batch, H]}) into {@code out}. */
    static void gatherLast(INDArray h, SequenceBatch b, INDArray out) {
        int batch = b.size();
        if (b.mask() == null) {
            out.assign(Views.rows(h, (long) (b.steps() - 1) * batch, batch));
            return;
        }
        for (int i = 0; i < batch; i++) {
            Views.rows(out, i, 1).assign(Views.rows(h, (long) (b.lengths()[i] - 1) * batch + i, 1));
        }
    }

    private static void scatterLast(INDArray dLast, SequenceBatch b, INDArray dH) {
        int batch = b.size();
        dH.assign(0);
        if (b.mask() == null) {
            Views.rows(dH, (long) (b.steps() - 1) * batch, batch).assign(dLast);
            return;
        }
        for (int i = 0; i < batch; i++) {
            Views.rows(dH, (long) (b.lengths()[i] - 1) * batch + i, 1).assign(Views.rows(dLast, i, 1));
        }
    }

    private static void dropoutMask(INDArray mask, Dropout d) {
        double keep = 1.0 - d.rate();
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, keep), d.random());
        mask.muli(1.0 / keep);
    }
}
