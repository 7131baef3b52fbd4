package dev.seqae.recipe;

import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.anomaly.DetectionRecipe;
import dev.seqae.anomaly.ErrorMeasure;
import dev.seqae.anomaly.PredictionScores;
import dev.seqae.anomaly.ScoreKind;
import dev.seqae.anomaly.Smoothing;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.anomaly.WindowedAnomalies;
import dev.seqae.data.Normalizer;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A detection recipe for long time series, every step a setting so that recipes can be compared
 * one difference at a time.
 *
 * @param name      what it is called ({@code seqae evaluate --recipe})
 * @param model     the model: scaling, window and stride, network, training protocol
 * @param aggregate whether the series is first averaged over time segments (the interval is the
 *                  data's: given per dataset by the caller) and empty segments filled with the
 *                  training part's mean
 * @param combine   how the reconstructions of overlapping windows become one error per point
 * @param error     absolute or squared error (normalised units), averaged over features
 * @param smoothing applied to the point errors before detection
 * @param windowed  the interval detector when it is Orion's {@code find_anomalies} (else null)
 * @param local     the interval detector when it is seqae's {@link DetectionRecipe} (else null)
 * @param maxTrainingWindows at most this many training windows per series (0: all): a longer
 *                  training part is cut at the smallest stride that keeps the count within it, so
 *                  the windows still cover it end to end; a bound on the training time, which
 *                  grows linearly with the number of windows
 * @param scoring   how the reconstruction error is measured per point and, for a model with
 *                  prediction heads, combined with the regression error ({@link Scoring#POINT}:
 *                  the point error alone, as before these settings existed)
 */
public record Recipe(String name, ModelConfig model, boolean aggregate, Combine combine, ErrorKind error,
                     Smoothing smoothing, WindowedAnomalies windowed, DetectionRecipe local, int maxTrainingWindows,
                     Scoring scoring) {

    /**
     * The per-point score of a reconstruction (AER's {@code score_anomalies} settings).
     *
     * @param measure  the reconstruction error measure ({@code rec_error_type}); AREA and DTW need
     *                 the median combination (they compare curves, not one window's errors)
     * @param window   points per error window of AREA and DTW ({@code score_window}, 10)
     * @param band     DTW's Sakoe–Chiba band ({@link ErrorMeasure#NO_BAND}: unconstrained, as Orion)
     * @param mix      how a model with prediction heads combines its regression and reconstruction
     *                 scores; RECONSTRUCTION for a model without heads
     * @param fraction the regression errors' EWMA span and the masked start, as a fraction of the
     *                 window count (AER's {@code smoothing_window}, 0.01)
     * @param guard    with the GUARDED mix, the most intervals the product may raise on one series
     *                 before only the intervals both scores confirm are kept ({@link
     *                 #DEFAULT_GUARD}; 0, as in model files written before it existed, means that)
     */
    public record Scoring(ErrorMeasure measure, int window, int band, PredictionScores.Mix mix, double fraction,
                          int guard) {
        /**
         * The GUARDED mix's default limit. Chosen from the product's interval counts alone (no
         * labels): over the 29 NAB signals of the benchmark (orion-aer, seed 42) they were 0–4 on
         * 27 signals and 13–14 on two, and any limit from 4 to 12 separates the two groups alike;
         * 8 is the middle of that gap (docs/evaluation.md).
         */
        public static final int DEFAULT_GUARD = 8;

        /** The point error alone. */
        public static final Scoring POINT = new Scoring(ErrorMeasure.POINT, 10, ErrorMeasure.NO_BAND,
                PredictionScores.Mix.RECONSTRUCTION, 0.01);

        public Scoring {
            if (measure == null || mix == null) {
                throw new InvalidInputException("a scoring needs an error measure and a mix");
            }
            if (window < 1 || band < 0) {
                throw new InvalidInputException("error window must be >= 1 and band >= 0, got " + window + ", " + band);
            }
            if (!(fraction >= 0 && fraction < 1)) {
                throw new InvalidInputException("regression smoothing fraction must be in [0, 1), got " + fraction);
            }
            if (guard < 0) {
                throw new InvalidInputException("the guard (intervals per series) must be >= 1, got " + guard);
            }
            guard = guard == 0 ? DEFAULT_GUARD : guard;
        }

        /** With the default guard. */
        public Scoring(ErrorMeasure measure, int window, int band, PredictionScores.Mix mix, double fraction) {
            this(measure, window, band, mix, fraction, DEFAULT_GUARD);
        }

        /** The same with another mix. */
        public Scoring withMix(PredictionScores.Mix m) {
            return new Scoring(measure, window, band, m, fraction, guard);
        }

        @Override
        public String toString() {
            String m = switch (measure) {
                case POINT -> "point error";
                case AREA -> "area error over " + window + " points";
                case DTW -> "DTW over " + (window / 2 * 2 + 1) + " points"
                        + (band == ErrorMeasure.NO_BAND ? "" : " (band " + band + ")");
            };
            String mixed = mix == PredictionScores.Mix.GUARDED
                    ? "guarded (the product; where it raises more than " + guard + " intervals on a series, only "
                            + "those both scores confirm)"
                    : mix.toString();
            return mix == PredictionScores.Mix.RECONSTRUCTION ? m
                    : m + "; regression errors (EWMA over " + fraction + " of the windows) mixed by " + mixed;
        }
    }

    /** A recipe scored by the point error alone ({@link Scoring#POINT}). */
    public Recipe(String name, ModelConfig model, boolean aggregate, Combine combine, ErrorKind error,
                  Smoothing smoothing, WindowedAnomalies windowed, DetectionRecipe local, int maxTrainingWindows) {
        this(name, model, aggregate, combine, error, smoothing, windowed, local, maxTrainingWindows, Scoring.POINT);
    }

    /** From overlapping windows to one value per point. */
    public enum Combine {
        /** Each point's reconstruction is the median of the windows' reconstructions of it; then the error. */
        MEDIAN_RECONSTRUCTION,
        /** Each window's per-step errors, averaged over the windows that cover a point. */
        MEAN_ERROR
    }

    /** The per-point, per-feature error. */
    public enum ErrorKind { ABSOLUTE, SQUARED }

    public Recipe {
        if (name == null || name.isBlank() || model == null || combine == null || error == null || smoothing == null) {
            throw new InvalidInputException("a recipe needs a name, a model, a combination, an error and a smoothing");
        }
        if (model.window() <= 0) {
            throw new InvalidInputException("recipe " + name + ": the model needs a window length");
        }
        if ((windowed == null) == (local == null)) {
            throw new InvalidInputException("recipe " + name + ": exactly one interval detector must be given");
        }
        if (maxTrainingWindows < 0) {
            throw new InvalidInputException("max training windows must be >= 0 (0: all), got " + maxTrainingWindows);
        }
        scoring = scoring == null ? Scoring.POINT : scoring;
        if (scoring.mix() != PredictionScores.Mix.RECONSTRUCTION && !model.heads()) {
            throw new InvalidInputException("recipe " + name + ": mixing in regression errors (" + scoring.mix()
                    + ") needs a model with prediction heads");
        }
        if (scoring.measure() != ErrorMeasure.POINT && combine != Combine.MEDIAN_RECONSTRUCTION) {
            throw new InvalidInputException("recipe " + name + ": the " + scoring.measure() + " error compares curves; "
                    + "it needs the median of the windows' reconstructions");
        }
        if (model.heads() && combine != Combine.MEDIAN_RECONSTRUCTION) {
            throw new InvalidInputException("recipe " + name + ": a model with prediction heads is scored from the "
                    + "median of the windows' reconstructions");
        }
    }

    /**
     * What Orion's {@code aer} pipeline does (release 0.7.1; Wong et al., 2022): the same data
     * steps as {@link #orionLstmAutoencoder} (segments averaged, mean imputation, [-1, 1] scaling,
     * windows of 100 at step 1); a bidirectional LSTM(30) encoder of the 98 inner steps (the two
     * directions' summaries concatenated, 60, no bottleneck), RepeatVector(100), a bidirectional
     * LSTM(30) decoder and Dense(1), whose first and last outputs predict the steps before and
     * after; loss 0.25 / 0.5 / 0.25; Adam 1e-3, batch 64, up to 35 epochs, the last 20 % for
     * validation, early stopping with patience 10 and min-delta 3e-4 (last weights); scores: the
     * regression error of each point from both sides and the DTW reconstruction error over 11
     * points, each smoothed (EWMA, centred mean) over 1 % of the windows, the first 1 % masked,
     * scaled to [1, 2] and multiplied; find_anomalies as in lstm_autoencoder.
     */
    public static Recipe orionAer() {
        ModelConfig model = ModelConfig.defaults()
                .withLayers(new int[] {30}, 0, new int[] {30})
                .withBidirectional(true)
                .withPredictionHeads(0.5)
                .withTraining(1e-3, 64, 35, 10, 0.2, 42)
                .withData(Normalizer.Kind.SYMMETRIC_MINMAX, 100, 1)
                .withAnomaly(new AnomalyConfig(ScoreKind.MSE, ThresholdStrategy.MEAN_K_SIGMA, 0.99, 4, 0.005))
                .withFitting(new ModelConfig.Fitting(true, 3e-4, false));
        return new Recipe("orion-aer", model, true, Combine.MEDIAN_RECONSTRUCTION, ErrorKind.ABSOLUTE,
                new Smoothing(Smoothing.Kind.CENTRED, 0.01, 200), WindowedAnomalies.orion(), null, 0,
                new Scoring(ErrorMeasure.DTW, 10, ErrorMeasure.NO_BAND, PredictionScores.Mix.PRODUCT, 0.01));
    }

    /**
     * seqae's detector for long time series: {@link #orionAer}'s model and scores, mixed by
     * {@link PredictionScores.Mix#GUARDED} (the product, but only the intervals both scores
     * confirm on a series where the product raises more than {@link Scoring#DEFAULT_GUARD}). Its
     * models are orion-aer's: the two differ only after training.
     */
    public static Recipe seqaeAer() {
        Recipe aer = orionAer();
        return new Recipe("seqae-aer", aer.model, aer.aggregate, aer.combine, aer.error, aer.smoothing, aer.windowed,
                aer.local, aer.maxTrainingWindows, aer.scoring.withMix(PredictionScores.Mix.GUARDED));
    }

    /**
     * What the Orion benchmark's {@code lstm_autoencoder} does (release 0.7.1): time segments
     * averaged, mean imputation, min-max scaling to [-1, 1] fitted on the training part, windows of
     * 100 at step 1, LSTM(60) whose last hidden state is the latent vector, RepeatVector, LSTM(60),
     * Dense; Adam 1e-3, MSE, batch 64, up to 35 epochs, the last 20 % of the windows for validation,
     * early stopping with patience 10 and min-delta 3e-4 (the last epoch's weights, Keras' default);
     * the median of the overlapping windows' reconstructions, absolute error, a centred rolling
     * mean over 1 % of the windows (at most 200); find_anomalies with windows of 33 % every 10 %,
     * mean + 4σ, padding 50, pruning 0.13.
     */
    public static Recipe orionLstmAutoencoder() {
        ModelConfig model = ModelConfig.defaults()
                .withLayers(new int[] {60}, 0, new int[] {60})
                .withTraining(1e-3, 64, 35, 10, 0.2, 42)
                .withData(Normalizer.Kind.SYMMETRIC_MINMAX, 100, 1)
                .withAnomaly(new AnomalyConfig(ScoreKind.MSE, ThresholdStrategy.MEAN_K_SIGMA, 0.99, 4, 0.005))
                .withFitting(new ModelConfig.Fitting(true, 3e-4, false));
        return new Recipe("orion-lstm-ae", model, true, Combine.MEDIAN_RECONSTRUCTION, ErrorKind.ABSOLUTE,
                new Smoothing(Smoothing.Kind.CENTRED, 0.01, 200), WindowedAnomalies.orion(), null, 0);
    }

    /**
     * seqae's own recipe for a suite: no aggregation, the mean of overlapping windows' squared
     * errors, {@code detector} (EWMA smoothing and thresholds refitted on local windows).
     */
    public static Recipe seqae(ModelConfig model, DetectionRecipe detector) {
        return new Recipe("seqae", model, false, Combine.MEAN_ERROR, ErrorKind.SQUARED, Smoothing.none(), null,
                detector, 0);
    }

    /** The same recipe with the model trained from another seed. */
    public Recipe withSeed(long seed) {
        ModelConfig m = model.withTraining(model.learningRate(), model.batchSize(), model.maxEpochs(),
                model.patience(), model.validationFraction(), seed);
        return new Recipe(name, m, aggregate, combine, error, smoothing, windowed, local, maxTrainingWindows, scoring);
    }

    /** The steps in which two recipes can differ, for ablations: each is taken whole from another recipe. */
    public enum Step {
        /** Time-segment aggregation on or off. */
        AGGREGATION,
        /** The normaliser. */
        SCALING,
        /** Window length and training stride. */
        WINDOW,
        /** The LSTM layer sizes and whether they run both ways. */
        LAYERS,
        /** The dense bottleneck's size (0: none, the encoder's last hidden state is the latent vector). */
        BOTTLENECK,
        /** Epochs, batch, learning rate, patience, validation split, min-delta, last or best weights. */
        TRAINING,
        /** Median of the windows' reconstructions or mean of their errors. */
        COMBINATION,
        /** Absolute or squared error. */
        ERROR,
        /** The smoothing of the point errors. */
        SMOOTHING,
        /** The interval detector (with the model's threshold settings it uses). */
        DETECTOR,
        /** The error measure and the mix of regression and reconstruction scores (with the prediction heads). */
        SCORING
    }

    /**
     * This recipe with {@code step} as {@code other} has it, named {@code <name>+<other's
     * name>-<step>} (e.g. {@code orion-lstm-ae+seqae-scaling}); the seed stays this recipe's.
     */
    public Recipe withStep(Step step, Recipe other) {
        ModelConfig m = model;
        ModelConfig o = other.model;
        boolean agg = aggregate;
        Combine c = combine;
        ErrorKind e = error;
        Smoothing sm = smoothing;
        WindowedAnomalies w = windowed;
        DetectionRecipe l = local;
        Scoring sc = scoring;
        switch (step) {
            case AGGREGATION -> agg = other.aggregate;
            case SCALING -> m = m.withData(o.normalization(), m.window(), m.stride());
            case WINDOW -> m = m.withData(m.normalization(), o.window(), o.stride());
            case LAYERS -> m = m.withLayers(o.encoderSizes(), m.latentSize(), o.decoderSizes())
                    .withBidirectional(o.bidirectional());
            case BOTTLENECK -> m = m.withLayers(m.encoderSizes(), o.latentSize(), m.decoderSizes());
            case TRAINING -> m = m.withTraining(o.learningRate(), o.batchSize(), o.maxEpochs(), o.patience(),
                    o.validationFraction(), m.seed()).withFitting(o.fitting());
            case COMBINATION -> c = other.combine;
            case ERROR -> e = other.error;
            case SMOOTHING -> sm = other.smoothing;
            case DETECTOR -> {
                w = other.windowed;
                l = other.local;
                m = m.withAnomaly(o.anomaly());
            }
            case SCORING -> {
                sc = other.scoring;
                m = m.withPredictionHeads(o.predictionWeight());
            }
            default -> throw new IllegalStateException(step.toString());
        }
        String label = name + "+" + other.name + "-" + step.name().toLowerCase(java.util.Locale.ROOT);
        return new Recipe(label, m, agg, c, e, sm, w, l, maxTrainingWindows, sc);
    }

    /**
     * The same recipe whose {@code find_anomalies} also flags errors far below their window's mean
     * ({@link WindowedAnomalies#lower}), named {@code <name>+lower}; a recipe with another detector
     * is an error.
     */
    public Recipe withLowerThreshold() {
        if (windowed == null) {
            throw new InvalidInputException("a lower threshold needs the find_anomalies detector (recipe "
                    + "orion-lstm-ae); this recipe detects with seqae's own (" + local + ")");
        }
        return new Recipe(name + "+lower", model, aggregate, combine, error, smoothing, windowed.withLower(true), null,
                maxTrainingWindows, scoring);
    }

    /**
     * The same recipe whose prediction heads' regression and reconstruction scores are combined as
     * {@code mix}, named {@code <name>+mix-<mix>}; its trained models are the same (mixing comes
     * after training).
     */
    public Recipe withMix(PredictionScores.Mix mix) {
        return new Recipe(name + "+mix-" + mix, model, aggregate, combine, error, smoothing, windowed, local,
                maxTrainingWindows, scoring.withMix(mix));
    }

    /** The same recipe with at most {@code windows} training windows per series (0: all). */
    public Recipe withMaxTrainingWindows(int windows) {
        return new Recipe(name, model, aggregate, combine, error, smoothing, windowed, local, windows, scoring);
    }

    /**
     * The stride at which a training part of {@code segments} points is cut: the model's, or the
     * smallest larger one that keeps the windows within {@link #maxTrainingWindows}.
     */
    public int trainingStride(int segments) {
        int stride = model.stride();
        if (maxTrainingWindows == 0) {
            return stride;
        }
        while ((segments - model.window()) / stride + 1 > maxTrainingWindows) {
            stride++;
        }
        return stride;
    }

    /**
     * What decides the trained model, one line each: the aggregation, the model's configuration
     * (its seed included) and the training-window bound. Two recipes with the same training
     * description train the same model on the same data; they differ at most in how its
     * reconstructions become intervals (combination, error, smoothing, the detector). Which
     * threshold strategy is the default is left out: training fits every strategy with the
     * configuration's parameters (percentile, k, α), and the run picks one by its own recipe
     * ({@link RecipeRun}), so a detector that only names another strategy trains the same model.
     */
    public Map<String, String> trainingDescription() {
        Map<String, String> all = describe();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("aggregation", all.get("aggregation"));
        AnomalyConfig a = model.anomaly();
        // every recipe described with the same default strategy: only the parameters are a training setting
        m.put("model", model.withAnomaly(new AnomalyConfig(a.score(), ThresholdStrategy.PERCENTILE, a.percentile(),
                a.k(), a.alpha())).toString());
        m.put("training windows", all.get("training windows"));
        return m;
    }

    /** The recipe's settings, one line each, for {@code info} and reports. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("recipe", name);
        m.put("aggregation", aggregate ? "mean over time segments of the dataset's interval, empty ones imputed "
                + "with the training mean" : "none");
        m.put("model", model.toString());
        m.put("combination", combine == Combine.MEDIAN_RECONSTRUCTION
                ? "median of the overlapping windows' reconstructions" : "mean of the overlapping windows' errors");
        m.put("error", error == ErrorKind.ABSOLUTE ? "absolute" : "squared");
        m.put("scoring", scoring.toString());
        m.put("smoothing", smoothing.toString());
        m.put("detector", windowed != null ? "find_anomalies: " + windowed : "seqae: " + local);
        m.put("training windows", maxTrainingWindows == 0 ? "all (stride " + model.stride() + ")"
                : "at most " + maxTrainingWindows + " per series (the stride raised as needed)");
        return m;
    }
}
