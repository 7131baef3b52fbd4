package dev.seqae.cli;

import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.io.AtomicFiles;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Sequences;
import dev.seqae.plot.ModelPlots;
import dev.seqae.plot.Plots;
import dev.seqae.projection.LatentView;
import dev.seqae.projection.Projector;
import java.nio.file.Path;
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
        Outputs.file(out, "--out");
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
        return ModelPlots.loss(m, model.getFileName().toString());
    }

    private JFreeChart latent(SeqAutoencoderModel m, SequenceSet set) {
        LatentView v = LatentView.of(m, set, method, 2, Projector.TsneOptions.defaults());
        return ModelPlots.latent(v, model.getFileName().toString(), ModelPlots.byLabel(set, colorBy));
    }

    private JFreeChart scores(SeqAutoencoderModel m, SequenceSet set) {
        return ModelPlots.scores(m, set, data.getFileName().toString(), ModelPlots.byLabel(set, colorBy));
    }

    private JFreeChart series(SeqAutoencoderModel m) {
        Dataset d = read();
        if (!(d instanceof TimeSeries ts)) {
            throw new InvalidInputException(data + ": plot series needs one time series (layout timeseries)");
        }
        Sequences.requireTimeSeriesModel(ts, m);
        return ModelPlots.series(m, ts, feature, smoothing, data.getFileName().toString());
    }
}
