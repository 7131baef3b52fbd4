package dev.seqae.cli;

import dev.seqae.anomaly.Threshold;
import dev.seqae.anomaly.ThresholdFitter;
import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSegments;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.recipe.Recipe;
import dev.seqae.recipe.RecipeModels;
import dev.seqae.recipe.RecipeRun;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.ModelSettings;
import dev.seqae.model.Options;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import dev.seqae.model.engine.AutoencoderNetwork;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqae train}: data file in, model file out. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an LSTM sequence autoencoder on normal data and save it as one model file.")
final class TrainCommand implements Callable<Integer> {
    /** The recipe a time series is trained with when no model option is given. */
    static final String DEFAULT_RECIPE = "seqae-aer";

    @Option(names = {"-d", "--data"}, required = true, description = "training data (CSV/TSV)")
    Path data;

    @Option(names = {"-o", "--out"}, description = "model file to write (default: ${DEFAULT-VALUE})",
            defaultValue = "out/model.seqae")
    Path out;

    @Mixin
    CsvOptionsMixin csv;

    @Option(names = "--normal-label", split = ",", description = "train only on sequences with these labels")
    List<String> normalLabels;

    @Option(names = "--config", description = "model settings (properties file; options below win)")
    Path config;

    @Option(names = "--encoder", description = "encoder LSTM sizes, e.g. 64 or 64,32 (default 64)")
    String encoder;
    @Option(names = "--decoder", description = "decoder LSTM sizes (default 64)")
    String decoder;
    @Option(names = "--latent", description = "latent size (default 16; 0 = no dense bottleneck: the encoder's last hidden state is the latent vector)")
    Integer latent;
    @Option(names = "--decoder-kind", description = "repeat or conditional (default repeat)")
    String decoderKind;
    @Option(names = "--reverse", description = "reconstruct in reverse order")
    Boolean reverse;
    @Option(names = "--bidirectional", description = "every encoder and decoder LSTM runs both ways, outputs "
            + "concatenated (layer sizes are per direction; repeat decoder only)")
    Boolean bidirectional;
    @Option(names = "--prediction-heads", paramLabel = "WEIGHT", description = "AER's prediction heads: the encoder "
            + "reads each window's inner steps, the decoder's first and last steps predict the steps before and after "
            + "them; WEIGHT is their share of the loss, in [0, 1) (AER: 0.5; default 0, none; equal-length windows, "
            + "repeat decoder)")
    Double predictionHeads;
    @Option(names = "--dropout", description = "dropout rate (default 0)")
    Double dropout;
    @Option(names = "--noise", description = "denoising: Gaussian noise added to training inputs, σ as a fraction of "
            + "each feature's standard deviation (default 0; targets stay clean)")
    Double noise;
    @Option(names = "--mask", description = "denoising: probability that a training input step is masked "
            + "(replaced by the feature's mean; default 0)")
    Double mask;
    @Option(names = "--spikes", description = "denoising: probability that a training input value gets a spike "
            + "(default 0)")
    Double spikes;
    @Option(names = "--spike-magnitude", description = "denoising: spike height in standard deviations (default 3)")
    Double spikeMagnitude;
    @Option(names = "--l2", description = "L2 penalty (default 0)")
    Double l2;
    @Option(names = "--lr", description = "learning rate (default 0.001)")
    Double lr;
    @Option(names = "--updater", description = "adam, rmsprop, nesterovs or sgd (default adam)")
    String updater;
    @Option(names = "--batch", description = "minibatch size (default 64)")
    Integer batch;
    @Option(names = "--epochs", description = "maximum epochs (default 50)")
    Integer epochs;
    @Option(names = "--patience", description = "early-stopping patience in epochs, 0 = off (default 5)")
    Integer patience;
    @Option(names = "--validation", description = "held-out fraction (default 0.2)")
    Double validation;
    @Option(names = "--seed", description = "random seed (default 42)")
    Long seed;
    @Option(names = "--normalization", description = "zscore, minmax, symmetric-minmax ([-1, 1]) or none (default zscore)")
    String normalization;
    @Option(names = "--window", description = "time series: window length")
    Integer window;
    @Option(names = "--stride", description = "time series: window stride (default 1)")
    Integer stride;
    @Option(names = "--score", description = "mse, max-step or mahalanobis (default mse)")
    String score;
    @Option(names = "--threshold", description = "default threshold: percentile, mean-k-sigma, gaussian, pot or dynamic")
    String threshold;
    @Option(names = "--percentile", description = "percentile threshold quantile (default 0.99)")
    Double percentile;
    @Option(names = "--k", description = "mean + k sigma threshold (default 3)")
    Double k;
    @Option(names = "--alpha", description = "gaussian and pot thresholds: tail probability (default 0.01)")
    Double alpha;
    @Option(names = "--engine", description = "fast (default) or samediff (the slow reference gradients)")
    String engine;
    @Option(names = "--threads", description = "training threads: each minibatch is split into this many shards "
            + "computed in parallel (default 1; the trained weights depend on it, and it is recorded)")
    Integer threads;

    @Option(names = "--recipe", description = "train a detection recipe's model on one time series: "
            + RecipeNames.NAMES + ", or none (a plain model); the recipe sets the model (only --seed, --threads, "
            + "--interval, --max-training-windows and --lower-threshold go with it) and is saved in the model file: "
            + "seqae detect applies it, seqae info shows it. Default: on a time series with no model option, "
            + DEFAULT_RECIPE + " (seqae's detector), else none")
    String recipe;
    @Option(names = "--interval", description = "with a --recipe that averages time segments (orion-lstm-ae): "
            + "their length, in seconds for date-time stamps, else in points (the Orion benchmark: NAB 600, "
            + "NAB realAdExchange 3600, one row for SMAP/MSL and UCR)")
    Double interval;
    @Option(names = "--max-training-windows", description = "with --recipe: at most this many training windows, "
            + "cut at the smallest stride that keeps within it (default: all)")
    Integer maxTrainingWindows;
    @Option(names = "--lower-threshold", description = "with a --recipe that detects with find_anomalies "
            + "(orion-lstm-ae): also flag runs of errors below their window's mean - k sd (saved with the recipe)")
    boolean lowerThreshold;

    @Override
    public Integer call() throws Exception {
        Outputs.file(out, "--out");
        boolean plain = "none".equals(recipe);
        if (recipe != null && !plain) {
            return trainRecipe(recipe, interval, null);
        }
        Dataset read = null;
        if (!plain && modelOptions().isEmpty() && normalLabels == null) {
            read = csv.read(data);
            if (read instanceof TimeSeries ts) {
                // a time series and no model settings: seqae's detector, one point per segment unless --interval says
                int window = RecipeNames.named("--recipe", DEFAULT_RECIPE).model().window();
                if (ts.length() <= window) {
                    throw new InvalidInputException(data + ": " + ts.length() + " points, too few for seqae's detector "
                            + "(recipe " + DEFAULT_RECIPE + ", windows of " + window + "): train a plain model with "
                            + "--window N (shorter than the series)");
                }
                double step = interval != null ? interval : TimeSegments.medianStep(TimeSegments.axis(ts));
                System.err.printf(java.util.Locale.ROOT, "training recipe %s, seqae's detector for time series "
                        + "(segments of %s; --recipe none or any model option trains a plain model instead)%n",
                        DEFAULT_RECIPE, interval != null ? "--interval " + interval : "one point: the median step "
                        + step);
                return trainRecipe(DEFAULT_RECIPE, step, ts);
            }
        }
        for (Object[] o : new Object[][] {{"--interval", interval}, {"--max-training-windows", maxTrainingWindows},
            {"--lower-threshold", lowerThreshold ? Boolean.TRUE : null}}) {
            if (o[1] != null) {
                throw new InvalidInputException(o[0] + " goes with a recipe (a detection recipe's setting)"
                        + (plain ? ", not with --recipe none" : ""));
            }
        }
        ModelSettings settings = settings();
        ModelConfig cfg = settings.build();
        Dataset dataset = DataSelection.normalOnly(read != null ? read : csv.read(data), normalLabels);
        ProgressBar progress = new ProgressBar(System.err);
        SeqAutoencoderModel model = train(cfg, settings.threads(), dataset, describe(dataset), progress);
        progress.done();
        ModelFile.save(model, out);
        var p = model.provenance();
        System.out.printf("trained on %d sequences (%d held out), %d epochs, best epoch %d: loss %.5f, "
                        + "validation %.5f, %.0f seq/s%n", p.trainingSequences(), p.validationSequences(),
                p.epochsRun(), p.bestEpoch(), p.finalTrainLoss(), p.finalValidationLoss(), p.sequencesPerSecond());
        for (Threshold t : model.thresholds().values()) {
            System.out.printf("threshold %-12s = %.6f%n", Options.display(t.strategy()), t.value());
        }
        Threshold chosen = model.thresholds().get(cfg.anomaly().strategy());
        if (chosen != null && ThresholdFitter.unstable(chosen)) {
            System.err.printf(java.util.Locale.ROOT, "note: the %.3g percentile of %d held-out scores has %.1f of "
                    + "them above it: it is near their largest and moves with one score; gaussian with alpha %.3g "
                    + "(the same tail, fitted to all of them) is steadier (docs/thresholds.md)%n", chosen.parameter(),
                    chosen.fittedOn(), chosen.fittedOn() * (1 - chosen.parameter()), 1 - chosen.parameter());
        }
        System.out.println("model written to " + out);
        return 0;
    }

    /** The model options given on the command line (none may go with a recipe). */
    private List<String> modelOptions() {
        Object[][] modelOptions = {{"--config", config}, {"--encoder", encoder}, {"--decoder", decoder},
            {"--latent", latent}, {"--decoder-kind", decoderKind}, {"--reverse", reverse}, {"--bidirectional", bidirectional},
            {"--prediction-heads", predictionHeads}, {"--dropout", dropout},
            {"--noise", noise}, {"--mask", mask}, {"--spikes", spikes}, {"--spike-magnitude", spikeMagnitude},
            {"--l2", l2}, {"--lr", lr}, {"--updater", updater}, {"--batch", batch}, {"--epochs", epochs},
            {"--patience", patience}, {"--validation", validation}, {"--normalization", normalization},
            {"--window", window}, {"--stride", stride}, {"--score", score}, {"--threshold", threshold},
            {"--percentile", percentile}, {"--k", k}, {"--alpha", alpha}, {"--engine", engine}};
        List<String> given = new java.util.ArrayList<>();
        for (Object[] o : modelOptions) {
            if (o[1] != null) {
                given.add((String) o[0]);
            }
        }
        return given;
    }

    /**
     * A recipe's model on one time series, saved with the recipe ({@code interval}: its aggregation,
     * may be null; {@code dataset}: the data when already read, else null: read after the settings are checked).
     */
    private int trainRecipe(String recipe, Double interval, Dataset dataset) throws Exception {
        List<String> given = modelOptions();
        if (normalLabels != null) {
            given.add(0, "--normal-label");
        }
        if (!given.isEmpty()) {
            throw new InvalidInputException(given.get(0) + " cannot be combined with --recipe: the recipe sets the "
                    + "model (seqae info --recipe " + recipe + " shows it)");
        }
        Recipe r = RecipeNames.named("--recipe", recipe);
        if (seed != null) {
            r = r.withSeed(seed);
        }
        if (maxTrainingWindows != null) {
            if (maxTrainingWindows < 1) {
                throw new InvalidInputException("--max-training-windows must be >= 1, got " + maxTrainingWindows);
            }
            r = r.withMaxTrainingWindows(maxTrainingWindows);
        }
        if (lowerThreshold) {
            try {
                r = r.withLowerThreshold();
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--lower-threshold: recipe " + recipe + ": " + e.getMessage(), e);
            }
        }
        if (r.aggregate() && interval == null) {
            throw new InvalidInputException("--interval is needed: recipe " + recipe + " averages time segments of "
                    + "that length (seconds for date-time stamps, points otherwise)");
        }
        if (!r.aggregate() && interval != null) {
            throw new InvalidInputException("--interval: recipe " + recipe + " does not aggregate time segments");
        }
        RecipeRun run = new RecipeRun(r, interval == null ? 0 : interval);
        if (dataset == null) {
            dataset = csv.read(data);
        }
        if (!(dataset instanceof TimeSeries ts)) {
            throw new InvalidInputException(data + ": a recipe trains on one time series (layout timeseries), "
                    + "not on separate sequences");
        }
        ProgressBar progress = new ProgressBar(System.err);
        RecipeRun.Trained trained = run.train(ts, describe(dataset), threads == null ? 1 : threads, progress);
        progress.done();
        RecipeModels.save(run, trained, out);
        var p = trained.model().provenance();
        System.out.printf("recipe %s: %d points as %d segments, windows of %d at stride %d; %d epochs, best epoch %d: "
                        + "loss %.5f, validation %.5f%n", r.name(), ts.length(), trained.trainingSegments(),
                trained.model().config().window(), trained.model().config().stride(), p.epochsRun(), p.bestEpoch(),
                p.finalTrainLoss(), p.finalValidationLoss());
        System.out.println("model written to " + out);
        return 0;
    }

    static SeqAutoencoderModel train(ModelConfig cfg, int threads, Dataset dataset, String description,
                                     dev.seqae.model.TrainingListener progress) {
        if (!AutoencoderNetwork.vectorKernels()) {
            System.err.println("note: this JVM was started without --add-modules jdk.incubator.vector; training uses "
                    + "the scalar kernels, several times slower (bin/seqae sets the option)");
        }
        Trainer trainer = new Trainer(cfg, progress, threads);
        if (dataset instanceof TimeSeries ts) {
            return trainer.fit(ts, description);
        }
        SequenceSet set = (SequenceSet) dataset;
        return trainer.fit(set.values(), set.featureNames(), description);
    }

    private String describe(Dataset d) {
        String what = d instanceof TimeSeries ts ? "time series, " + ts.length() + " points"
                : ((SequenceSet) d).size() + " sequences";
        return data + " (" + what + ", " + d.features() + " features"
                + (normalLabels == null ? "" : ", labels " + normalLabels) + ")";
    }

    private ModelSettings settings() {
        ModelSettings s = new ModelSettings();
        if (config != null) {
            s.file(config);
        }
        return s.option("encoder", encoder).option("decoder", decoder).option("latent", latent)
                .option("decoder-kind", decoderKind).option("reverse", reverse).option("bidirectional", bidirectional)
                .option("prediction-heads", predictionHeads).option("dropout", dropout)
                .option("l2", l2).option("lr", lr).option("updater", updater).option("batch", batch)
                .option("epochs", epochs).option("patience", patience).option("validation", validation)
                .option("seed", seed).option("normalization", normalization).option("window", window)
                .option("stride", stride).option("score", score).option("threshold", threshold)
                .option("percentile", percentile).option("k", k).option("alpha", alpha).option("engine", engine)
                .option("threads", threads).option("noise", noise).option("mask", mask).option("spikes", spikes)
                .option("spike-magnitude", spikeMagnitude);
    }
}
