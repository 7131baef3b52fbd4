package dev.seqae.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.seqae.data.Corruption;
import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.LabeledSequence;
import dev.seqae.data.Normalizer;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import dev.seqae.plot.Plots;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code seqae evaluate --suite denoise}: how well a denoising autoencoder restores held-out clean
 * sequences, next to two classic filters tuned to be strong. For each dataset (ECG5000's normal
 * beats; the synthetic generator) and each corruption kind, one denoising model is trained on
 * clean sequences with that kind of corruption at a middle strength; then the held-out sequences
 * are corrupted at several strengths and the RMSE and SNR against the clean sequences reported
 * for the corrupted input, the model's output, a centred moving average and a Savitzky–Golay
 * filter — each filter with the window (and order) that gave the lowest RMSE on a separate
 * validation split corrupted the same way. Everything is seeded.
 */
public final class DenoiseSuite {
    /** The kinds of corruption and the strengths tested; the middle one trains the model. */
    public enum Kind {
        GAUSSIAN(new double[] {0.1, 0.2, 0.3, 0.5}, 0.3, "σ (× signal sd)"),
        SPIKES(new double[] {0.01, 0.02, 0.05}, 0.02, "rate (± 4 sd)"),
        MASKING(new double[] {0.05, 0.1, 0.2}, 0.1, "masked steps");

        final double[] strengths;
        final double training;
        final String unit;

        Kind(double[] strengths, double training, String unit) {
            this.strengths = strengths;
            this.training = training;
            this.unit = unit;
        }

        /** The corruption of this kind at {@code s}. */
        public Corruption at(double s) {
            return switch (this) {
                case GAUSSIAN -> Corruption.gaussian(s);
                case SPIKES -> Corruption.spikes(s, SPIKE_MAGNITUDE);
                case MASKING -> Corruption.masking(s);
            };
        }
    }

    /** Spike height in standard deviations. */
    static final double SPIKE_MAGNITUDE = 4;
    static final int[] MA_WINDOWS = {3, 5, 7, 9, 11, 13, 15, 19, 23, 27, 31};
    static final int[] SG_WINDOWS = {5, 7, 9, 11, 13, 15, 19, 23, 27, 31, 41};
    static final int[] SG_ORDERS = {2, 3, 4};

    /** RMSE and SNR (dB) of a version against the clean sequences. */
    public record Quality(double rmse, @JsonProperty("snr_db") double snrDb) {
    }

    /** One strength of one kind on one dataset. */
    public record Row(String kind, double strength, Quality noisy, Quality denoised,
                      @JsonProperty("moving_average") Quality movingAverage, @JsonProperty("ma_window") int maWindow,
                      @JsonProperty("savitzky_golay") Quality savitzkyGolay, @JsonProperty("sg_window") int sgWindow,
                      @JsonProperty("sg_order") int sgOrder) {
        /** The model's RMSE over the better baseline's. */
        public double ratioToBestBaseline() {
            return denoised.rmse / Math.min(movingAverage.rmse, savitzkyGolay.rmse);
        }
    }

    /** One dataset's rows, with how its data was split and the models trained. */
    public record DatasetResult(String dataset, String split, String config, List<Row> rows, List<String> models,
                                double seconds) {
    }

    /** Clean sequences of one dataset: training, baseline validation, held out. */
    public record Data(String name, String split, List<float[][]> train, List<float[][]> validation,
                       List<float[][]> heldOut, String[] features) {
    }

    private DenoiseSuite() {
    }

    /**
     * ECG5000's normal beats (label 1): the test file's normal beats are shuffled (seeded) and
     * halved — one half is held out, the other joins the training file's normal beats; the baseline
     * windows are tuned on 300 of the training beats.
     */
    public static Data ecg5000(Path dir, long seed) {
        List<float[][]> trainBeats = normal(CsvDataReader.read(dir.resolve("ECG5000_TRAIN.tsv"), CsvOptions.rows("0")));
        List<float[][]> testBeats = new ArrayList<>(normal(CsvDataReader.read(dir.resolve("ECG5000_TEST.tsv"),
                CsvOptions.rows("0"))));
        Collections.shuffle(testBeats, new Random(seed));
        int half = testBeats.size() / 2;
        List<float[][]> train = new ArrayList<>(trainBeats);
        train.addAll(testBeats.subList(0, half));
        List<float[][]> heldOut = testBeats.subList(half, testBeats.size());
        List<float[][]> shuffled = new ArrayList<>(train);
        Collections.shuffle(shuffled, new Random(seed + 1));
        List<float[][]> validation = shuffled.subList(0, Math.min(300, shuffled.size()));
        String split = String.format(Locale.ROOT, "%d normal beats for training (%d of ECG5000_TRAIN, %d of "
                + "ECG5000_TEST), %d held-out normal beats of ECG5000_TEST; baselines tuned on %d training beats",
                train.size(), trainBeats.size(), half, heldOut.size(), validation.size());
        return new Data("ECG5000", split, train, validation, heldOut, new String[] {"value"});
    }

    private static List<float[][]> normal(dev.seqae.data.Dataset d) {
        if (!(d instanceof SequenceSet set)) {
            throw new InvalidInputException(d.source() + ": expected one beat per row");
        }
        return set.sequences().stream().filter(s -> "1".equals(s.label())).map(LabeledSequence::values).toList();
    }

    /** The synthetic generator's regular sequences (2 features, 64 steps). */
    public static Data synthetic(long seed) {
        List<float[][]> train = SyntheticGenerator.regular(1200, 64, 2, seed);
        List<float[][]> validation = SyntheticGenerator.regular(300, 64, 2, seed + 1);
        List<float[][]> heldOut = SyntheticGenerator.regular(500, 64, 2, seed + 2);
        return new Data("synthetic", "1,200 regular sequences (2 features, 64 steps) for training, 300 to tune the "
                + "baselines, 500 held out", train, validation, heldOut, new String[] {"a", "b"});
    }

    /**
     * Trains one denoiser per kind on {@code data.train} and measures every strength.
     *
     * @param plots where the overlay pictures go ({@code <dataset>-<kind>.png}), or null
     */
    public static DatasetResult run(Data data, ModelConfig base, int threads, List<Kind> kinds, Path plots,
                                    Consumer<String> log) throws IOException {
        long started = System.nanoTime();
        int features = data.features().length;
        Normalizer stats = Normalizer.fit(Normalizer.Kind.ZSCORE, data.heldOut(), features);
        Normalizer valStats = Normalizer.fit(Normalizer.Kind.ZSCORE, data.validation(), features);
        List<Row> rows = new ArrayList<>();
        List<String> models = new ArrayList<>();
        for (Kind kind : kinds) {
            ModelConfig cfg = base.withCorruption(kind.at(kind.training));
            log.accept(String.format(Locale.ROOT, "%s: training a denoiser for %s (%s) on %d sequences", data.name(),
                    kind.name().toLowerCase(Locale.ROOT), cfg.corruption(), data.train().size()));
            // with a window length, the model learns windows cut from the training sequences and denoises
            // a sequence window by window, overlapping windows averaged
            SeqAutoencoderModel model = new Trainer(cfg, null, threads).fit(data.train(), data.features(),
                    data.name() + " clean training sequences");
            models.add(String.format(Locale.ROOT, "%s: %s, %d epochs (best %d), validation loss %.4f, %.0f s",
                    kind.name().toLowerCase(Locale.ROOT), cfg.corruption(), model.provenance().epochsRun(),
                    model.provenance().bestEpoch(), model.provenance().finalValidationLoss(),
                    model.provenance().trainingSeconds()));
            for (int si = 0; si < kind.strengths.length; si++) {
                double s = kind.strengths[si];
                Corruption c = kind.at(s);
                long salt = (long) kind.ordinal() * 1000 + si;
                List<float[][]> noisy = c.apply(data.heldOut(), stats, new SplittableRandom(seedOf(base) + salt));
                List<float[][]> noisyVal = c.apply(data.validation(), valStats,
                        new SplittableRandom(seedOf(base) + 500 + salt));
                List<float[][]> denoised = model.denoise(noisy);
                int[] ma = bestMovingAverage(data.validation(), noisyVal);
                int[] sg = bestSavitzkyGolay(data.validation(), noisyVal);
                List<float[][]> maOut = noisy.stream().map(x -> Smoothers.movingAverage(x, ma[0])).toList();
                List<float[][]> sgOut = noisy.stream().map(x -> Smoothers.savitzkyGolay(x, sg[0], sg[1])).toList();
                Row row = new Row(kind.name().toLowerCase(Locale.ROOT), s, quality(data.heldOut(), noisy),
                        quality(data.heldOut(), denoised), quality(data.heldOut(), maOut), ma[0],
                        quality(data.heldOut(), sgOut), sg[0], sg[1]);
                rows.add(row);
                log.accept(String.format(Locale.ROOT, "%s %s %.3g: RMSE noisy %.4f, denoised %.4f, moving average "
                                + "%.4f (w %d), Savitzky-Golay %.4f (w %d, order %d)", data.name(), row.kind(), s,
                        row.noisy().rmse(), row.denoised().rmse(), row.movingAverage().rmse(), ma[0],
                        row.savitzkyGolay().rmse(), sg[0], sg[1]));
                if (plots != null && s == kind.training) {
                    plot(plots.resolve(data.name().toLowerCase(Locale.ROOT) + "-" + row.kind() + ".png"), data, kind,
                            s, data.heldOut().get(0), noisy.get(0), denoised.get(0), sgOut.get(0));
                }
            }
        }
        return new DatasetResult(data.name(), data.split(), base.toString(), rows, models,
                (System.nanoTime() - started) / 1e9);
    }

    private static long seedOf(ModelConfig c) {
        return c.seed() * 7919;
    }

    private static int[] bestMovingAverage(List<float[][]> clean, List<float[][]> noisy) {
        int best = MA_WINDOWS[0];
        double bestRmse = Double.POSITIVE_INFINITY;
        for (int w : MA_WINDOWS) {
            double r = quality(clean, noisy.stream().map(x -> Smoothers.movingAverage(x, w)).toList()).rmse();
            if (r < bestRmse) {
                bestRmse = r;
                best = w;
            }
        }
        return new int[] {best};
    }

    private static int[] bestSavitzkyGolay(List<float[][]> clean, List<float[][]> noisy) {
        int[] best = {SG_WINDOWS[0], SG_ORDERS[0]};
        double bestRmse = Double.POSITIVE_INFINITY;
        for (int w : SG_WINDOWS) {
            for (int o : SG_ORDERS) {
                if (o >= w) {
                    continue;
                }
                double r = quality(clean, noisy.stream().map(x -> Smoothers.savitzkyGolay(x, w, o)).toList()).rmse();
                if (r < bestRmse) {
                    bestRmse = r;
                    best = new int[] {w, o};
                }
            }
        }
        return best;
    }

    /** RMSE over every value, and SNR = 10 log10(Σ (clean − its feature mean)² / Σ (x − clean)²). */
    public static Quality quality(List<float[][]> clean, List<float[][]> x) {
        int features = clean.get(0)[0].length;
        double[] mean = Normalizer.fit(Normalizer.Kind.ZSCORE, clean, features).offset();
        double err = 0;
        double signal = 0;
        long n = 0;
        for (int i = 0; i < clean.size(); i++) {
            float[][] c = clean.get(i);
            float[][] y = x.get(i);
            for (int t = 0; t < c.length; t++) {
                for (int f = 0; f < features; f++) {
                    double d = y[t][f] - c[t][f];
                    err += d * d;
                    double s = c[t][f] - mean[f];
                    signal += s * s;
                    n++;
                }
            }
        }
        return new Quality(Math.sqrt(err / n), 10 * Math.log10(signal / err));
    }

    private static void plot(Path file, Data data, Kind kind, double strength, float[][] clean, float[][] noisy,
                             float[][] denoised, float[][] sg) throws IOException {
        LinkedHashMap<String, double[]> lines = new LinkedHashMap<>();
        lines.put("clean", column(clean));
        lines.put("noisy", column(noisy));
        lines.put("denoised (autoencoder)", column(denoised));
        lines.put("Savitzky-Golay", column(sg));
        Files.createDirectories(file.toAbsolutePath().getParent());
        var chart = Plots.lines(data.name() + ": " + kind.name().toLowerCase(Locale.ROOT) + " " + strength + " ("
                + kind.unit + ")", "first held-out sequence, feature " + data.features()[0], lines, "step", "value");
        dev.seqae.io.AtomicFiles.write(file, (OutputStream os) -> Plots.png(chart, 900, 420, os));
    }

    private static double[] column(float[][] s) {
        double[] v = new double[s.length];
        for (int t = 0; t < s.length; t++) {
            v[t] = s[t][0];
        }
        return v;
    }

    /** The rows as a Markdown table. */
    public static String markdown(DatasetResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(r.dataset()).append("\n\n").append(r.split()).append(".\n\n");
        sb.append("| corruption | strength | noisy RMSE (SNR dB) | **denoised** | moving average (w) | Savitzky–Golay "
                + "(w, order) | denoised / best baseline |\n|---|---|---|---|---|---|---|\n");
        for (Row row : r.rows()) {
            sb.append(String.format(Locale.ROOT, "| %s | %.3g | %.4f (%.1f) | **%.4f (%.1f)** | %.4f (%d) | %.4f "
                            + "(%d, %d) | %.2f%s |%n", row.kind(), row.strength(), row.noisy().rmse(),
                    row.noisy().snrDb(), row.denoised().rmse(), row.denoised().snrDb(), row.movingAverage().rmse(),
                    row.maWindow(), row.savitzkyGolay().rmse(), row.sgWindow(), row.sgOrder(),
                    row.ratioToBestBaseline(), row.ratioToBestBaseline() < 1 ? "" : " (baseline better)"));
        }
        sb.append("\nModels (").append(r.config()).append("):\n\n");
        r.models().forEach(m -> sb.append("- ").append(m).append('\n'));
        sb.append(String.format(Locale.ROOT, "%nWall time %.0f s.%n", r.seconds()));
        return sb.toString();
    }
}
