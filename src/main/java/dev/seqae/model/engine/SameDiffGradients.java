package dev.seqae.model.engine;

import dev.seqae.data.SequenceBatch;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference gradient path: the same network built as a SameDiff graph from ND4J's
 * {@code lstmLayer} op, differentiated automatically ({@code lstmLayer_bp}). Slow (that op's
 * backward has no oneDNN kernel) but independent of the hand-written backward pass, which the
 * tests compare with it. Fills {@link AutoencoderNetwork#grads()} like
 * {@link AutoencoderNetwork#lossAndGradient}; no dropout. One graph per batch shape, cached; not
 * thread-safe.
 */
public final class SameDiffGradients {
    private final AutoencoderNetwork net;
    private final Map<Long, Graph> graphs = new HashMap<>();

    public SameDiffGradients(AutoencoderNetwork net) {
        if (net.shape().heads()) {
            throw new IllegalArgumentException("the SameDiff reference engine has no prediction heads; train them "
                    + "with the fast engine");
        }
        this.net = net;
    }

    /** A weight of the graph and the slot (with its gate-layout flag) it mirrors. */
    private record Mirror(String name, ParamSpace.Slot slot, boolean gates, boolean vector) {
    }

    private record Graph(SameDiff sd, List<Mirror> mirrors, String loss) {
    }

    /** Loss of the batch; the gradient of the masked mean squared error (plus {@code l2 · W}) in {@code grads()}. */
    public double lossAndGradient(SequenceBatch b, double l2) {
        Graph g = graphs.computeIfAbsent(((long) b.steps() << 32) | b.size(), k -> build(b.steps(), b.size()));
        for (Mirror m : g.mirrors()) {
            INDArray v = m.gates() ? Views.swapLastTwoGates(m.slot().value()) : m.slot().value().dup();
            g.sd().getVariable(m.name()).setArray(m.vector() ? v.reshape(v.length()) : v);
        }
        Map<String, INDArray> feed = feed(b);
        double loss = g.sd().output(feed, g.loss()).get(g.loss()).getDouble(0);
        List<String> names = g.mirrors().stream().map(Mirror::name).toList();
        Map<String, INDArray> grads = g.sd().calculateGradients(feed, names);
        for (Mirror m : g.mirrors()) {
            INDArray d = grads.get(m.name()).reshape(m.slot().grad().shape());
            m.slot().grad().assign(m.gates() ? Views.swapLastTwoGates(d) : d);
        }
        if (l2 > 0) {
            net.grads().addi(net.params().mul(net.decayMask()).muli(l2));
        }
        return loss;
    }

    private Map<String, INDArray> feed(SequenceBatch b) {
        int t = b.steps();
        int n = b.size();
        int f = b.features();
        Map<String, INDArray> feed = new LinkedHashMap<>();
        feed.put("x", b.input().reshape(t, n, f));
        feed.put("target", b.target());
        // per-element loss weights: the mask over real steps divided by their count (masked mean)
        INDArray weights = Nd4j.ones(b.input().dataType(), (long) t * n, f);
        if (b.mask() != null) {
            weights.muliColumnVector(b.mask());
        }
        feed.put("weights", weights.divi((double) b.validSteps() * f));
        // one-hot rows picking each sequence's last real step out of the [steps * batch, H] outputs
        INDArray select = Nd4j.zeros(b.input().dataType(), n, (long) t * n);
        for (int i = 0; i < n; i++) {
            select.putScalar(i, (long) (b.lengths()[i] - 1) * n + i, 1.0);
        }
        feed.put("select", select);
        if (b.previousTarget() != null) {
            feed.put("prev", b.previousTarget().reshape(t, n, f));
        }
        if (net.shape().bidirectional()) {
            INDArray first = Nd4j.zeros(b.input().dataType(), n, (long) t * n);
            for (int i = 0; i < n; i++) {
                first.putScalar(i, i, 1.0);
            }
            feed.put("selectFirst", first);
            feed.put("lengths", Nd4j.createFromArray(b.lengths()));
        }
        return feed;
    }

    private Graph build(int steps, int batch) {
        NetworkShape s = net.shape();
        DataType dt = net.params().dataType();
        SameDiff sd = SameDiff.create();
        List<Mirror> mirrors = new ArrayList<>();
        SDVariable x = sd.placeHolder("x", dt, steps, batch, s.features());
        SDVariable target = sd.placeHolder("target", dt, (long) steps * batch, s.features());
        SDVariable weights = sd.placeHolder("weights", dt, (long) steps * batch, s.features());
        SDVariable select = sd.placeHolder("select", dt, batch, (long) steps * batch);
        SDVariable lengths = s.bidirectional() ? sd.placeHolder("lengths", DataType.INT, batch) : null;
        SDVariable h = x;
        LstmLevel[] enc = net.encoderLevels();
        for (int j = 0; j < enc.length; j++) {
            h = lstm(sd, mirrors, "e" + j, h, enc[j], null, lengths);
        }
        SDVariable top = h.reshape((long) steps * batch, s.encoderWidth());
        SDVariable hLast;
        if (s.bidirectional()) {
            // the forward half at the last real step beside the backward half at step 0
            int hh = s.encoderTop();
            INDArray forwardHalf = Nd4j.zeros(dt, 2L * hh, hh);
            INDArray backwardHalf = Nd4j.zeros(dt, 2L * hh, hh);
            for (int i = 0; i < hh; i++) {
                forwardHalf.putScalar(i, i, 1.0);
                backwardHalf.putScalar(hh + i, i, 1.0);
            }
            SDVariable first = sd.placeHolder("selectFirst", dt, batch, (long) steps * batch);
            hLast = sd.concat(1, select.mmul(top).mmul(sd.constant("fwdHalf", forwardHalf)),
                    first.mmul(top).mmul(sd.constant("bwdHalf", backwardHalf)));
        } else {
            hLast = select.mmul(top);
        }
        SDVariable z = !s.bottleneck() ? hLast
                : hLast.mmul(dense(sd, mirrors, "lw", net.latentLayer().w, false))
                        .add(dense(sd, mirrors, "lb", net.latentLayer().b, false));
        SDVariable in = sd.expandDims(z, 0).add(sd.zero("zeros", dt, steps, 1, s.latentWidth()));
        SDVariable previous = null;
        if (s.conditional()) {
            in = sd.concat(2, in, sd.placeHolder("prev", dt, steps, batch, s.features()));
            previous = dense(sd, mirrors, "dwy", net.previousStepWeights(), true);
        }
        LstmLevel[] dec = net.decoderLevels();
        for (int j = 0; j < dec.length; j++) {
            in = lstm(sd, mirrors, "d" + j, in, dec[j], j == 0 ? previous : null, lengths);
        }
        SDVariable y = in.reshape((long) steps * batch, s.decoderWidth())
                .mmul(dense(sd, mirrors, "ow", net.outputLayer().w, false))
                .add(dense(sd, mirrors, "ob", net.outputLayer().b, false));
        SDVariable loss = sd.math().squaredDifference(y, target).mul(weights).sum();
        sd.setLossVariables(loss);
        // SameDiff prints one line per differentiated op to System.out while it builds the gradient
        // graph; stdout carries seqae's CSV and JSON output, so send those lines to stderr.
        PrintStream out = System.out;
        System.setOut(System.err);
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(out);
        }
        return new Graph(sd, mirrors, loss.name());
    }

    private static SDVariable dense(SameDiff sd, List<Mirror> mirrors, String name, ParamSpace.Slot slot,
                                    boolean gates) {
        mirrors.add(new Mirror(name, slot, gates, false));
        return sd.var(name, slot.value().dup());
    }

    /**
     * One LSTM level; {@code extraInput} (the conditional decoder's previous-step weights) is stacked
     * under Wx. A bidirectional level's backward direction is built independently of the engine's
     * reversed recurrence: each sequence's real steps reversed ({@code reverse_sequence} with the
     * lengths), a forward LSTM over them, its outputs reversed back (the op's own two-way mode
     * agrees unpadded, but its gradient with sequence lengths disagrees with finite differences).
     */
    private static SDVariable lstm(SameDiff sd, List<Mirror> mirrors, String name, SDVariable input, LstmLevel level,
                                   SDVariable extraInput, SDVariable lengths) {
        SDVariable forward = oneWay(sd, mirrors, name, input, level.dirs[0], extraInput);
        if (level.dirs.length == 1) {
            return forward;
        }
        SDVariable backward = oneWay(sd, mirrors, name + "r", sd.reverseSequence(input, lengths, 0, 1),
                level.dirs[1], null);
        return sd.concat(2, forward, sd.reverseSequence(backward, lengths, 0, 1));
    }

    private static SDVariable oneWay(SameDiff sd, List<Mirror> mirrors, String name, SDVariable input, LstmLayer l,
                                     SDVariable extraInput) {
        SDVariable wx = sd.var(name + "wx", Views.swapLastTwoGates(l.wx.value()));
        mirrors.add(new Mirror(name + "wx", l.wx, true, false));
        SDVariable wr = sd.var(name + "wr", Views.swapLastTwoGates(l.wr.value()));
        mirrors.add(new Mirror(name + "wr", l.wr, true, false));
        SDVariable bias = sd.var(name + "b", Views.swapLastTwoGates(l.bias.value()).reshape(4L * l.nH));
        mirrors.add(new Mirror(name + "b", l.bias, true, true));
        if (extraInput != null) {
            wx = sd.concat(0, wx, extraInput);
        }
        LSTMLayerConfig config = LSTMLayerConfig.builder().lstmdataformat(LSTMDataFormat.TNS)
                .directionMode(LSTMDirectionMode.FWD).gateAct(LSTMActivations.SIGMOID)
                .cellAct(LSTMActivations.TANH).outAct(LSTMActivations.TANH)
                .retFullSequence(true).retLastH(true).retLastC(true).cellClip(0).build();
        return sd.rnn().lstmLayer(input, LSTMLayerWeights.builder().weights(wx).rWeights(wr).bias(bias).build(),
                config)[0];
    }
}
