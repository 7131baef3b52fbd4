package dev.seqae.model;

import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.data.Corruption;
import dev.seqae.data.Normalizer;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.engine.NetworkShape;
import java.util.Arrays;

/**
 * Everything that defines a model and its training, validated at construction ("latentSize must
 * be > 0, got -3"). Build one with {@link #defaults()} and the {@code with…} methods.
 *
 * @param encoderSizes       encoder LSTM sizes, bottom first (stacked when more than one)
 * @param decoderSizes       decoder LSTM sizes, bottom first
 * @param latentSize         latent vector size; 0 = no dense bottleneck, the encoder's last hidden state is the
 *                           latent vector (its size is the encoder's top layer's)
 * @param decoder            decoder kind
 * @param reversed           reconstruct the sequence in reverse order
 * @param bidirectional      every encoder and decoder LSTM runs both ways (outputs concatenated);
 *                           repeat decoder only
 * @param predictionWeight   the prediction heads' share of the loss, in [0, 1); 0 = none (see
 *                           {@link NetworkShape#predictionWeight}; AER's 0.5): the encoder reads a
 *                           window's inner steps, the decoder's first and last steps predict the
 *                           steps around them. Repeat decoder; trains on sequences of one length
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
 * @param fitting            how validation and early stopping work ({@link Fitting#DEFAULT}: seqae's)
 */
public record ModelConfig(int[] encoderSizes, int[] decoderSizes, int latentSize, DecoderKind decoder,
                          boolean reversed, boolean bidirectional, double predictionWeight, double dropout, double l2, double learningRate, UpdaterKind updater,
                          int batchSize, int maxEpochs, int patience, double validationFraction, long seed,
                          Normalizer.Kind normalization, int window, int stride, AnomalyConfig anomaly,
                          Engine engine, Corruption corruption, Fitting fitting) {

    /**
     * How the training sequences are split and when training stops.
     *
     * @param tailValidation hold out the <em>last</em> {@code validationFraction} of the sequences in
     *                       their given (time) order, as Keras' {@code validation_split} does, instead
     *                       of a seeded random choice; the normaliser is then fitted on all the
     *                       training sequences, as a pipeline scales its data before Keras splits it
     * @param minDelta       an epoch improves on the best validation loss when it is lower by more than
     *                       {@code max(minDelta, 1e-4 · best)} (Keras' {@code min_delta}: absolute)
     * @param restoreBest    end with the best epoch's weights (seqae) or the last epoch's (Keras'
     *                       default)
     */
    public record Fitting(boolean tailValidation, double minDelta, boolean restoreBest) {
        /** seqae's: a random validation split, relative improvement 1e-4, best weights restored. */
        public static final Fitting DEFAULT = new Fitting(false, 0, true);

        public Fitting {
            if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
                throw new InvalidInputException("min-delta must be >= 0, got " + minDelta);
            }
        }

        @Override
        public String toString() {
            return (tailValidation ? "tail" : "random") + " validation, min-delta " + minDelta
                    + (restoreBest ? ", best weights" : ", last weights");
        }
    }

    public ModelConfig {
        encoderSizes = positive("encoder", encoderSizes);
        decoderSizes = positive("decoder", decoderSizes);
        check(latentSize >= 0, "latent must be >= 0 (0: no bottleneck), got " + latentSize);
        check(decoder != null, "decoder must be given");
        check(!bidirectional || decoder == DecoderKind.REPEAT, "bidirectional needs the repeat decoder: the"
                + " conditional decoder is fed its own previous output step by step, so it runs forward only");
        check(predictionWeight >= 0 && predictionWeight < 1, "prediction-heads (their loss weight) must be in "
                + "[0, 1) (0: no heads), got " + predictionWeight);
        check(predictionWeight == 0 || decoder == DecoderKind.REPEAT, "prediction-heads need the repeat decoder: "
                + "the conditional decoder is fed the steps they would predict");
        check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        check(l2 >= 0 && Double.isFinite(l2), "l2 must be >= 0, got " + l2);
        check(learningRate > 0 && Double.isFinite(learningRate), "lr must be > 0, got " + learningRate);
        check(updater != null, "updater must be given");
        check(batchSize > 0, "batch must be > 0, got " + batchSize);
        check(maxEpochs > 0, "epochs must be > 0, got " + maxEpochs);
        check(patience >= 0, "patience must be >= 0, got " + patience);
        check(validationFraction >= 0 && validationFraction <= 0.9,
                "validation must be in [0, 0.9], got " + validationFraction);
        check(normalization != null, "normalization must be given");
        check(window >= 0, "window must be >= 0, got " + window);
        check(stride > 0, "stride must be > 0, got " + stride);
        check(anomaly != null, "anomaly settings must be given");
        check(engine != null, "engine must be given");
        corruption = corruption == null ? Corruption.NONE : corruption;
        fitting = fitting == null ? Fitting.DEFAULT : fitting;
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
        return new ModelConfig(new int[] {64}, new int[] {64}, 16, DecoderKind.REPEAT, false, false, 0.0, 0.0, 0.0, 1e-3,
                UpdaterKind.ADAM, 64, 50, 5, 0.2, 42L, Normalizer.Kind.ZSCORE, 0, 1, AnomalyConfig.defaults(),
                Engine.FAST, Corruption.NONE, Fitting.DEFAULT);
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
        return new ModelConfig(encoder, decoderLayers, latent, decoder, reversed, bidirectional, predictionWeight, dropout, l2, learningRate, updater,
                batchSize, maxEpochs, patience, validationFraction, seed, normalization, window, stride, anomaly, engine, corruption, fitting);
    }

    /** The network these settings define over {@code features} input features. */
    public NetworkShape networkShape(int features) {
        return new NetworkShape(features, encoderSizes, latentSize, decoderSizes, decoder == DecoderKind.CONDITIONAL,
                bidirectional, predictionWeight);
    }

    /**
     * Prediction heads with this share of the loss (0: none): the decoder's first and last steps
     * predict the steps before and after the encoder's input (AER; repeat decoder only).
     */
    public ModelConfig withPredictionHeads(double weight) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, bidirectional, weight, dropout,
                l2, learningRate, updater, batchSize, maxEpochs, patience, validationFraction, seed, normalization,
                window, stride, anomaly, engine, corruption, fitting);
    }

    /** Whether the model has prediction heads. */
    public boolean heads() {
        return predictionWeight > 0;
    }

    /** Both-ways LSTMs in the encoder and the decoder (repeat decoder only). */
    public ModelConfig withBidirectional(boolean twoWay) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, twoWay, predictionWeight, dropout, l2,
                learningRate, updater, batchSize, maxEpochs, patience, validationFraction, seed, normalization, window,
                stride, anomaly, engine, corruption, fitting);
    }

    public ModelConfig withDecoder(DecoderKind kind, boolean reverse) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, kind, reverse, bidirectional, predictionWeight, dropout, l2, learningRate,
                updater, batchSize, maxEpochs, patience, validationFraction, seed, normalization, window, stride,
                anomaly, engine, corruption, fitting);
    }

    public ModelConfig withTraining(double lr, int batch, int epochs, int patienceEpochs, double validation,
                                    long seedValue) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, bidirectional, predictionWeight, dropout, l2, lr, updater,
                batch, epochs, patienceEpochs, validation, seedValue, normalization, window, stride, anomaly, engine, corruption, fitting);
    }

    public ModelConfig withRegularization(double dropoutRate, double l2Penalty, UpdaterKind kind) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, bidirectional, predictionWeight, dropoutRate, l2Penalty,
                learningRate, kind, batchSize, maxEpochs, patience, validationFraction, seed, normalization, window,
                stride, anomaly, engine, corruption, fitting);
    }

    public ModelConfig withData(Normalizer.Kind norm, int windowLength, int windowStride) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, bidirectional, predictionWeight, dropout, l2, learningRate,
                updater, batchSize, maxEpochs, patience, validationFraction, seed, norm, windowLength, windowStride,
                anomaly, engine, corruption, fitting);
    }

    public ModelConfig withEngine(Engine e) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, bidirectional, predictionWeight, dropout, l2, learningRate,
                updater, batchSize, maxEpochs, patience, validationFraction, seed, normalization, window, stride,
                anomaly, e, corruption, fitting);
    }

    public ModelConfig withAnomaly(AnomalyConfig a) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, bidirectional, predictionWeight, dropout, l2, learningRate,
                updater, batchSize, maxEpochs, patience, validationFraction, seed, normalization, window, stride, a, engine, corruption, fitting);
    }

    /** A denoising autoencoder: inputs corrupted as {@code c} during training, targets clean. */
    public ModelConfig withCorruption(Corruption c) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, bidirectional, predictionWeight, dropout, l2, learningRate,
                updater, batchSize, maxEpochs, patience, validationFraction, seed, normalization, window, stride,
                anomaly, engine, c, fitting);
    }

    /** Validation split and early stopping as {@code f}. */
    public ModelConfig withFitting(Fitting f) {
        return new ModelConfig(encoderSizes, decoderSizes, latentSize, decoder, reversed, bidirectional, predictionWeight, dropout, l2, learningRate,
                updater, batchSize, maxEpochs, patience, validationFraction, seed, normalization, window, stride,
                anomaly, engine, corruption, f);
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
        return "ModelConfig[encoder=" + Arrays.toString(encoderSizes) + ", latent=" + (latentSize > 0 ? latentSize : "none") + ", decoder="
                + Arrays.toString(decoderSizes) + " " + decoder + (reversed ? " reversed" : "")
                + (bidirectional ? " bidirectional" : "")
                + (predictionWeight > 0 ? ", prediction heads " + predictionWeight : "") + ", dropout="
                + dropout + ", l2=" + l2 + ", lr=" + learningRate + " " + updater + ", batch=" + batchSize
                + ", epochs<=" + maxEpochs + ", patience=" + patience + ", validation=" + validationFraction
                + ", seed=" + seed + ", " + normalization + ", window=" + window + "/" + stride + ", " + anomaly
                + ", engine=" + engine + (corruption.active() ? ", denoising: " + corruption : "")
                + (fitting.equals(Fitting.DEFAULT) ? "" : ", " + fitting) + "]";
    }
}
