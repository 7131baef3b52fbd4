package dev.seqae.service;

import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;

/**
 * What one training request may ask for, checked before a job is queued so that a request that
 * cannot work, or would cost without bound, is a 400 and never a failed or endless job: the
 * epochs, the layer sizes, the batch and the threads within the server's limits, and a window
 * that fits the data.
 *
 * @param maxEpochs    the most {@code config.epochs}
 * @param maxLayerSize the largest encoder, decoder or latent size
 * @param maxBatch     the largest {@code config.batch}
 */
public record TrainingLimits(int maxEpochs, int maxLayerSize, int maxBatch) {
    public TrainingLimits {
        if (maxEpochs < 1 || maxLayerSize < 1 || maxBatch < 1) {
            throw new InvalidInputException("seqae.limits.training: max-epochs, max-layer-size and max-batch must be "
                    + ">= 1, got " + maxEpochs + ", " + maxLayerSize + ", " + maxBatch);
        }
    }

    /** 1,000 epochs, layers of 1,024, batches of 4,096. */
    public static TrainingLimits defaults() {
        return new TrainingLimits(1000, 1024, 4096);
    }

    /** {@code cfg} and {@code threads} for {@code data} within the limits; else a 400 naming the setting. */
    void check(ModelConfig cfg, int threads, Dataset data) {
        within("config.epochs", cfg.maxEpochs(), maxEpochs);
        within("config.batch", cfg.batchSize(), maxBatch);
        for (int s : cfg.encoderSizes()) {
            within("config.encoder", s, maxLayerSize);
        }
        for (int s : cfg.decoderSizes()) {
            within("config.decoder", s, maxLayerSize);
        }
        if (cfg.latentSize() > maxLayerSize) {
            throw new InvalidInputException("config.latent must be from 0 to " + maxLayerSize + " (the server's limit), "
                    + "got " + cfg.latentSize());
        }
        within("config.threads", threads, Runtime.getRuntime().availableProcessors());
        int window = cfg.window();
        if (window > 0 && data instanceof TimeSeries ts && window >= ts.length()) {
            throw new InvalidInputException("config.window (" + window + ") must be shorter than the series ("
                    + ts.length() + " points)");
        }
        if (window > 0 && data instanceof SequenceSet set) {
            for (int i = 0; i < set.size(); i++) {
                int n = set.sequences().get(i).values().length;
                if (n < window) {
                    throw new InvalidInputException("config.window (" + window + ") is longer than sequence " + i
                            + " (" + n + " steps)");
                }
            }
        }
    }

    private static void within(String name, int value, int max) {
        if (value > max) {
            throw new InvalidInputException(name + " must be from 1 to " + max + " (the server's limit), got " + value);
        }
    }
}
