package dev.seqae.model.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SequenceBatch;
import dev.seqae.data.SequenceTensors;
import dev.seqae.data.SyntheticGenerator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
 * The hand-written backward pass against SameDiff's automatic differentiation of the same
 * network (ND4J's {@code lstmLayer} op and its {@code lstmLayer_bp}), in double precision: loss
 * and every parameter's gradient.
 */
class SameDiffReferenceTest {
    private static final int T = 9;
    private static final int B = 4;
    private static final int F = 2;
    private static final int H = 6;
    private static final int Z = 3;

    @ParameterizedTest(name = "conditional={0} reversed={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void gradientsMatchSameDiffAutodiff(boolean conditional, boolean reversed) {
        var net = new AutoencoderNetwork(new NetworkShape(F, new int[] {H}, Z, new int[] {H}, conditional),
                DataType.DOUBLE);
        net.initialize(21);
        SequenceBatch batch = SequenceTensors.batch(SyntheticGenerator.normal(B, T, F, 4), F, reversed, conditional,
                DataType.DOUBLE);
        double loss = net.lossAndGradient(batch, net.buffers(T, B, true), null, 0);

        LstmLayer enc = net.encoderLayers()[0];
        LstmLayer dec = net.decoderLayers()[0];
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, T, B, F);
        SDVariable target = sd.placeHolder("target", DataType.DOUBLE, (long) T * B, F);
        SDVariable ewx = sd.var("ewx", opLayout(enc.wx.value()));
        SDVariable ewr = sd.var("ewr", opLayout(enc.wr.value()));
        SDVariable eb = sd.var("eb", opLayout(enc.bias.value()).reshape(4L * H));
        SDVariable lw = sd.var("lw", net.latentLayer().w.value().dup());
        SDVariable lb = sd.var("lb", net.latentLayer().b.value().dup());
        SDVariable dwz = sd.var("dwz", opLayout(dec.wx.value()));
        SDVariable dwr = sd.var("dwr", opLayout(dec.wr.value()));
        SDVariable db = sd.var("db", opLayout(dec.bias.value()).reshape(4L * H));
        SDVariable ow = sd.var("ow", net.outputLayer().w.value().dup());
        SDVariable ob = sd.var("ob", net.outputLayer().b.value().dup());

        SDVariable[] encoded = sd.rnn().lstmLayer(x, weights(ewx, ewr, eb), config());
        SDVariable z = encoded[1].mmul(lw).add(lb);
        SDVariable decoderInput = sd.expandDims(z, 0).add(sd.zero("zeros", DataType.DOUBLE, T, 1, Z));
        SDVariable decoderWeights = dwz;
        Map<String, INDArray> feed = new LinkedHashMap<>();
        feed.put("x", batch.input().reshape(T, B, F));
        feed.put("target", batch.target());
        if (conditional) {
            SDVariable prev = sd.placeHolder("prev", DataType.DOUBLE, T, B, F);
            SDVariable dwy = sd.var("dwy", opLayout(net.previousStepWeights().value()));
            decoderInput = sd.concat(2, decoderInput, prev);
            decoderWeights = sd.concat(0, dwz, dwy);
            feed.put("prev", batch.previousTarget().reshape(T, B, F));
        }
        SDVariable[] decoded = sd.rnn().lstmLayer(decoderInput, weights(decoderWeights, dwr, db), config());
        SDVariable y = decoded[0].reshape((long) T * B, H).mmul(ow).add(ob);
        SDVariable mse = sd.math().squaredDifference(y, target).mean();
        sd.setLossVariables(mse);
        double referenceLoss = sd.output(feed, mse.name()).get(mse.name()).getDouble(0);
        assertEquals(referenceLoss, loss, 1e-12 + 1e-10 * Math.abs(loss));

        Map<String, INDArray> g = sd.calculateGradients(feed, conditional
                ? new String[] {"ewx", "ewr", "eb", "lw", "lb", "dwz", "dwr", "db", "ow", "ob", "dwy"}
                : new String[] {"ewx", "ewr", "eb", "lw", "lb", "dwz", "dwr", "db", "ow", "ob"});
        compare("encoder Wx", enc.wx.grad(), opLayout(g.get("ewx")));
        compare("encoder Wr", enc.wr.grad(), opLayout(g.get("ewr")));
        compare("encoder bias", enc.bias.grad(), opLayout(g.get("eb").reshape(1, 4L * H)));
        compare("latent W", net.latentLayer().w.grad(), g.get("lw"));
        compare("latent bias", net.latentLayer().b.grad(), g.get("lb"));
        compare("decoder Wz", dec.wx.grad(), opLayout(g.get("dwz")));
        compare("decoder Wr", dec.wr.grad(), opLayout(g.get("dwr")));
        compare("decoder bias", dec.bias.grad(), opLayout(g.get("db").reshape(1, 4L * H)));
        compare("output W", net.outputLayer().w.grad(), g.get("ow"));
        compare("output bias", net.outputLayer().b.grad(), g.get("ob"));
        if (conditional) {
            compare("decoder Wy", net.previousStepWeights().grad(), opLayout(g.get("dwy")));
        }
    }

    private static LSTMLayerWeights weights(SDVariable wx, SDVariable wr, SDVariable b) {
        return LSTMLayerWeights.builder().weights(wx).rWeights(wr).bias(b).build();
    }

    private static LSTMLayerConfig config() {
        return LSTMLayerConfig.builder().lstmdataformat(LSTMDataFormat.TNS).directionMode(LSTMDirectionMode.FWD)
                .gateAct(LSTMActivations.SIGMOID).cellAct(LSTMActivations.TANH).outAct(LSTMActivations.TANH)
                .retFullSequence(true).retLastH(true).retLastC(true).cellClip(0).build();
    }

    /** Swaps the last two gate blocks: (i, f, o, g) <-> (i, f, g, o). Its own inverse. */
    private static INDArray opLayout(INDArray w) {
        long r = w.size(0);
        long h = w.size(1) / 4;
        return Nd4j.hstack(Views.block(w, 0, r, 0, 2 * h), Views.block(w, 0, r, 3 * h, h),
                Views.block(w, 0, r, 2 * h, h)).dup('c');
    }

    private static void compare(String what, INDArray mine, INDArray reference) {
        INDArray a = mine.reshape(reference.shape());
        double worst = 0;
        for (long i = 0; i < a.length(); i++) {
            double x = a.getDouble(i);
            double y = reference.getDouble(i);
            double diff = Math.abs(x - y);
            if (diff > 1e-9) {
                worst = Math.max(worst, diff / Math.max(Math.abs(x), Math.abs(y)));
            }
        }
        assertTrue(worst <= 1e-4, what + ": max relative error " + worst);
    }
}
