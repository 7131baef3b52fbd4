package dev.seqae.plot;

import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.IntervalDetector;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.Options;
import dev.seqae.model.Provenance;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.projection.LatentView;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;

/** The pictures of a model and its results, as {@code seqae plot} and the service draw them. */
public final class ModelPlots {
    private ModelPlots() {
    }

    /** Training and validation loss per epoch of {@code model}. */
    public static JFreeChart loss(SeqAutoencoderModel model, String name) {
        Provenance p = model.provenance();
        return Plots.lossCurves("Training of " + name, p.trainLossHistory(), p.validationLossHistory(), p.bestEpoch());
    }

    /** Whether to colour by label: {@code colorBy} "label", "anomaly", or null (label when every sequence has one). */
    public static boolean byLabel(SequenceSet set, String colorBy) {
        boolean labelled = set.sequences().stream().allMatch(s -> s.label() != null);
        if (colorBy == null) {
            return labelled;
        }
        return switch (colorBy.toLowerCase(Locale.ROOT)) {
            case "label" -> {
                if (!labelled) {
                    throw new InvalidInputException("color-by label: the data has no labels (label column)");
                }
                yield true;
            }
            case "anomaly" -> false;
            default -> throw new InvalidInputException("color-by: '" + colorBy + "' is not one of label, anomaly");
        };
    }

    /** The latent scatter of a view. */
    public static JFreeChart latent(LatentView view, String name, boolean byLabel) {
        boolean pca = view.projection().method().equals("pca");
        String what = pca ? "PCA" : "t-SNE";
        String sub = view.projection().rows().length + " sequences"
                + (view.projection().note() == null ? "" : "; " + view.projection().note());
        if (pca) {
            double[] v = view.projection().explainedVariance();
            sub += String.format(Locale.ROOT, "; PC1 %.1f%%, PC2 %.1f%% of the variance", 100 * v[0], 100 * v[1]);
        }
        return Plots.latentScatter("Latent space (" + what + ") of " + name, sub, view.projection().coordinates(),
                view.groups(byLabel), pca ? "PC1" : "t-SNE 1", pca ? "PC2" : "t-SNE 2");
    }

    /** The histogram of {@code set}'s scores with the model's default threshold. */
    public static JFreeChart scores(SeqAutoencoderModel model, SequenceSet set, String dataName, boolean byLabel) {
        var scores = model.score(set.values(), null);
        double[] s = scores.stream().mapToDouble(SeqAutoencoderModel.SequenceScore::score).toArray();
        String[] group = new String[s.length];
        for (int i = 0; i < s.length; i++) {
            group[i] = byLabel ? "label " + set.sequences().get(i).label()
                    : scores.get(i).anomalous() ? "anomaly" : "normal";
        }
        return Plots.scoreHistogram("Scores of " + dataName + " (" + Options.display(
                model.config().anomaly().strategy()) + " threshold)", s, group, model.threshold(null).value(), 60);
    }

    /**
     * One feature of a time series ({@code feature}: its name, or null for the first) with the
     * intervals the model flags (fitted point threshold, EWMA span {@code smoothing}).
     */
    public static JFreeChart series(SeqAutoencoderModel model, TimeSeries ts, String feature, int smoothing,
                                    String dataName) {
        int f = 0;
        if (feature != null) {
            f = List.of(ts.featureNames()).indexOf(feature);
            if (f < 0) {
                throw new InvalidInputException("feature: '" + feature + "' is not one of "
                        + String.join(", ", ts.featureNames()));
            }
        }
        var points = model.scorePoints(ts.source(), ts.values(), 1, null);
        List<Interval> intervals = new IntervalDetector(smoothing, 0, 1, 0).detect(points.scores(),
                points.threshold());
        double[] v = new double[ts.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ts.values()[i][f];
        }
        return Plots.seriesWithIntervals(dataName, v, ts.featureNames()[f], intervals);
    }
}
