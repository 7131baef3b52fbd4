package dev.seqae.model;

/** Receives training progress once per epoch; may ask training to stop. */
public interface TrainingListener {
    /** Called after every epoch. */
    void onEpoch(EpochStats stats);

    /** Polled between minibatches; return true to stop training (the best weights so far are kept). */
    default boolean cancelled() {
        return false;
    }

    /** A listener that ignores everything. */
    TrainingListener NONE = stats -> { };

    /**
     * One epoch's figures.
     *
     * @param epoch          1-based epoch number
     * @param maxEpochs      the configured upper bound
     * @param trainLoss      mean minibatch loss of the epoch
     * @param validationLoss loss on the held-out set (NaN when there is none)
     * @param sequencesPerSecond training throughput of the epoch
     * @param elapsedSeconds since training started
     * @param etaSeconds     estimate of the time left if training runs to maxEpochs
     * @param improved       whether this epoch is the best so far
     */
    record EpochStats(int epoch, int maxEpochs, double trainLoss, double validationLoss, double sequencesPerSecond,
                      double elapsedSeconds, double etaSeconds, boolean improved) {
    }
}
