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
 * <p>Padding needs no sequence lengths (which would turn oneDNN off): the LSTM is causal, so
 * padded steps after a sequence's end cannot change its real steps, and the latent vector is
 * read at each sequence's last real step.
 */
public final class FusedForward {
    private static final int TNS = 0;
    private static final int FORWARD = 0;
    private static final int TANH = 0;
    private static final int SIGMOID = 2;

    private final AutoencoderNetwork net;
    private final Layer[] encoder;
    private final Layer[] decoder;

    private record Layer(INDArray wx, INDArray wr, INDArray bias, int nH) {
    }

    FusedForward(AutoencoderNetwork net, LstmLayer[] enc, LstmLayer[] dec, ParamSpace.Slot decoderPrevious) {
        this.net = net;
        this.encoder = new Layer[enc.length];
        for (int j = 0; j < enc.length; j++) {
            encoder[j] = layer(enc[j], enc[j].wx.value());
        }
        this.decoder = new Layer[dec.length];
        for (int j = 0; j < dec.length; j++) {
            INDArray wx = dec[j].wx.value();
            if (j == 0 && decoderPrevious != null) {
                wx = Nd4j.vstack(wx, decoderPrevious.value());   // input = [latent, previous step]
            }
            decoder[j] = layer(dec[j], wx);
        }
    }

    private static Layer layer(LstmLayer l, INDArray wx) {
        return new Layer(Views.swapLastTwoGates(wx), Views.swapLastTwoGates(l.wr.value()),
                Views.swapLastTwoGates(l.bias.value()).reshape(4L * l.nH), l.nH);
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
        INDArray x = keep(scratch, b.input().reshape(steps, batch, s.features()));
        for (Layer l : encoder) {
            x = run(x, l, steps, batch, scratch);
        }
        INDArray hLast = keep(scratch, Nd4j.create(x.dataType(), batch, s.encoderTop()));
        AutoencoderNetwork.gatherLast(x.reshape((long) steps * batch, s.encoderTop()), b, hLast);
        INDArray z = keep(scratch, net.latentOf(hLast));
        INDArray repeated = keep(scratch, Nd4j.create(z.dataType(), steps, (long) batch * s.latentWidth()));
        repeated.addiRowVector(z.reshape(1, (long) batch * s.latentWidth()));
        x = repeated.reshape(steps, batch, s.latentWidth());
        if (s.conditional()) {
            x = keep(scratch, Nd4j.concat(2, x, b.previousTarget().reshape(steps, batch, s.features())));
        }
        for (Layer l : decoder) {
            x = run(x, l, steps, batch, scratch);
        }
        INDArray y = keep(scratch, net.outputOf(x.reshape((long) steps * batch, s.decoderTop())));
        return new INDArray[] {y, z};
    }

    private static INDArray keep(List<INDArray> scratch, INDArray a) {
        scratch.add(a);   // a view is kept too: closing one does nothing
        return a;
    }

    private static INDArray run(INDArray x, Layer l, int steps, int batch, List<INDArray> scratch) {
        INDArray full = keep(scratch, Nd4j.create(x.dataType(), steps, batch, l.nH()));
        INDArray lastH = keep(scratch, Nd4j.create(x.dataType(), batch, l.nH()));
        INDArray lastC = keep(scratch, Nd4j.create(x.dataType(), batch, l.nH()));
        // iArgs: layout, direction, gate, output and cell activations (the last two equal);
        // bArgs: bias, lengths, initial h, initial c, peepholes, full sequence, last h, last c.
        // All three outputs are requested: oneDNN needs that.
        Nd4j.exec(DynamicCustomOp.builder("lstmLayer")
                .addInputs(x, l.wx(), l.wr(), l.bias())
                .addOutputs(full, lastH, lastC)
                .addIntegerArguments(TNS, FORWARD, SIGMOID, TANH, TANH)
                .addFloatingPointArguments(0.0)
                .addBooleanArguments(true, false, false, false, false, true, true, true)
                .build());
        return full;
    }
}
