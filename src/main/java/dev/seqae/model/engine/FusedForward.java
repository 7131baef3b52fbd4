package dev.seqae.model.engine;

import dev.seqae.data.SequenceBatch;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inference forward pass on ND4J's fused {@code lstmLayer} op (one native call per layer,
 * run by oneDNN for float32), numerically the same network as {@link AutoencoderNetwork#forward}
 * (checked by {@code FusedForwardTest}). Holds copies of the weights in the op's layout (gate
 * order input, forget, cell, output), so make one after training and keep it while the weights
 * stay the same. Immutable; safe to share between threads.
 *
 * <p>Padding needs no sequence lengths (which would turn oneDNN off) in a one-way network: the
 * LSTM is causal, so padded steps after a sequence's end cannot change its real steps, and the
 * latent vector is read at each sequence's last real step. A bidirectional level runs the op in
 * its concatenating two-way mode, and over a padded batch is given the lengths, so that its
 * backward direction starts at each sequence's last real step.
 */
public final class FusedForward {
    private static final int TNS = 0;
    private static final int FORWARD = 0;
    private static final int BIDIRECTIONAL_CONCAT = 3;
    private static final int TANH = 0;
    private static final int SIGMOID = 2;

    private final AutoencoderNetwork net;
    private final Layer[] encoder;
    private final Layer[] decoder;

    /** One level's weights in the op's layout; bidirectional: stacked {@code [2, ...]}, forward first. */
    private record Layer(INDArray wx, INDArray wr, INDArray bias, int nH, boolean bidirectional) {
        int width() {
            return bidirectional ? 2 * nH : nH;
        }
    }

    FusedForward(AutoencoderNetwork net, LstmLevel[] enc, LstmLevel[] dec, ParamSpace.Slot decoderPrevious) {
        this.net = net;
        this.encoder = new Layer[enc.length];
        for (int j = 0; j < enc.length; j++) {
            encoder[j] = layer(enc[j], null);
        }
        this.decoder = new Layer[dec.length];
        for (int j = 0; j < dec.length; j++) {
            decoder[j] = layer(dec[j], j == 0 ? decoderPrevious : null);
        }
    }

    /** {@code extraInput} (the conditional decoder's previous-step weights, one-way only) is stacked under Wx. */
    private static Layer layer(LstmLevel level, ParamSpace.Slot extraInput) {
        LstmLayer[] dirs = level.dirs;
        INDArray[] wx = new INDArray[dirs.length];
        INDArray[] wr = new INDArray[dirs.length];
        INDArray[] bias = new INDArray[dirs.length];
        for (int d = 0; d < dirs.length; d++) {
            INDArray w = dirs[d].wx.value();
            if (extraInput != null) {
                w = Nd4j.vstack(w, extraInput.value());   // input = [latent, previous step]
            }
            wx[d] = Views.swapLastTwoGates(w);
            wr[d] = Views.swapLastTwoGates(dirs[d].wr.value());
            bias[d] = Views.swapLastTwoGates(dirs[d].bias.value()).reshape(4L * level.nH);
        }
        if (dirs.length == 1) {
            return new Layer(wx[0], wr[0], bias[0], level.nH, false);
        }
        return new Layer(Nd4j.stack(0, wx), Nd4j.stack(0, wr), Nd4j.stack(0, bias), level.nH, true);
    }

    /**
     * The reconstruction {@code [steps * batch, features]} and latent vectors {@code [batch, latent]}
     * (teacher-forced for the conditional decoder). Every array the pass allocates, the two answers
     * included, is added to {@code scratch}: the caller copies what it needs and then closes them,
     * so that their native memory is freed at once instead of when the garbage collector finds
     * the arrays (which, for arrays promoted to the old generation, can take minutes while the
     * process grows).
     */
    public INDArray[] forward(SequenceBatch b, List<INDArray> scratch) {
        int steps = b.steps();
        int batch = b.size();
        var s = net.shape();
        int encSteps = s.encoderSteps(steps);
        INDArray in = net.encoderInput(b);
        // with heads the encoder reads a row range of the input: copied, the op takes whole arrays
        INDArray x = keep(scratch, (s.heads() ? keep(scratch, in.dup()) : in).reshape(encSteps, batch, s.features()));
        INDArray lengths = s.bidirectional() && b.mask() != null
                ? keep(scratch, Nd4j.createFromArray(b.lengths()).castTo(x.dataType())) : null;
        for (Layer l : encoder) {
            x = run(x, l, encSteps, batch, lengths, scratch);
        }
        INDArray hLast = keep(scratch, Nd4j.create(x.dataType(), batch, s.encoderWidth()));
        INDArray top = x.reshape((long) encSteps * batch, s.encoderWidth());
        AutoencoderNetwork.summarize(b, encSteps, hLast, top, 0, s.bidirectional() ? top : null, s.encoderTop(),
                s.encoderTop());
        INDArray z = keep(scratch, net.latentOf(hLast));
        INDArray repeated = keep(scratch, Nd4j.create(z.dataType(), steps, (long) batch * s.latentWidth()));
        repeated.addiRowVector(z.reshape(1, (long) batch * s.latentWidth()));
        x = repeated.reshape(steps, batch, s.latentWidth());
        if (s.conditional()) {
            x = keep(scratch, Nd4j.concat(2, x, b.previousTarget().reshape(steps, batch, s.features())));
        }
        for (Layer l : decoder) {
            x = run(x, l, steps, batch, lengths, scratch);
        }
        INDArray y = keep(scratch, net.outputOf(x.reshape((long) steps * batch, s.decoderWidth())));
        return new INDArray[] {y, z};
    }

    private static INDArray keep(List<INDArray> scratch, INDArray a) {
        scratch.add(a);   // a view is kept too: closing one does nothing
        return a;
    }

    /** One level; {@code lengths} (bidirectional levels over padded batches, else null) masks the padding. */
    private static INDArray run(INDArray x, Layer l, int steps, int batch, INDArray lengths, List<INDArray> scratch) {
        INDArray full = keep(scratch, Nd4j.create(x.dataType(), steps, batch, l.width()));
        long[] state = l.bidirectional() ? new long[] {2, batch, l.nH()} : new long[] {batch, l.nH()};
        INDArray lastH = keep(scratch, Nd4j.create(x.dataType(), state));
        INDArray lastC = keep(scratch, Nd4j.create(x.dataType(), state));
        boolean masked = l.bidirectional() && lengths != null;
        INDArray[] inputs = masked ? new INDArray[] {x, l.wx(), l.wr(), l.bias(), lengths}
                : new INDArray[] {x, l.wx(), l.wr(), l.bias()};
        var op = DynamicCustomOp.builder("lstmLayer").addInputs(inputs);
        // iArgs: layout, direction, gate, output and cell activations (the last two equal);
        // bArgs: bias, lengths, initial h, initial c, peepholes, full sequence, last h, last c.
        // All three outputs are requested: oneDNN needs that.
        Nd4j.exec(op.addOutputs(full, lastH, lastC)
                .addIntegerArguments(TNS, l.bidirectional() ? BIDIRECTIONAL_CONCAT : FORWARD, SIGMOID, TANH, TANH)
                .addFloatingPointArguments(0.0)
                .addBooleanArguments(true, masked, false, false, false, true, true, true)
                .build());
        return full;
    }
}
