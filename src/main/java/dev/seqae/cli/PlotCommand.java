package dev.seqae.cli;

import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.IntervalDetector;
import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.io.AtomicFiles;
import dev.seqae.model.ModelFile;
import dev.seqae.model.Options;
import dev.seqae.model.Provenance;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.plot.Plots;
import dev.seqae.projection.Projector;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code seqae plot loss|latent|scores|series}: PNG pictures of a model (its training curves) and
 * of its results on a data file (the latent scatter, the score histogram with the threshold, a
 * time series with its anomalous intervals).
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Write a PNG: loss (training curves; no data needed), latent (PCA/t-SNE scatter), scores "
                + "(histogram with the threshold) or series (a time series with its anomalous intervals).")
final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "loss, latent, scores or series")
    String kind;

    @Option(names = {"-m", "--model"}, required = true, description = "model file")
    Path model;

    @Option(names = {"-d", "--data"}, description = "data (CSV/TSV); needed for latent, scores and series")
    Path data;

    @Mixin
    CsvOptionsMixin csv;

    @Option(names = {"-o", "--out"}, required = true, description = "PNG file to write")
    Path out;

    @Option(names = "--width", description = "pixels (default ${DEFAULT-VALUE})", defaultValue = "900")
    int width;

    @Option(names = "--height", description = "pixels (default ${DEFAULT-VALUE})", defaultValue = "600")
    int height;

    @Option(names = "--method", description = "latent: pca or tsne (default ${DEFAULT-VALUE})", defaultValue = "pca")
    String method;

    @Option(names = "--color-by", description = "latent and scores: label or anomaly (default: label when the data "
            + "has labels)")
    String colorBy;

    @Option(names = "--feature", description = "series: the feature to draw (default: the first)")
    String feature;

    @Option(names = "--smoothing", description = "series: EWMA span of the point scores (default ${DEFAULT-VALUE})",
            defaultValue = "1")
    int smoothing;

    @Override
    public Integer call() throws Exception {
        if (width < 100 || height < 100 || width > 8000 || height > 8000) {
            throw new InvalidInputException("--width and --height must be in [100, 8000], got " + width + "x"
                    + height);
        }
        SeqAutoencoderModel m = ModelFile.load(model);
        JFreeChart chart = switch (kind.toLowerCase(Locale.ROOT)) {
            case "loss" -> loss(m);
            case "latent" -> latent(m, sequences(m));
            case "scores" -> scores(m, sequences(m));
            case "series" -> series(m);
            default -> throw new InvalidInputException("plot: '" + kind + "' is not one of loss, latent, scores, "
                    + "series");
        };
        AtomicFiles.write(out, os -> Plots.png(chart, width, height, os));
        System.err.println("wrote " + out + " (" + width + "x" + height + ")");
        return 0;
    }

    private Dataset read() {
        if (data == null) {
            throw new InvalidInputException("plot " + kind + " needs --data");
        }
        return csv.read(data);
    }

    private SequenceSet sequences(SeqAutoencoderModel m) {
        return Sequences.of(read(), m);
    }

    private JFreeChart loss(SeqAutoencoderModel m) {
        Provenance p = m.provenance();
        return Plots.lossCurves("Training of " + model.getFileName(), p.trainLossHistory(),
                p.validationLossHistory(), p.bestEpoch());
    }

    private boolean byLabel(SequenceSet set) {
        boolean labelled = set.sequences().stream().allMatch(s -> s.label() != null);
        if (colorBy == null) {
            return labelled;
        }
        return switch (colorBy.toLowerCase(Locale.ROOT)) {
            case "label" -> {
                if (!labelled) {
                    throw new InvalidInputException("--color-by label: the data has no labels (--label-column)");
                }
                yield true;
            }
            case "anomaly" -> false;
            default -> throw new InvalidInputException("--color-by: '" + colorBy + "' is not one of label, anomaly");
        };
    }

    private JFreeChart latent(SeqAutoencoderModel m, SequenceSet set) {
        boolean label = byLabel(set);
        var scores = m.score(set.values(), null);
        List<float[]> latent = m.reconstruct(set.values(), false).stream()
                .map(SeqAutoencoderModel.Reconstruction::latent).toList();
        var r = ProjectCommand.project(latent, set, scores, method, 2,
                method.equalsIgnoreCase("tsne") ? Projector.TsneOptions.defaults() : null);
        int[] rows = r.projection().rows();
        String[] group = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            group[i] = label ? "label " + set.sequences().get(rows[i]).label()
                    : scores.get(rows[i]).anomalous() ? "anomaly" : "normal";
        }
        String what = r.projection().method().equals("pca") ? "PCA" : "t-SNE";
        String sub = rows.length + " sequences" + (r.projection().note() == null ? "" : "; " + r.projection().note());
        if (r.projection().method().equals("pca")) {
            double[] v = r.projection().explainedVariance();
            sub += String.format(Locale.ROOT, "; PC1 %.1f%%, PC2 %.1f%% of the variance", 100 * v[0], 100 * v[1]);
        }
        return Plots.latentScatter("Latent space (" + what + ") of " + model.getFileName(), sub,
                r.projection().coordinates(), group, what.equals("PCA") ? "PC1" : "t-SNE 1",
                what.equals("PCA") ? "PC2" : "t-SNE 2");
    }

    private JFreeChart scores(SeqAutoencoderModel m, SequenceSet set) {
        boolean label = byLabel(set);
        var scores = m.score(set.values(), null);
        double[] s = scores.stream().mapToDouble(SeqAutoencoderModel.SequenceScore::score).toArray();
        String[] group = new String[s.length];
        for (int i = 0; i < s.length; i++) {
            group[i] = label ? "label " + set.sequences().get(i).label()
                    : scores.get(i).anomalous() ? "anomaly" : "normal";
        }
        return Plots.scoreHistogram("Scores of " + data.getFileName() + " (" + Options.display(
                m.config().anomaly().strategy()) + " threshold)", s, group, m.threshold(null).value(), 60);
    }

    private JFreeChart series(SeqAutoencoderModel m) {
        Dataset d = read();
        if (!(d instanceof TimeSeries ts)) {
            throw new InvalidInputException(data + ": plot series needs one time series (layout timeseries)");
        }
        Sequences.requireTimeSeriesModel(ts, m);
        int f = 0;
        if (feature != null) {
            f = List.of(ts.featureNames()).indexOf(feature);
            if (f < 0) {
                throw new InvalidInputException("--feature: '" + feature + "' is not one of "
                        + String.join(", ", ts.featureNames()));
            }
        }
        var points = m.scorePoints(ts.source(), ts.values(), 1, null);
        List<Interval> intervals = new IntervalDetector(smoothing, 0, 1, 0).detect(points.scores(),
                points.threshold());
        double[] v = new double[ts.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ts.values()[i][f];
        }
        return Plots.seriesWithIntervals(data.getFileName().toString(), v, ts.featureNames()[f], intervals);
    }
}
