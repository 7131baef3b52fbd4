package dev.seqae.model;

import dev.seqae.anomaly.SequenceScorer;
import dev.seqae.anomaly.Threshold;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.Normalizer;
import dev.seqae.data.SequenceChecks;
import dev.seqae.data.Windows;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.engine.AutoencoderNetwork;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A trained LSTM sequence autoencoder: encodes, reconstructs and scores. Immutable after
 * construction (the weights are never written again) and safe to call from many threads.
 * Made by {@link Trainer} or {@link ModelFile#load}.
 */
public final class SeqAutoencoderModel {
    private final ModelConfig config;
    private final AutoencoderNetwork network;
    private final Normalizer normalizer;
    private final String[] featureNames;
    private final SequenceScorer scorer;
    private final Map<ThresholdStrategy, Threshold> thresholds;
    private final Map<ThresholdStrategy, Threshold> pointThresholds;
    private final Provenance provenance;
    private final Inference.Passes passes;

    SeqAutoencoderModel(ModelConfig config, AutoencoderNetwork network, Normalizer normalizer, String[] featureNames,
                        SequenceScorer scorer, Map<ThresholdStrategy, Threshold> thresholds,
                        Map<ThresholdStrategy, Threshold> pointThresholds, Provenance provenance) {
        this.config = config;
        this.network = network;
        this.normalizer = normalizer;
        this.featureNames = featureNames.clone();
        this.scorer = scorer;
        this.thresholds = new EnumMap<>(thresholds);
        this.pointThresholds = pointThresholds == null ? Map.of() : new EnumMap<>(pointThresholds);
        this.provenance = provenance;
        this.passes = Inference.Passes.of(network);
    }

    public ModelConfig config() {
        return config;
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    public String[] featureNames() {
        return featureNames.clone();
    }

    public int features() {
        return featureNames.length;
    }

    /**
     * The latent vector's size: the configured latent size, or without a bottleneck the encoder's
     * top output width (its top layer size, twice that when bidirectional).
     */
    public int latentWidth() {
        return network.shape().latentWidth();
    }

    /** Whether the encoder and decoder LSTMs run both ways. */
    public boolean bidirectional() {
        return network.shape().bidirectional();
    }

    public SequenceScorer scorer() {
        return scorer;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** Sequence-level thresholds, every strategy, fitted on held-out normal data. */
    public Map<ThresholdStrategy, Threshold> thresholds() {
        return Map.copyOf(thresholds);
    }

    /** Point-level thresholds (time-series models only; empty otherwise). */
    public Map<ThresholdStrategy, Threshold> pointThresholds() {
        return Map.copyOf(pointThresholds);
    }

    /** The threshold of the given strategy, or the configured default when {@code null}. */
    public Threshold threshold(ThresholdStrategy strategy) {
        return pick(thresholds, strategy);
    }

    /** The point threshold of {@code strategy} (null: the model's default), for time-series models. */
    public Threshold pointThreshold(ThresholdStrategy strategy) {
        return pick(pointThresholds, strategy);
    }

    private Threshold pick(Map<ThresholdStrategy, Threshold> fitted, ThresholdStrategy strategy) {
        ThresholdStrategy s = strategy == null ? config.anomaly().strategy() : strategy;
        Threshold t = fitted.get(s);
        if (t == null) {
            throw new InvalidInputException("this model has no '" + s.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-') + "' threshold (it was trained before that strategy existed); "
                    + "choose another --threshold or retrain");
        }
        return t;
    }

    AutoencoderNetwork network() {
        return network;
    }

    /**
     * One sequence's reconstruction.
     *
     * @param latent         latent vector
     * @param reconstruction in the input's units, input step order
     * @param squaredErrors  per step and feature, in normalised units (what scores are built from)
     */
    public record Reconstruction(float[] latent, float[][] reconstruction, float[][] squaredErrors) {
    }

    /** Reconstructs sequences (raw units); {@code freeRunning} applies to the conditional decoder only. */
    public List<Reconstruction> reconstruct(List<float[][]> sequences, boolean freeRunning) {
        return reconstruct(sequences, freeRunning, ForwardPath.AUTO);
    }

    /** As {@link #reconstruct(List, boolean)}, the forward pass computed by {@code path} (for benchmarks). */
    public List<Reconstruction> reconstruct(List<float[][]> sequences, boolean freeRunning, ForwardPath path) {
        List<Inference.Result> results = infer(sequences, freeRunning, path, Inference.Need.ALL);
        List<Reconstruction> out = new ArrayList<>(results.size());
        for (Inference.Result r : results) {
            out.add(new Reconstruction(r.latent(), normalizer.invertInPlace(r.reconstruction()), r.squaredErrors()));
        }
        return out;
    }

    /**
     * The squared reconstruction errors per step and feature (normalised units, input step order),
     * one array per sequence: what scores are made of, without the reconstructions.
     */
    public List<float[][]> squaredErrors(List<float[][]> sequences) {
        return infer(sequences, false, ForwardPath.AUTO, Inference.Need.ERRORS).stream()
                .map(Inference.Result::squaredErrors).toList();
    }

    private List<Inference.Result> infer(List<float[][]> sequences, boolean freeRunning, ForwardPath path,
                                         Inference.Need need) {
        validate(sequences);
        if (freeRunning && config.decoder() != DecoderKind.CONDITIONAL) {
            throw new InvalidInputException("free-running reconstruction needs a conditional-decoder model");
        }
        List<float[][]> normalized = new ArrayList<>(sequences.size());
        for (float[][] s : sequences) {
            normalized.add(normalizer.apply(s));
        }
        return Inference.run(network, passes, normalized, config.reversed(), freeRunning, path, need);
    }

    /** The path {@link ForwardPath#AUTO} takes for a batch of {@code size} sequences. */
    public ForwardPath forwardPath(int size) {
        return Inference.choose(passes, size);
    }

    /** Whether this model was trained to denoise (corrupted inputs, clean targets). */
    public boolean denoising() {
        return config.corruption().active();
    }

    /**
     * Denoised sequences in the input's units: the reconstructions, a conditional decoder running
     * free (fed its own outputs, not the noisy input). A windowed model (one with a window length)
     * denoises each sequence window by window, as {@link #denoiseSeries}.
     */
    public List<float[][]> denoise(List<float[][]> sequences) {
        if (config.window() > 0) {
            return denoiseWindowed(sequences, "sequence", null);
        }
        return denoiseWhole(sequences);
    }

    /**
     * A denoised series {@code [points][features]}: windows of the model's length at {@code stride}
     * (null: a quarter of the window; the last window ends at the last point), each denoised,
     * overlapping windows averaged point by point. A model without a window length denoises the
     * series as one sequence.
     */
    public float[][] denoiseSeries(String source, float[][] series, Integer stride) {
        if (config.window() <= 0) {
            return denoiseWhole(List.<float[][]>of(series)).get(0);
        }
        return denoiseWindowed(List.<float[][]>of(series), source, stride).get(0);
    }

    private List<float[][]> denoiseWhole(List<float[][]> sequences) {
        boolean free = config.decoder() == DecoderKind.CONDITIONAL;
        return reconstruct(sequences, free).stream().map(Reconstruction::reconstruction).toList();
    }

    /** Every window of every series denoised in one pass, then each series' windows averaged back to points. */
    private List<float[][]> denoiseWindowed(List<float[][]> series, String source, Integer stride) {
        int window = config.window();
        int s = stride != null ? stride : sequenceStride();
        List<Windows> plans = new ArrayList<>(series.size());
        List<float[][]> all = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Windows w = Windows.covering(series.size() == 1 ? source : source + " " + i, series.get(i).length, window, s);
            plans.add(w);
            all.addAll(w.cut(series.get(i)));
        }
        List<float[][]> clean = denoiseWhole(all);
        int features = features();
        List<float[][]> out = new ArrayList<>(series.size());
        int next = 0;
        for (int i = 0; i < series.size(); i++) {
            Windows w = plans.get(i);
            float[][] points = new float[series.get(i).length][features];
            for (int f = 0; f < features; f++) {
                double[][] perWindow = new double[w.count()][window];
                for (int k = 0; k < w.count(); k++) {
                    float[][] c = clean.get(next + k);
                    for (int t = 0; t < window; t++) {
                        perWindow[k][t] = c[t][f];
                    }
                }
                double[] p = w.toPoints(perWindow);
                for (int t = 0; t < p.length; t++) {
                    points[t][f] = (float) p[t];
                }
            }
            next += w.count();
            out.add(points);
        }
        return out;
    }

    /** Latent vectors, one per sequence. */
    public List<float[]> encode(List<float[][]> sequences) {
        return infer(sequences, false, ForwardPath.AUTO, Inference.Need.LATENT).stream()
                .map(Inference.Result::latent).toList();
    }

    /**
     * One sequence's score.
     *
     * @param score         the sequence score
     * @param anomalous     score above the threshold
     * @param threshold     the threshold used
     * @param stepScores    per-step scores
     * @param featureShares per-feature share of the squared error (sums to 1)
     * @param squaredErrors per step and feature (normalised units)
     */
    public record SequenceScore(double score, boolean anomalous, double threshold, double[] stepScores,
                                double[] featureShares, float[][] squaredErrors) {
    }

    /**
     * Scores sequences against the threshold of {@code strategy} (the default when null). A windowed
     * model (one trained on windows of a series) scores each sequence as it denoises it: windows of
     * its length every {@link #sequenceStride()} steps, each step's squared errors averaged over
     * the windows that cover it, then the sequence's score from those; a sequence shorter than the
     * window is an error that names it.
     */
    public List<SequenceScore> score(List<float[][]> sequences, ThresholdStrategy strategy) {
        if (config.window() <= 0) {
            return scoreErrors(squaredErrors(sequences), strategy);
        }
        validate(sequences);
        List<Windows> plans = new ArrayList<>(sequences.size());
        List<float[][]> all = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) {
            Windows w = Windows.plan("sequence " + i, sequences.get(i).length, config.window(), sequenceStride());
            plans.add(w);
            all.addAll(w.cut(sequences.get(i)));
        }
        List<float[][]> errors = squaredErrors(all);
        Threshold th = threshold(strategy);
        List<SequenceScore> out = new ArrayList<>(sequences.size());
        int next = 0;
        for (Windows w : plans) {
            double[][] e = stepErrors(w, errors.subList(next, next + w.count()));
            next += w.count();
            float[][] squared = new float[e.length][];
            for (int t = 0; t < e.length; t++) {
                squared[t] = new float[e[t].length];
                for (int f = 0; f < e[t].length; f++) {
                    squared[t][f] = (float) e[t][f];
                }
            }
            double sc = scorer.score(squared);
            out.add(new SequenceScore(sc, th.isAnomalous(sc), th.value(), scorer.stepScores(squared),
                    SequenceScorer.featureShares(squared), squared));
        }
        return out;
    }

    /** The step between windows when a windowed model scores or denoises a separate sequence: a quarter window. */
    public int sequenceStride() {
        return Math.max(1, config.window() / 4);
    }

    /** Per point and feature, the windows' squared errors averaged over the windows that cover the point. */
    private double[][] stepErrors(Windows w, List<float[][]> errors) {
        int features = features();
        double[][][] perFeature = new double[features][errors.size()][config.window()];
        for (int i = 0; i < errors.size(); i++) {
            float[][] e = errors.get(i);
            for (int t = 0; t < e.length; t++) {
                for (int f = 0; f < features; f++) {
                    perFeature[f][i][t] = e[t][f];
                }
            }
        }
        double[][] out = null;
        for (int f = 0; f < features; f++) {
            double[] column = w.toPoints(perFeature[f]);
            if (out == null) {
                out = new double[column.length][features];
            }
            for (int p = 0; p < column.length; p++) {
                out[p][f] = column[p];
            }
        }
        return out;
    }

    /**
     * Scores reconstructions already made by {@link #reconstruct} (no second pass through the
     * network when the latent vectors are wanted too).
     */
    public List<SequenceScore> scoreReconstructions(List<Reconstruction> reconstructions, ThresholdStrategy strategy) {
        return scoreErrors(reconstructions.stream().map(Reconstruction::squaredErrors).toList(), strategy);
    }

    private List<SequenceScore> scoreErrors(List<float[][]> errors, ThresholdStrategy strategy) {
        Threshold th = threshold(strategy);
        List<SequenceScore> out = new ArrayList<>(errors.size());
        for (float[][] e : errors) {
            double s = scorer.score(e);
            out.add(new SequenceScore(s, th.isAnomalous(s), th.value(), scorer.stepScores(e),
                    SequenceScorer.featureShares(e), e));
        }
        return out;
    }

    /**
     * Point scores of a long series: windows of the model's length at {@code stride}, per-step
     * scores mapped back to points (mean over the covering windows).
     *
     * @param scores    one per point
     * @param anomalous one per point
     * @param threshold the point threshold used
     * @param windows   how many windows were scored
     * @param featureErrors per point and feature {@code [points][features]}: the squared
     *                  reconstruction error (normalised units), averaged over the covering windows
     */
    public record PointScores(double[] scores, boolean[] anomalous, double threshold, int windows,
                              double[][] featureErrors) {
    }

    /** Scores every point of a series {@code [points][features]} (time-series models only). */
    public PointScores scorePoints(String source, float[][] series, int stride, ThresholdStrategy strategy) {
        if (config.window() <= 0) {
            throw new InvalidInputException("this model was not trained on a time series (no window length); "
                    + "score sequences instead");
        }
        Windows w = Windows.covering(source, series.length, config.window(), stride);
        List<float[][]> windows = w.cut(series);
        List<float[][]> errors = squaredErrors(windows);
        double[][] perStep = new double[windows.size()][];
        for (int i = 0; i < windows.size(); i++) {
            perStep[i] = scorer.stepScores(errors.get(i));
        }
        double[] points = w.toPoints(perStep);
        double[][] featureErrors = stepErrors(w, errors);
        Threshold th = pick(pointThresholds, strategy);
        boolean[] flags = new boolean[points.length];
        for (int i = 0; i < points.length; i++) {
            flags[i] = th.isAnomalous(points[i]);
        }
        return new PointScores(points, flags, th.value(), w.count(), featureErrors);
    }

    private void validate(List<float[][]> sequences) {
        SequenceChecks.requireValid(sequences, features(), "sequence", "model expects");
        if (config.heads()) {
            Trainer.requireHeadWindows(sequences, "sequence", false);
        }
    }
}
