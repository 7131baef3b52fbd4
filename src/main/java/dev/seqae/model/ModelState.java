package dev.seqae.model;

import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.anomaly.ScoreKind;
import dev.seqae.anomaly.SequenceScorer;
import dev.seqae.anomaly.Threshold;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.Corruption;
import dev.seqae.data.Normalizer;
import java.util.List;

/**
 * The persisted form of a model's manifest (format version {@link #CURRENT_FORMAT}), separate from
 * the live {@link SeqAutoencoderModel} so that old files keep loading: fields added later are
 * nullable and take defaults when absent.
 *
 * @param formatVersion   the file format version
 * @param config          the configuration
 * @param featureNames    one per feature
 * @param normalizer      fitted normaliser
 * @param scorer          fitted scorer
 * @param thresholds      sequence-level thresholds
 * @param pointThresholds point-level thresholds (time-series models) or empty
 * @param provenance      where the model came from
 * @param paramCount      number of float32 values in the parameter entry
 * @param paramsSha256    checksum of the parameter entry
 */
public record ModelState(int formatVersion, ConfigState config, String[] featureNames, Normalizer normalizer,
                         SequenceScorer.ScorerState scorer, List<Threshold> thresholds,
                         List<Threshold> pointThresholds, Provenance provenance, long paramCount,
                         String paramsSha256) {

    /** The format this version writes. */
    public static final int CURRENT_FORMAT = 1;

    /** {@link ModelConfig} as saved: every field boxed, so a missing one gets its default. */
    public record ConfigState(int[] encoderSizes, int[] decoderSizes, Integer latentSize, DecoderKind decoder,
                              Boolean reversed, Double dropout, Double l2, Double learningRate, UpdaterKind updater,
                              Integer batchSize, Integer maxEpochs, Integer patience, Double validationFraction,
                              Long seed, Normalizer.Kind normalization, Integer window, Integer stride,
                              ScoreKind scoreKind, ThresholdStrategy thresholdStrategy, Double percentile, Double k,
                              Double alpha, Engine engine, Double noise, Double mask, Double spikeRate,
                              Double spikeMagnitude, Boolean tailValidation, Double minDelta,
                              Boolean restoreBest, Boolean bidirectional, Double predictionWeight) {

        static ConfigState of(ModelConfig c) {
            AnomalyConfig a = c.anomaly();
            return new ConfigState(c.encoderSizes(), c.decoderSizes(), c.latentSize(), c.decoder(), c.reversed(),
                    c.dropout(), c.l2(), c.learningRate(), c.updater(), c.batchSize(), c.maxEpochs(), c.patience(),
                    c.validationFraction(), c.seed(), c.normalization(), c.window(), c.stride(), a.score(),
                    a.strategy(), a.percentile(), a.k(), a.alpha(), c.engine(), c.corruption().noise(),
                    c.corruption().mask(), c.corruption().spikeRate(), c.corruption().spikeMagnitude(),
                    c.fitting().tailValidation(), c.fitting().minDelta(), c.fitting().restoreBest(),
                    c.bidirectional(), c.predictionWeight());
        }

        ModelConfig toConfig() {
            ModelConfig d = ModelConfig.defaults();
            AnomalyConfig da = d.anomaly();
            AnomalyConfig a = new AnomalyConfig(or(scoreKind, da.score()), or(thresholdStrategy, da.strategy()),
                    or(percentile, da.percentile()), or(k, da.k()), or(alpha, da.alpha()));
            return new ModelConfig(or(encoderSizes, d.encoderSizes()), or(decoderSizes, d.decoderSizes()),
                    or(latentSize, d.latentSize()), or(decoder, d.decoder()), or(reversed, d.reversed()),
                    or(bidirectional, false), or(predictionWeight, 0.0), or(dropout, d.dropout()), or(l2, d.l2()), or(learningRate, d.learningRate()),
                    or(updater, d.updater()), or(batchSize, d.batchSize()), or(maxEpochs, d.maxEpochs()),
                    or(patience, d.patience()), or(validationFraction, d.validationFraction()), or(seed, d.seed()),
                    or(normalization, d.normalization()), or(window, d.window()), or(stride, d.stride()), a,
                    or(engine, d.engine()), new Corruption(or(noise, 0.0), or(mask, 0.0), or(spikeRate, 0.0),
                    or(spikeMagnitude, 0.0)), new ModelConfig.Fitting(or(tailValidation, false), or(minDelta, 0.0),
                    or(restoreBest, true)));
        }

        private static <T> T or(T v, T fallback) {
            return v == null ? fallback : v;
        }
    }
}
