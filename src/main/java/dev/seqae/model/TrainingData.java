package dev.seqae.model;

import dev.seqae.data.Normalizer;
import dev.seqae.model.engine.AutoencoderNetwork;
import java.util.List;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The training sequences as the {@link Trainer} reads them, wherever they are: in this JVM
 * ({@link #of}) or spread over machines (the Spark adapter's data-parallel training). The trainer
 * decides everything the seed decides — the validation split, each epoch's order, the minibatches
 * — and asks for sums over sequences named by their position (0-based, in the input's order),
 * always listing the positions in the order it wants them summed. Data in one place therefore
 * trains exactly as {@code seqae train} does; data in several places differs only by the rounding
 * of sums of parts.
 */
public interface TrainingData {
    /** The number of sequences. */
    int size();

    /** The number of features of every step. */
    int features();

    /** The sequences themselves when they are in this JVM (denoising corrupts them here), else null. */
    List<float[][]> local();

    /** A digest of the data, recorded in the model's provenance. */
    String fingerprint();

    /** The normaliser's statistics over the sequences at {@code positions}, added in that order. */
    Normalizer.Statistics statistics(int[] positions);

    /**
     * Starts training: the sequences are normalised with {@code normalizer}; every step reads the
     * parameters of {@code net} and leaves the gradient in its {@link AutoencoderNetwork#grads()}.
     */
    Session start(Normalizer normalizer, AutoencoderNetwork net, ModelConfig config, int threads);

    /** One training run's access to the data. */
    interface Session extends AutoCloseable {
        /**
         * The mean loss and gradient of the minibatch at {@code positions} (in that order), the
         * gradient into the network's; {@code inputs}: corrupted encoder inputs (local data only), or null.
         */
        ShardedGradients.Result lossAndGradient(int[] positions, List<float[][]> inputs);

        /**
         * One training step on the minibatch at {@code positions}: by default its gradient (as
         * {@link #lossAndGradient}) and one step of the driver's {@code updater} on the network's
         * parameters. A session may instead hold steps back and take them elsewhere (parameter
         * averaging), returning no loss ({@code validSteps} 0) until it has taken them.
         */
        default ShardedGradients.Result step(int[] positions, List<float[][]> inputs, AutoencoderNetwork net,
                                             GradientUpdater<?> updater, int iteration, int epoch) {
            ShardedGradients.Result r = lossAndGradient(positions, inputs);
            if (Double.isFinite(r.loss())) {
                updater.applyUpdater(net.grads(), iteration, epoch);
                net.params().subi(net.grads());
            }
            return r;
        }

        /** Takes the steps held back, if any (the end of an epoch); their loss, or {@code validSteps} 0. */
        default ShardedGradients.Result flush(AutoencoderNetwork net, GradientUpdater<?> updater) {
            return new ShardedGradients.Result(0, 0);
        }

        /** The sum of the squared reconstruction errors of the sequences at {@code positions}, and their count of values. */
        double[] squaredErrorSum(int[] positions);

        /** Per sequence at {@code positions}, in that order, the squared errors {@code [step][feature]}. */
        List<float[][]> squaredErrors(int[] positions);

        @Override
        void close();
    }

    /** Sequences in this JVM. */
    static TrainingData of(List<float[][]> sequences, int features) {
        return new LocalData(sequences, features);
    }
}
