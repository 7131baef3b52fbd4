package dev.seqae.spark;

import dev.seqae.model.ShardedGradients;
import dev.seqae.model.engine.AutoencoderNetwork;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/** An updater's state (Adam's moments, ...) as one flat array, and the averaging of partitions' parameters and states. */
final class UpdaterState {
    private UpdaterState() {
    }

    /** The state arrays of {@code keys}, one after the other. */
    static float[] flatten(GradientUpdater<?> updater, List<String> keys) {
        var state = updater.getState();
        int n = 0;
        for (String k : keys) {
            n += (int) state.get(k).length();
        }
        float[] out = new float[n];
        int at = 0;
        for (String k : keys) {
            float[] v = state.get(k).castTo(DataType.FLOAT).dup('c').data().asFloat();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /** Writes a flat state back into the updater's state arrays. */
    static void load(GradientUpdater<?> updater, List<String> keys, float[] flat) {
        var state = updater.getState();
        int at = 0;
        for (String k : keys) {
            INDArray a = state.get(k);
            int n = (int) a.length();
            float[] part = java.util.Arrays.copyOfRange(flat, at, at + n);
            a.assign(Nd4j.createFromArray(part).reshape(a.shape()));
            at += n;
        }
    }

    /**
     * The partitions' parameters and states averaged, each weighted by its share of the valid
     * values it trained on (one partition: its own, unchanged), into {@code net} and {@code updater}.
     */
    static ShardedGradients.Result average(List<SparkTrainingData.Averaged> parts, AutoencoderNetwork net,
                                           GradientUpdater<?> updater, List<String> keys) {
        if (parts.isEmpty()) {
            throw new IllegalStateException("no partition held any sequence of the minibatches");
        }
        long total = 0;
        double loss = 0;
        for (var p : parts) {
            total += p.validSteps();
            loss += p.lossSum();
        }
        long n = net.params().length();
        if (parts.size() == 1) {
            net.params().assign(Nd4j.createFromArray(parts.get(0).params()).reshape(1, n));
            load(updater, keys, parts.get(0).state());
            return new ShardedGradients.Result(loss / total, total);
        }
        double[] params = new double[(int) n];
        double[] state = new double[parts.get(0).state().length];
        for (var p : parts) {
            double w = (double) p.validSteps() / total;
            for (int i = 0; i < params.length; i++) {
                params[i] += w * p.params()[i];
            }
            for (int i = 0; i < state.length; i++) {
                state[i] += w * p.state()[i];
            }
        }
        float[] f = new float[params.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) params[i];
        }
        net.params().assign(Nd4j.createFromArray(f).reshape(1, n));
        float[] g = new float[state.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) state[i];
        }
        load(updater, keys, g);
        return new ShardedGradients.Result(loss / total, total);
    }
}
