package dev.seqae.service;

import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.TrainingListener;
import java.nio.file.Path;

/**
 * How the default model is trained when the service starts on an empty models folder. {@code seqae
 * serve} registers one (the ECG5000 model of {@code seqae quickstart}); a service started without
 * it (tests, embedding) never trains anything on its own.
 */
public interface DefaultModel {
    /** The name the model is served under. */
    String name();

    /**
     * Trains the model.
     *
     * @param dataDir  {@code seqae.default-model.data-dir}
     * @param config   {@code seqae.default-model.config} (its settings, when the file exists)
     * @param progress every epoch (readiness shows it)
     */
    SeqAutoencoderModel train(Path dataDir, Path config, TrainingListener progress);
}
