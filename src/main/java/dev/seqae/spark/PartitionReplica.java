package dev.seqae.spark;

import dev.seqae.data.Normalizer;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ShardedGradients;
import dev.seqae.model.TrainingData;
import dev.seqae.model.engine.AutoencoderNetwork;
import dev.seqae.spark.SparkTrainingData.Averaged;
import dev.seqae.spark.SparkTrainingData.Part;
import dev.seqae.spark.SparkTrainingData.Partial;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One partition's replica of the network over its items (normalised once), kept in its executor
 * for the run of a data-parallel training ({@link SparkTrainingData}): a step's loss and gradient,
 * K steps with its own copy of the updater's state (parameter averaging), the errors for
 * validation and thresholds — always from the driver's parameters, sent with the request.
 */
final class PartitionReplica {
    /** Each executor's replicas, by run and partition. */
    private static final Map<String, PartitionReplica> REPLICAS = new ConcurrentHashMap<>();

    private final AutoencoderNetwork net;
    private final TrainingData.Session session;

    private PartitionReplica(Part part, Map<String, String> settings, Normalizer normalizer) {
        config = ModelOptions.build(settings);
        net = new AutoencoderNetwork(config.networkShape(normalizer.features()), DataType.FLOAT);
        session = TrainingData.of(part.items(), normalizer.features()).start(normalizer, net, config, 1);
    }

    static PartitionReplica of(String run, Part part, Map<String, String> settings, Normalizer normalizer) {
        return REPLICAS.computeIfAbsent(run + "/" + part.index(), k -> new PartitionReplica(part, settings, normalizer));
    }

    private org.nd4j.linalg.learning.GradientUpdater<?> updater;
    private ModelConfig config;

    synchronized Averaged average(float[] params, float[] state, List<String> keys, List<int[]> steps,
                                  List<int[]> clock, int index) {
        long t0 = System.nanoTime();
        if (updater == null) {
            var u = config.updater().create(config.learningRate());
            long size = u.stateSize(net.params().length());
            updater = u.instantiate(size > 0 ? Nd4j.create(DataType.FLOAT, 1, size) : null, true);
        }
        load(params);
        UpdaterState.load(updater, keys, state);
        double lossSum = 0;
        long valid = 0;
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k).length == 0) {
                continue;
            }
            ShardedGradients.Result r = session.lossAndGradient(steps.get(k), null);
            updater.applyUpdater(net.grads(), clock.get(k)[0], clock.get(k)[1]);
            net.params().subi(net.grads());
            lossSum += r.loss() * r.validSteps();
            valid += r.validSteps();
        }
        return new Averaged(index, lossSum, valid, floats(net.params()),
                UpdaterState.flatten(updater, keys), System.nanoTime() - t0);
    }

    private void load(float[] params) {
        net.params().assign(Nd4j.createFromArray(params).reshape(1, params.length));
    }

    synchronized Partial step(float[] params, int[] local, int index) {
        long t0 = System.nanoTime();
        if (local.length == 0) {
            return new Partial(index, 0, 0, null, 0);
        }
        load(params);
        ShardedGradients.Result r = session.lossAndGradient(local, null);
        float[] g = floats(net.grads());
        return new Partial(index, r.loss(), r.validSteps(), g, System.nanoTime() - t0);
    }

    synchronized double[] errorSum(float[] params, int[] local) {
        if (local.length == 0) {
            return new double[] {0, 0};
        }
        load(params);
        return session.squaredErrorSum(local);
    }

    synchronized List<float[][]> errors(float[] params, int[] local) {
        if (local.length == 0) {
            return List.of();
        }
        load(params);
        return session.squaredErrors(local);
    }

    /** Drops this executor's replicas of a run. */
    static void forget(String run) {
        REPLICAS.keySet().removeIf(k -> k.startsWith(run + "/"));
    }

    /** A flat float copy of a parameter or gradient vector (what travels between driver and tasks). */
    static float[] floats(INDArray v) {
        return v.castTo(DataType.FLOAT).data().asFloat();
    }
}
