package dev.seqae.model;

import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.data.Corruption;
import dev.seqae.data.Normalizer;
import dev.seqae.errors.InvalidInputException;
import java.util.Arrays;

/**
 * Everything that defines a model and its training, validated at construction ("latentSize must
 * be > 0, got -3"). Build one with {@link #defaults()} and the {@code with…} methods.
 *
 * @param encoderSizes       encoder LSTM sizes, bottom first (stacked when more than one)
 * @param decoderSizes       decoder LSTM sizes, bottom first
 * @param latentSize         latent vector size
 * @param decoder            decoder kind
 * @param reversed           reconstruct the sequence in reverse order
 * @param dropout            dropout rate on the latent input and the decoder output, in [0, 1)
 * @param l2                 L2 penalty on weight matrices, >= 0
 * @param learningRate       learning rate, > 0
 * @param updater            optimiser
 * @param batchSize          sequences per minibatch
 * @param maxEpochs          upper bound on epochs
 * @param patience           epochs without validation improvement before stopping; 0 = never stop early
 * @param validationFraction share of the training sequences held out, in [0, 0.9]
 * @param seed               seed of every random choice (initialisation, split, shuffling, dropout)
 * @param normalization      per-feature normalisation
 * @param window             time series only: window length (0 = not a time-series model)
 * @param stride             time series only: window stride
 * @param anomaly            scoring and threshold settings
 * @param engine             how gradients are computed (the fast path, or SameDiff as reference)
 * @param corruption         denoising: how training inputs are corrupted (targets stay clean); NONE otherwise
 */
public record ModelConfig(int[] encoderSizes, int[] decoderSizes, int latentSize, DecoderKind decoder,
                          boolean reversed, double dropout, double l2, double learningRate, UpdaterKind updater,
                          int batchSize, int maxEpochs, int patience, double validationFraction, long seed,
                          Normalizer.Kind normalization, int window, int stride, AnomalyConfig anomaly,
                          Engine engine, Corruption corruption) {

    public ModelConfig {
        encoderSizes = positive("encoderSizes", encoderSizes);
        decoderSizes = positive("decoderSizes", decoderSizes);
        check(latentSize > 0, "latentSize must be > 0, got " + latentSize);
        check(decoder != null, "decoder must be given");
        check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        check(l2 >= 0 && Double.isFinite(l2), "l2 must be >= 0, got " + l2);
        check(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be > 0, got " + learningRate);
        check(updater != null, "updater must be given");
        check(batchSize > 0, "batchSize must be > 0, got " + batchSize);
        check(maxEpochs > 0, "maxEpochs must be > 0, got " + maxEpochs);
        check(patience >= 0, "patience must be >= 0, got " + patience);
        check(validationFraction >= 0 && validationFraction <= 0.9,
                "validationFraction must be in [0, 0.9], got " + validationFraction);
        check(normalization != null, "normalization must be given");
        check(window >= 0, "window must be >= 0, got " + window);
        check(stride > 0, "stride must be > 0, got " + stride);
        check(anomaly != null, "anomaly settings must be given");
        check(engine != null, "engine must be given");
        corruption = corruption == null ? Corruption.NONE : corruption;
        check(engine != Engine.SAMEDIFF || dropout == 0, "the samediff engine does not support dropout, got "
                + dropout);
    }

    private static int[] positive(String name, int[] sizes) {
        check(sizes != null && sizes.length > 0, name + " must list at least one layer size");
        for (int s : sizes) {
            check(s > 0, name + " must all be > 0, got " + Arrays.toString(sizes));
        }
        return sizes.clone();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }

    /** Encoder 64 → latent 16 → repeat → decoder 64, Adam 1e-3, batch 64, up to 50 epochs. */
    public static ModelConfig defaults() {
        return new ModelConfig(new int[] {64}, new int[] {64}, 16, DecoderKind.REPEAT, false, 0.0, 0.0, 1e-3,
                UpdaterKind.ADAM, 64, 50, 5, 0.2, 42L, Normalizer.Kind.ZSCORE, 0, 1, AnomalyConfig.defaults(),
                Engine.FAST, Corruption.NONE);
    }

    @Override
    public int[] encoderSizes() {
        return encoderSizes.clone();
    }

    @Override
    public int[] decoderSizes() {
        return decoderSizes.clone();
    }

    public ModelConfig withLayers(int[] encoder, int latent, int[] decoderLayers) {
        return new ModelConfig(encoder, decoderLayers, latent, decoder, reversed, dropout, l2, learningRate, updater,
                batchSize, maxEpochs, patience, validationFraction, seed, normalization, window, stride, anomaly, engine, corruption);
    }

    public ModelConfig withDecoder(DecoderKind kind, boolean reverse) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, kind, reverse, dropout, l2, learningRate,
                updater, batchSize, maxEpochs, patience, validationFraction, seed, normalization, window, stride,
                anomaly, engine, corruption);
    }

    public ModelConfig withTraining(double lr, int batch, int epochs, int patienceEpochs, double validation,
                                    long seedValue) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, dropout, l2, lr, updater,
                batch, epochs, patienceEpochs, validation, seedValue, normalization, window, stride, anomaly, engine, corruption);
    }

    public ModelConfig withRegularization(double dropoutRate, double l2Penalty, UpdaterKind kind) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, dropoutRate, l2Penalty,
                learningRate, kind, batchSize, maxEpochs, patience, validationFraction, seed, normalization, window,
                stride, anomaly, engine, corruption);
    }

    public ModelConfig withData(Normalizer.Kind norm, int windowLength, int windowStride) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, dropout, l2, learningRate,
                updater, batchSize, maxEpochs, patience, validationFraction, seed, norm, windowLength, windowStride,
                anomaly, engine, corruption);
    }

    public ModelConfig withEngine(Engine e) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, dropout, l2, learningRate,
                updater, batchSize, maxEpochs, patience, validationFraction, seed, normalization, window, stride,
                anomaly, e, corruption);
    }

    public ModelConfig withAnomaly(AnomalyConfig a) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, dropout, l2, learningRate,
                updater, batchSize, maxEpochs, patience, validationFraction, seed, normalization, window, stride, a, engine, corruption);
    }

    /** A denoising autoencoder: inputs corrupted as {@code c} during training, targets clean. */
    public ModelConfig withCorruption(Corruption c) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, dropout, l2, learningRate,
                updater, batchSize, maxEpochs, patience, validationFraction, seed, normalization, window, stride,
                anomaly, engine, c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelConfig c && Arrays.equals(c.encoderSizes, encoderSizes)
                && Arrays.equals(c.decoderSizes, decoderSizes) && c.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "ModelConfig[encoder=" + Arrays.toString(encoderSizes) + ", latent=" + latentSize + ", decoder="
                + Arrays.toString(decoderSizes) + " " + decoder + (reversed ? " reversed" : "") + ", dropout="
                + dropout + ", l2=" + l2 + ", lr=" + learningRate + " " + updater + ", batch=" + batchSize
                + ", epochs<=" + maxEpochs + ", patience=" + patience + ", validation=" + validationFraction
                + ", seed=" + seed + ", " + normalization + ", window=" + window + "/" + stride + ", " + anomaly
                + ", engine=" + engine + (corruption.active() ? ", denoising: " + corruption : "") + "]";
    }
}
