package dev.seqae.model.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One LSTM layer whose forward and backward passes are composed of large ND4J operations.
 *
 * <p>Gate order in the {@code 4H} columns is input, forget, output, cell candidate. The caller
 * writes the input projection (plus bias) of every time step into {@link Cache#act} (the
 * pre-activations, interleaved {@code [rows, 4H]}) with one matrix product; the layer then adds
 * the recurrent product step by step. Gate <em>activations</em> are written gate-major into
 * {@link Cache#gates} ({@code [4 · rows, H]}: all input gates, then all forget gates, …), because
 * ND4J's element-wise operations are ~30x slower on strided views than on contiguous blocks: this
 * way every element-wise operation but the four activations reads and writes contiguous memory,
 * and the backward pass precomputes its gate factors for all steps with a few large contiguous
 * operations. Backward through time then does, per step, a few element-wise operations on
 * {@code [batch, H]} blocks and one recurrent matrix product; the recurrent weight and bias
 * gradients of all steps are single products at the end.
 *
 * <p>Arrays are time-major: row {@code t * batch + b} holds step {@code t} of sequence {@code b}.
 */
final class LstmLayer {
    final int nIn;
    final int nH;
    /** Input weights {@code [nIn, 4H]} (for a decoder's first layer: the latent part). */
    final ParamSpace.Slot wx;
    /** Recurrent weights {@code [H, 4H]}. */
    final ParamSpace.Slot wr;
    /** Bias {@code [1, 4H]}. */
    final ParamSpace.Slot bias;

    LstmLayer(ParamSpace space, int nIn, int nH) {
        this.nIn = nIn;
        this.nH = nH;
        this.wx = space.take(nIn, 4L * nH, true);
        this.wr = space.take(nH, 4L * nH, true);
        this.bias = space.take(1, 4L * nH, false);
    }

    static long paramCount(int nIn, int nH) {
        return (long) nIn * 4 * nH + (long) nH * 4 * nH + 4L * nH;
    }

    /** Runs the recurrence; {@code k.act} holds the input projections on entry, pre-activations on exit. */
    void forward(Cache k) {
        for (int t = 0; t < k.steps; t++) {
            Step s = k.step[t];
            if (t > 0) {
                Views.gemm(k.step[t - 1].h, wr.value(), s.act, false, false, 1.0);
            }
            cell(k, t);
        }
    }

    /** The cell update of step {@code t}, whose pre-activations (input and recurrent parts) are in its {@code act}. */
    static void cell(Cache k, int t) {
        activate(k.step[t]);
        for (Runnable op : k.cellOps[t]) {
            op.run();
        }
    }

    private static void activate(Step s) {
        Nd4j.exec(new Sigmoid(s.preI, s.i));
        Nd4j.exec(new Sigmoid(s.preF, s.f));
        Nd4j.exec(new Sigmoid(s.preO, s.o));
        Nd4j.exec(new Tanh(s.preG, s.g));
    }

    /** The element-wise cell update of step {@code s}: prepared ops, and tanh(c) (a legacy op) between them. */
    private static Runnable[] cellOps(Step s, INDArray cPrev, INDArray scratch) {
        Runnable tanhC = () -> Nd4j.exec(new Tanh(s.c, s.tc));
        PreparedOp h = PreparedOp.mul(s.o, s.tc, s.h);
        if (cPrev == null) {
            return new Runnable[] {PreparedOp.mul(s.i, s.g, s.c)::run, tanhC, h::run};
        }
        return new Runnable[] {PreparedOp.mul(s.f, cPrev, s.c)::run, PreparedOp.mul(s.i, s.g, scratch)::run,
            PreparedOp.add(s.c, scratch, s.c)::run, tanhC, h::run};
    }

    /**
     * Backward through time. On entry {@code k.dH} holds the loss gradient with respect to every
     * output {@code h_t}; on exit {@code k.dA} holds the gradient with respect to the gate
     * pre-activations, and the recurrent weight and bias gradients are set. The caller derives the
     * input-weight gradient ({@code Xᵀ·dA}) and the input gradient ({@code dA·Wxᵀ}).
     */
    void backward(Cache k) {
        int T = k.steps;
        long rows = (long) T * k.batch;
        long h = nH;
        // Factors that do not depend on the recurrence, for all steps at once (contiguous blocks).
        INDArray ifo = Views.rows(k.gates, 0, 3 * rows);
        INDArray pIfo = Views.rows(k.p, 0, 3 * rows);
        ifo.muli(ifo, pIfo);
        ifo.subi(pIfo, pIfo);                                        // s(1-s) for i, f, o
        INDArray iAll = Views.rows(k.gates, 0, rows);
        INDArray oAll = Views.rows(k.gates, 2 * rows, rows);
        INDArray gAll = Views.rows(k.gates, 3 * rows, rows);
        Views.rows(k.p, 0, rows).muli(gAll);                         // P_i = g i(1-i)
        Views.rows(k.p, 2 * rows, rows).muli(k.tc);                  // P_o = tanh(c) o(1-o)
        if (T > 1) {                                                 // P_f = c_{t-1} f(1-f)
            Views.rows(k.p, rows + k.batch, rows - k.batch).muli(Views.rows(k.c, 0, rows - k.batch));
        }
        Views.rows(k.p, rows, k.batch).assign(0);
        INDArray pG = Views.rows(k.p, 3 * rows, rows);               // P_g = i (1-g^2)
        gAll.muli(gAll, pG);
        pG.rsubi(1.0);
        pG.muli(iAll);
        k.tc.muli(k.tc, k.q);                                        // Q = o (1-tanh(c)^2)
        k.q.rsubi(1.0);
        k.q.muli(oAll);

        for (int t = T - 1; t >= 0; t--) {
            for (PreparedOp op : k.back[t].ops) {
                op.run();
            }
            if (t > 0) {
                Views.gemm(k.back[t].da, wr.value(), k.back[t - 1].dh, false, true, 1.0);
            }
        }
        if (T > 1) {
            Views.gemm(Views.rows(k.h, 0, rows - k.batch), Views.rows(k.dA, k.batch, rows - k.batch),
                    wr.grad(), true, false, 0.0);
        } else {
            wr.grad().assign(0);
        }
        Views.gemm(k.onesRows, k.dA, bias.grad(), false, false, 0.0);
    }

    /** Views of one time step's pre-activations, gate activations and states. */
    static final class Step {
        final INDArray act;
        final INDArray preI;
        final INDArray preF;
        final INDArray preO;
        final INDArray preG;
        final INDArray i;
        final INDArray f;
        final INDArray o;
        final INDArray g;
        final INDArray c;
        final INDArray tc;
        final INDArray h;

        Step(Cache k, long row, long batch, long nH) {
            long rows = (long) k.steps * k.batch;
            this.act = Views.rows(k.act, row, batch);
            this.preI = Views.block(k.act, row, batch, 0, nH);
            this.preF = Views.block(k.act, row, batch, nH, nH);
            this.preO = Views.block(k.act, row, batch, 2 * nH, nH);
            this.preG = Views.block(k.act, row, batch, 3 * nH, nH);
            this.i = Views.rows(k.gates, row, batch);
            this.f = Views.rows(k.gates, rows + row, batch);
            this.o = Views.rows(k.gates, 2 * rows + row, batch);
            this.g = Views.rows(k.gates, 3 * rows + row, batch);
            this.c = Views.rows(k.c, row, batch);
            this.tc = Views.rows(k.tc, row, batch);
            this.h = Views.rows(k.h, row, batch);
        }
    }

    /** Views of one time step's gradients. */
    static final class Back {
        final INDArray dh;
        final INDArray q;
        final INDArray da;
        final INDArray dai;
        final INDArray daf;
        final INDArray dao;
        final INDArray dag;
        final INDArray pi;
        final INDArray pf;
        final INDArray po;
        final INDArray pg;
        /** dc = dh·Q (+ dc of the later step); dA = P·dc (P_o·dh for o); dc of the earlier step = dc·f. */
        PreparedOp[] ops;

        Back(Cache k, long row, long batch, long nH) {
            this.dh = Views.rows(k.dH, row, batch);
            this.q = Views.rows(k.q, row, batch);
            this.da = Views.rows(k.dA, row, batch);
            this.dai = Views.block(k.dA, row, batch, 0, nH);
            this.daf = Views.block(k.dA, row, batch, nH, nH);
            this.dao = Views.block(k.dA, row, batch, 2 * nH, nH);
            this.dag = Views.block(k.dA, row, batch, 3 * nH, nH);
            long rows = (long) k.steps * k.batch;
            this.pi = Views.rows(k.p, row, batch);
            this.pf = Views.rows(k.p, rows + row, batch);
            this.po = Views.rows(k.p, 2 * rows + row, batch);
            this.pg = Views.rows(k.p, 3 * rows + row, batch);
        }
    }

    /**
     * Buffers of one layer for one {@code (steps, batch)} shape, with every per-step view made
     * once. Reused across minibatches of the same shape; never shared between threads.
     */
    static final class Cache {
        final int steps;
        final int batch;
        /** Pre-activations {@code [rows, 4H]}, interleaved per row. */
        final INDArray act;
        /** Gate activations, gate-major {@code [4 · rows, H]}: i, f, o, g blocks of {@code rows} rows. */
        final INDArray gates;
        final INDArray c;
        final INDArray tc;
        final INDArray h;
        final INDArray scratch;
        final Step[] step;
        final Runnable[][] cellOps;
        // backward only (null in inference caches)
        final INDArray p;
        final INDArray q;
        final INDArray dA;
        final INDArray dH;
        final INDArray dc;
        final INDArray dcNext;
        final INDArray onesRows;
        final Back[] back;

        Cache(LstmLayer layer, int steps, int batch, boolean training) {
            this.steps = steps;
            this.batch = batch;
            long rows = (long) steps * batch;
            long h4 = 4L * layer.nH;
            var dt = layer.wr.value().dataType();
            this.act = Nd4j.create(dt, rows, h4);
            this.gates = Nd4j.create(dt, 4 * rows, layer.nH);
            this.c = Nd4j.create(dt, rows, layer.nH);
            this.tc = Nd4j.create(dt, rows, layer.nH);
            this.h = Nd4j.create(dt, rows, layer.nH);
            this.scratch = Nd4j.create(dt, batch, layer.nH);
            this.step = new Step[steps];
            this.cellOps = new Runnable[steps][];
            for (int t = 0; t < steps; t++) {
                step[t] = new Step(this, (long) t * batch, batch, layer.nH);
                cellOps[t] = cellOps(step[t], t > 0 ? step[t - 1].c : null, scratch);
            }
            if (training) {
                this.p = Nd4j.create(dt, 4 * rows, layer.nH);
                this.q = Nd4j.create(dt, rows, layer.nH);
                this.dA = Nd4j.create(dt, rows, h4);
                this.dH = Nd4j.create(dt, rows, layer.nH);
                this.dc = Nd4j.create(dt, batch, layer.nH);
                this.dcNext = Nd4j.create(dt, batch, layer.nH);
                this.onesRows = Nd4j.ones(dt, 1, rows);
                this.back = new Back[steps];
                for (int t = 0; t < steps; t++) {
                    Back b = new Back(this, (long) t * batch, batch, layer.nH);
                    java.util.List<PreparedOp> ops = new java.util.ArrayList<>();
                    ops.add(PreparedOp.mul(b.dh, b.q, dc));
                    if (t < steps - 1) {
                        ops.add(PreparedOp.add(dc, dcNext, dc));
                    }
                    ops.add(PreparedOp.mul(b.pi, dc, b.dai));
                    ops.add(PreparedOp.mul(b.pf, dc, b.daf));
                    ops.add(PreparedOp.mul(b.pg, dc, b.dag));
                    ops.add(PreparedOp.mul(b.po, b.dh, b.dao));
                    if (t > 0) {
                        ops.add(PreparedOp.mul(dc, step[t].f, dcNext));
                    }
                    b.ops = ops.toArray(PreparedOp[]::new);
                    back[t] = b;
                }
            } else {
                this.p = null;
                this.q = null;
                this.dA = null;
                this.dH = null;
                this.dc = null;
                this.dcNext = null;
                this.onesRows = null;
                this.back = null;
            }
        }
    }
}
