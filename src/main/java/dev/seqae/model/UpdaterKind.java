package dev.seqae.model;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/** Optimisers, applied through ND4J's updater classes on the flat gradient vector. */
public enum UpdaterKind {
    ADAM, RMSPROP, NESTEROVS, SGD;

    public IUpdater create(double learningRate) {
        return switch (this) {
            case ADAM -> new Adam(learningRate);
            case RMSPROP -> new RmsProp(learningRate);
            case NESTEROVS -> new Nesterovs(learningRate, 0.9);
            case SGD -> new Sgd(learningRate);
        };
    }
}
