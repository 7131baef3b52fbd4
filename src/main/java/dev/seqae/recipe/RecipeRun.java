package dev.seqae.recipe;

import dev.seqae.anomaly.ErrorMeasure;
import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.PredictionScores;
import dev.seqae.anomaly.TimeSpan;
import dev.seqae.anomaly.WindowedAnomalies;
import dev.seqae.data.Normalizer;
import dev.seqae.data.TimeSegments;
import dev.seqae.data.TimeSeries;
import dev.seqae.data.Windows;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import dev.seqae.model.TrainingListener;
import java.util.ArrayList;
import java.util.List;

/**
 * One recipe carried out: {@link #train} on a series' training part, {@link #detect} on a series
 * (the same or its test part). Plain Java; seeded through the recipe's model configuration.
 */
public final class RecipeRun {
    private final Recipe recipe;
    private final double interval;

    /**
     * @param recipe   the settings
     * @param interval the aggregation interval on the data's time axis (seconds for date-times,
     *                 points otherwise); used only when the recipe aggregates
     */
    public RecipeRun(Recipe recipe, double interval) {
        if (recipe.aggregate() && !(interval > 0)) {
            throw new InvalidInputException("recipe " + recipe.name() + " aggregates: the interval must be > 0, got "
                    + interval);
        }
        this.recipe = recipe;
        this.interval = interval;
    }

    /** The recipe it carries out. */
    public Recipe recipe() {
        return recipe;
    }

    /** The aggregation interval (see the constructor). */
    public double interval() {
        return interval;
    }

    /** A trained recipe: the model and the training part's segment means (for imputation). */
    public record Trained(SeqAutoencoderModel model, double[] imputation, int trainingSegments) {
    }

    /**
     * The detection on one series.
     *
     * @param segments  the series as the model saw it (aggregated or one segment per point)
     * @param errors    one smoothed error per segment (what the detector saw)
     * @param intervals detected intervals in segment indices
     * @param spans     the same on the data's time axis: the first and last segment's start time
     *                  (what Orion reports and scores)
     * @param thresholds one per segment: the lowest threshold of the detector's windows that cover
     *                  it ({@link WindowedAnomalies#thresholds}), or null for a detector without
     *                  per-window thresholds
     */
    public record Detection(TimeSegments segments, double[] errors, List<Interval> intervals, List<TimeSpan> spans,
                            double[] thresholds) {
        /** Each detected interval's original points {@code {first, last}} (null where it holds none). */
        public List<int[]> points() {
            List<int[]> out = new ArrayList<>(intervals.size());
            for (Interval i : intervals) {
                out.add(segments.pointsOf(i.start(), i.end()));
            }
            return out;
        }

        /** One error per original point: its segment's (for point-wise metrics). */
        public double[] pointErrors() {
            return perPoint(errors);
        }

        /** One threshold per original point, its segment's (null when the detector has none). */
        public double[] pointThresholds() {
            return thresholds == null ? null : perPoint(thresholds);
        }

        private double[] perPoint(double[] perSegment) {
            double[] out = new double[segments.points()];
            for (int k = 0; k < segments.length(); k++) {
                for (int p = segments.firstPoint()[k]; p >= 0 && p <= segments.lastPoint()[k]; p++) {
                    out[p] = perSegment[k];
                }
            }
            return out;
        }
    }

    /** The series as segments: aggregated over the interval, or one per point. */
    TimeSegments segments(TimeSeries series) {
        return recipe.aggregate()
                ? TimeSegments.aggregate(series.source(), TimeSegments.axis(series), series.values(), interval)
                : TimeSegments.identity(TimeSegments.axis(series), series.values());
    }

    /** Trains the recipe's model on {@code train} (its windows at {@link Recipe#trainingStride}). */
    public Trained train(TimeSeries train, String description, int threads) {
        return train(train, description, threads, null);
    }

    /** As {@link #train(TimeSeries, String, int)}, reporting each epoch to {@code listener} (may be null). */
    public Trained train(TimeSeries train, String description, int threads, TrainingListener listener) {
        TimeSegments s = segments(train);
        double[] means = s.featureMeans();
        TimeSegments filled = s.imputeMean(means);
        if (filled.length() < recipe.model().window() + 1) {
            throw new InvalidInputException(train.source() + ": " + filled.length() + " segments, fewer than the "
                    + "recipe's window (" + recipe.model().window() + ") + 1");
        }
        TimeSeries ts = new TimeSeries(train.source(), null, filled.values(), train.featureNames());
        ModelConfig config = recipe.model();
        int stride = recipe.trainingStride(filled.length());
        if (stride != config.stride()) {
            config = config.withData(config.normalization(), config.window(), stride);
        }
        SeqAutoencoderModel model = new Trainer(config, listener, threads).fit(ts, description);
        return new Trained(model, means, filled.length());
    }

    /** Detects intervals on {@code series} with a trained recipe. */
    public Detection detect(Trained trained, TimeSeries series) {
        SeqAutoencoderModel model = trained.model();
        if (series.features() != model.features()) {
            throw new InvalidInputException(series.source() + ": " + series.features() + " features, the model was "
                    + "trained on " + model.features());
        }
        TimeSegments s = segments(series).imputeMean(trained.imputation());
        ModelConfig config = model.config();
        int n = s.length();
        Windows w = Windows.plan(series.source(), n, config.window(), 1);
        List<float[][]> windows = w.cut(s.values());
        List<SeqAutoencoderModel.Reconstruction> recon = model.reconstruct(windows, false);
        Normalizer norm = model.normalizer();
        float[][] x = norm.apply(s.values());
        double[] smoothed;
        List<Interval> intervals;
        PredictionScores.Mix mix = recipe.scoring().mix();
        boolean consensus = false;
        if (config.heads()) {
            double[][] regRec = headScores(recon, norm, x, w.count());
            smoothed = PredictionScores.combine(mix, regRec[0], regRec[1]);
            intervals = mix == PredictionScores.Mix.CONSENSUS ? List.of() : intervals(smoothed, model);
            // consensus, or guarded where the product fires more often than the guard: what both scores find alone
            consensus = mix == PredictionScores.Mix.CONSENSUS
                    || mix == PredictionScores.Mix.GUARDED && intervals.size() > recipe.scoring().guard();
            if (consensus) {
                intervals = Interval.confirmed(intervals(regRec[0], model), intervals(regRec[1], model));
            }
        } else {
            smoothed = recipe.smoothing().apply(reconstructionErrors(recon, norm, x, w), windows.size());
            intervals = intervals(smoothed, model);
        }
        List<TimeSpan> spans = new ArrayList<>(intervals.size());
        for (Interval i : intervals) {
            spans.add(new TimeSpan(s.times()[i.start()], s.times()[i.end()], i.severity()));
        }
        // two detectors agreeing have no one threshold per point
        double[] thresholds = recipe.windowed() != null && !consensus ? recipe.windowed().thresholds(smoothed) : null;
        return new Detection(s, smoothed, intervals, spans, thresholds);
    }

    /** The recipe's detector on one score series. */
    private List<Interval> intervals(double[] scores, SeqAutoencoderModel model) {
        return recipe.windowed() != null ? recipe.windowed().detect(scores)
                : recipe.local().detect(scores, recipe.model().anomaly(),
                        model.pointThresholds().get(recipe.model().anomaly().strategy()).value());
    }

    /** One error per point from the windows' reconstructions, as the recipe combines and measures them. */
    private double[] reconstructionErrors(List<SeqAutoencoderModel.Reconstruction> recon, Normalizer norm,
                                          float[][] x, Windows w) {
        int features = x[0].length;
        int window = w.window();
        if (recipe.combine() == Recipe.Combine.MEDIAN_RECONSTRUCTION) {
            return medianErrors(normalised(recon, norm), w, 0, x);
        }
        double[][] perWindow = new double[recon.size()][window];
        for (int k = 0; k < recon.size(); k++) {
            float[][] e = recon.get(k).squaredErrors();
            for (int t = 0; t < window; t++) {
                double sum = 0;
                for (int f = 0; f < features; f++) {
                    double sq = e[t][f];
                    sum += recipe.error() == Recipe.ErrorKind.SQUARED ? sq : Math.sqrt(sq);
                }
                perWindow[k][t] = sum / features;
            }
        }
        return w.toPoints(perWindow);
    }

    /** The windows' reconstructions in normalised units. */
    private static List<float[][]> normalised(List<SeqAutoencoderModel.Reconstruction> recon, Normalizer norm) {
        List<float[][]> out = new ArrayList<>(recon.size());
        for (SeqAutoencoderModel.Reconstruction r : recon) {
            out.add(norm.apply(r.reconstruction()));
        }
        return out;
    }

    /**
     * The recipe's error between the points {@code [first, first + plan's length)} of {@code x} and
     * their reconstruction, the median of the windows' steps {@code [first, first + plan.window())}
     * that cover each ({@code plan}: those steps' windows over those points), averaged over the
     * features.
     */
    private double[] medianErrors(List<float[][]> normalised, Windows plan, int first, float[][] x) {
        int features = x[0].length;
        int steps = plan.window();
        double[] errors = null;
        for (int f = 0; f < features; f++) {
            double[][] perWindow = new double[normalised.size()][steps];
            for (int k = 0; k < normalised.size(); k++) {
                for (int t = 0; t < steps; t++) {
                    perWindow[k][t] = normalised.get(k)[first + t][f];
                }
            }
            double[] e = pointErrors(x, f, plan.toPointsMedian(perWindow), first);
            if (errors == null) {
                errors = new double[e.length];
            }
            for (int p = 0; p < e.length; p++) {
                errors[p] += e[p] / features;
            }
        }
        return errors;
    }

    private double error(double d) {
        return recipe.error() == Recipe.ErrorKind.ABSOLUTE ? Math.abs(d) : d * d;
    }

    /**
     * The recipe's error measure between feature {@code f} of the points {@code [from, from +
     * reconstruction.length)} of {@code x} and their reconstruction: the point error (absolute or
     * squared), or the AREA or DTW measure over the recipe's window.
     */
    private double[] pointErrors(float[][] x, int f, double[] reconstruction, int from) {
        Recipe.Scoring sc = recipe.scoring();
        double[] y = new double[reconstruction.length];
        for (int p = 0; p < y.length; p++) {
            y[p] = x[from + p][f];
        }
        if (sc.measure() == ErrorMeasure.POINT) {
            double[] e = new double[y.length];
            for (int p = 0; p < y.length; p++) {
                e[p] = error(y[p] - reconstruction[p]);
            }
            return e;
        }
        return sc.measure().apply(y, reconstruction, sc.window(), sc.band());
    }

    /**
     * The two scores of a model with prediction heads, one per point each (AER's
     * {@code score_anomalies} before it mixes them): first the regression error of the windows'
     * backward and forward predictions ({@link PredictionScores#regression}), then the
     * reconstruction error of the inner points (each the median of the windows' inner
     * reconstructions of it, measured by the recipe's measure, smoothed, its first
     * {@code ⌊fraction·N⌋} values set to their minimum, 0 at the two outer points). Errors are
     * averaged over the features.
     */
    private double[][] headScores(List<SeqAutoencoderModel.Reconstruction> recon, Normalizer norm, float[][] x,
                                  int windowCount) {
        int n = x.length;
        int features = x[0].length;
        int window = recipe.model().window();
        Recipe.Scoring sc = recipe.scoring();
        List<float[][]> normalised = normalised(recon, norm);
        // reconstruction: the inner steps 1..T-2 of window k cover points k+1 .. k+T-2
        Windows inner = Windows.plan("inner points", n - 2, window - 2, 1);
        double[] rec = recipe.smoothing().apply(medianErrors(normalised, inner, 1, x), windowCount);
        int masked = Math.min(rec.length, (int) (sc.fraction() * windowCount));
        double min = java.util.Arrays.stream(rec).min().orElse(0);
        java.util.Arrays.fill(rec, 0, masked, min);
        double[] recScores = new double[n];
        System.arraycopy(rec, 0, recScores, 1, n - 2);
        // regression: window k predicts point k (backward) and point k+T-1 (forward)
        double[] backward = new double[windowCount];
        double[] forward = new double[windowCount];
        for (int k = 0; k < windowCount; k++) {
            float[][] r = normalised.get(k);
            for (int f = 0; f < features; f++) {
                backward[k] += Math.abs(x[k][f] - r[0][f]) / features;
                forward[k] += Math.abs(x[k + window - 1][f] - r[window - 1][f]) / features;
            }
        }
        return new double[][] {PredictionScores.regression(backward, forward, window, sc.fraction(), true),
            recScores};
    }
}
