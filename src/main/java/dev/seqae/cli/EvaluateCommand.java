package dev.seqae.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.evaluation.DenoiseSuite;
import dev.seqae.evaluation.Ecg5000Suite;
import dev.seqae.evaluation.NabSuite;
import dev.seqae.evaluation.PublishedResults;
import dev.seqae.evaluation.SuiteRunner;
import dev.seqae.recipe.Recipe;
import dev.seqae.evaluation.Reports;
import dev.seqae.evaluation.SignalResult;
import dev.seqae.evaluation.ModelStore;
import dev.seqae.evaluation.SignalStore;
import dev.seqae.evaluation.TelemetrySuite;
import dev.seqae.evaluation.UcrSuite;
import dev.seqae.io.AtomicFiles;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seqae evaluate}: runs a benchmark suite (train + detect over labelled public data) and
 * writes its tables as Markdown (also on stdout) and JSON under {@code --out-dir}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Run a benchmark suite over labelled data: nab, ecg5000, smap-msl, smd, ucr, or all five. Markdown "
                + "on stdout; <suite>.md and <suite>.json under --out-dir.")
final class EvaluateCommand implements Callable<Integer> {
    /** The suites, with the folder each is looked for in under the --data-dir of {@code all}. */
    private static final Map<String, String> SUITES = new LinkedHashMap<>(Map.of());

    static {
        SUITES.put("nab", "nab");
        SUITES.put("ecg5000", "ecg5000");
        SUITES.put("smap-msl", "nasa_smap_msl");
        SUITES.put("smd", "smd");
        SUITES.put("ucr", "ucr_anomaly_2021");
    }

    @Option(names = "--suite", required = true, description = "nab, ecg5000, smap-msl, smd, ucr, all (the five), or "
            + "denoise (ECG5000 and synthetic: the denoising autoencoder against tuned classic filters)")
    String suite;

    @Option(names = "--data-dir", required = true, description = "the suite's folder (nab: data/ and "
            + "labels/combined_windows.json; ecg5000: ECG5000_TRAIN.tsv and ECG5000_TEST.tsv; smap-msl: train/, test/ "
            + "and labeled_anomalies.csv; smd: train/, test/ and test_label/; ucr: NNN_UCR_Anomaly_*.txt); for all: "
            + "the folder holding nab/, ecg5000/, nasa_smap_msl/, smd/ and ucr_anomaly_2021/, e.g. ../shared/datasets")
    Path dataDir;

    @Option(names = "--only", split = ",", description = "time-series suites: series whose category/name (nab) or "
            + "name (smap-msl, smd; the file name for ucr) starts with one of these")
    List<String> only;

    @Option(names = "--ecg-config", description = "the ECG5000 model settings (default ${DEFAULT-VALUE}, the "
            + "quickstart's)", defaultValue = "config/ecg5000.properties")
    Path ecgConfig;

    @Option(names = "--denoise-config", description = "denoise suite: the denoisers' model settings (default "
            + "${DEFAULT-VALUE}; the corruption is set per kind)", defaultValue = "config/denoise.properties")
    Path denoiseConfig;

    @Option(names = "--kinds", split = ",", description = "denoise suite: gaussian, spikes and/or masking (default all)")
    List<String> kinds;

    @Option(names = "--threads", description = "time-series suites: signals evaluated at once, each on one core "
            + "(results do not depend on it); denoise suite: training threads (default ${DEFAULT-VALUE})",
            defaultValue = "1")
    int threads;

    @Option(names = "--recipe", description = "time-series suites: seqae-aer (seqae's detector, the default), "
            + "orion-lstm-ae or orion-aer (the Orion benchmark's lstm_autoencoder and aer pipelines), seqae (the "
            + "first settings of seqae per suite), or one of seqae-nab, seqae-smap-msl, seqae-smd on every suite; see "
            + "seqae info --recipe NAME", defaultValue = "seqae-aer")
    String recipe;

    @Option(names = "--seeds", description = "time-series suites: run every signal with this many seeds (42, 43, "
            + "...) and report each dataset's mean and range (default ${DEFAULT-VALUE})", defaultValue = "1")
    int seeds;

    @Option(names = "--max-training-windows", split = ",", description = "time-series suites: train on at most "
            + "this many windows per signal, cut at the smallest stride that keeps within it; N for every suite, or "
            + "SUITE=N for one (e.g. ucr=1000; default: all windows, at the recipe's stride); bounds the training "
            + "time, which grows linearly with the windows")
    List<String> maxTrainingWindows;

    @Option(names = "--ablate", split = ",", description = "time-series suites: take these steps of the recipe from "
            + "the suite's seqae recipe instead (aggregation, scaling, window, layers, bottleneck, training, "
            + "combination, error, smoothing, detector, scoring), one row of an ablation; the recipe is then called "
            + "<recipe>+seqae-<step>")
    List<String> ablate;

    @Option(names = "--ablation", description = "time-series suites: the recipe, then the recipe with each step "
            + "(those --ablate names, default every step) taken from the suite's seqae recipe in turn, one row each; "
            + "<suite>-ablation.md sets the rows side by side (F1 and TP/FP/FN per dataset). Rows share trained "
            + "models as --resume does (kept under <out-dir>/models/), so rows that differ only after training "
            + "train nothing")
    boolean ablation;

    @Option(names = "--lower-threshold", description = "time-series suites, recipes detecting with find_anomalies: "
            + "also flag runs of errors below their window's mean - k sd (Orion's lower_threshold); the recipe is then "
            + "called <recipe>+lower")
    boolean lowerThreshold;

    @Option(names = "--mix", description = "time-series suites, recipes with prediction heads (seqae-aer, "
            + "orion-aer): how the regression and reconstruction scores are combined: product, sum, regression, "
            + "reconstruction, consensus (each score through the detector alone, the intervals both find kept), or "
            + "guarded (the product, or the consensus on a series where the product raises more than 8 intervals); "
            + "default: the recipe's; the recipe is then called <recipe>+mix-<mix> and shares the recipe's trained "
            + "models")
    String mix;

    @Option(names = "--resume", description = "time-series suites: use the signals a stopped run with the same "
            + "recipe, seed and data finished (every finished signal is kept under <out-dir>/signals/), and the "
            + "trained models of any earlier run whose training settings, seed and data are the same (kept under "
            + "<out-dir>/models/), so that recipes differing only after training train once")
    boolean resume;

    @Option(names = "--published", description = "the published per-signal counts to compare with (the Orion "
            + "benchmark's CSV: dataset,pipeline,signal,tp,fp,fn), e.g. ../shared/datasets/orion-benchmark-0.7.1.csv")
    Path published;

    @Option(names = "--differences-with", description = "with --published: the pipeline whose per-signal counts "
            + "the first seed's are set against, signal by signal, in <out-dir>/<suite>-vs-<pipeline>.md (default "
            + "${DEFAULT-VALUE}, the reference of the orion-lstm-ae recipe; skipped when the file lacks it)",
            defaultValue = "lstm_autoencoder")
    String differencesWith;

    @Option(names = "--out-dir", description = "where the JSON and Markdown go (default ${DEFAULT-VALUE})",
            defaultValue = "out/eval")
    Path outDir;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        if (suite.equals("all")) {
            StringBuilder all = new StringBuilder();
            StringBuilder times = new StringBuilder("| suite | wall time (s) |\n|---|---|\n");
            for (Map.Entry<String, String> e : SUITES.entrySet()) {
                if (!Files.isDirectory(dataDir.resolve(e.getValue()))) {
                    throw new InvalidInputException(dataDir.resolve(e.getValue()) + ": not a directory (--suite all "
                            + "expects " + String.join(", ", SUITES.values()) + " under --data-dir)");
                }
            }
            for (Map.Entry<String, String> e : SUITES.entrySet()) {
                long suiteStarted = System.nanoTime();
                all.append("## ").append(e.getKey()).append("\n\n").append(runSuite(e.getKey(),
                        dataDir.resolve(e.getValue()))).append('\n');
                times.append(String.format(Locale.ROOT, "| %s | %.1f |%n", e.getKey(), seconds(suiteStarted)));
            }
            all.append(times).append(String.format(Locale.ROOT, "%nAll %d suites: %.1f s.%n", SUITES.size(),
                    seconds(started)));
            AtomicFiles.write(outDir.resolve("all.md"), os -> os.write(all.toString().getBytes(StandardCharsets.UTF_8)));
            System.out.print(all);
        } else if (suite.equals("denoise")) {
            System.out.print(runDenoise());
        } else if (SUITES.containsKey(suite)) {
            System.out.print(runSuite(suite, dataDir));
        } else {
            throw new InvalidInputException("--suite: '" + suite + "' is not one of nab, ecg5000, smap-msl, smd, ucr, all, denoise");
        }
        System.err.printf(Locale.ROOT, "evaluate %s: %.1f s; results under %s%n", suite, seconds(started), outDir);
        return 0;
    }

    /** Runs one suite, writes its Markdown and JSON, and returns the Markdown. */
    private String runSuite(String name, Path dir) throws IOException {
        long started = System.nanoTime();
        System.err.println("suite " + name + ": " + dir);
        String md;
        Map<String, Object> json;
        List<String> prefixes = only == null ? List.of() : only;
        if (name.equals("ecg5000")) {
            ModelSettings settings = new ModelSettings();
            if (Files.exists(ecgConfig)) {
                settings.file(ecgConfig);
            }
            ModelConfig config = settings.build();
            Ecg5000Suite.Result r = Ecg5000Suite.run(dir, config);
            md = Ecg5000Suite.markdown(r);
            json = new LinkedHashMap<>();
            json.put("suite", name);
            json.put("config", config.toString());
            json.put("result", r);
        } else {
            if (seeds < 1) {
                throw new InvalidInputException("--seeds must be >= 1, got " + seeds);
            }
            PublishedResults publishedResults = published == null ? null : PublishedResults.read(published);
            if (publishedResults != null && !publishedResults.has(differencesWith)
                    && !differencesWith.equals("lstm_autoencoder")) {
                throw new InvalidInputException("--differences-with: " + published + " has no pipeline '"
                        + differencesWith + "'");
            }
            int cap = trainingWindows(name);
            Recipe chosen = recipe(name, !ablation).withMaxTrainingWindows(cap);
            List<List<SignalResult>> bySeed = runRecipe(name, dir, prefixes, chosen, cap);
            double seconds = seconds(started);
            StringBuilder text = new StringBuilder();
            text.append("Recipe **").append(chosen.name()).append("**");
            text.append(seeds > 1 ? String.format(Locale.ROOT, ", %d seeds (%d..%d); per-signal tables of the first"
                    + " seed.", seeds, chosen.model().seed(), chosen.model().seed() + seeds - 1) : ", seed "
                    + chosen.model().seed() + ".");
            if (cap > 0) {
                text.append(" At most ").append(cap).append(" training windows per signal.");
            }
            text.append("\n\n");
            if (seeds > 1) {
                text.append(Reports.seedTable(bySeed)).append('\n');
            }
            String publishedTable = publishedResults == null ? "" : publishedResults.markdown(bySeed);
            if (publishedResults != null && publishedTable.isEmpty()) {
                text.append(published.getFileName()).append(" has no published counts for these signals.\n\n");
            } else if (publishedResults != null) {
                text.append("Beside the published pipelines on the same signals (").append(published.getFileName())
                        .append("; F1 of counts summed over the signals):\n\n")
                        .append(publishedTable).append('\n');
                if (publishedResults.has(differencesWith)) {
                    String file = name + "-vs-" + differencesWith.replaceAll("[^A-Za-z0-9._-]", "_") + ".md";
                    String diff = "# " + name + ": recipe " + chosen.name() + ", seed " + chosen.model().seed()
                            + ", beside " + differencesWith + " signal by signal\n\n"
                            + (name.equals("ucr")
                            ? publishedResults.differences(bySeed.get(0), differencesWith,
                                    r -> UcrSuite.trainingLengthRange(r.signal()), "training points")
                            : publishedResults.differences(bySeed.get(0), differencesWith));
                    AtomicFiles.write(outDir.resolve(file), os -> os.write(diff.getBytes(StandardCharsets.UTF_8)));
                    text.append("Signal by signal beside ").append(differencesWith).append(" (seed ")
                            .append(chosen.model().seed()).append("): `").append(file).append("`.\n\n");
                }
            }
            text.append(Reports.markdown(bySeed.get(0), seconds));
            if (ablation) {
                text.append('\n').append(runAblation(name, dir, prefixes, chosen, cap, bySeed));
            }
            md = text.toString();
            json = Reports.json(name, chosen.describe(), chosen.name(), bySeed.get(0), seconds);
            json.put("seeds", seeds);
            if (seeds > 1) {
                List<Map<String, Object>> perSeed = new ArrayList<>();
                for (List<SignalResult> r : bySeed) {
                    perSeed.add(Map.of("categories", Reports.byCategory(r)));
                }
                json.put("per_seed", perSeed);
            }
        }
        return write(name, json, md);
    }

    /** Runs {@code chosen} over the suite once per seed; keeps signals, models and intervals under --out-dir. */
    private List<List<SignalResult>> runRecipe(String name, Path dir, List<String> prefixes, Recipe chosen, int cap)
            throws IOException {
        List<List<SignalResult>> bySeed = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            long seed = chosen.model().seed() + k;
            System.err.printf(Locale.ROOT, "suite %s, recipe %s, seed %d (%d of %d)%n", name, chosen.name(), seed,
                    k + 1, seeds);
            String run = chosen.name() + "-seed" + seed + (cap > 0 ? "-max" + cap + "windows" : "");
            var store = new SignalStore(outDir.resolve("signals").resolve(name).resolve(run),
                    chosen.withSeed(seed).describe(), seed, resume);
            var models = new ModelStore(outDir.resolve("models").resolve(name), resume || ablation);
            var settings = new SuiteRunner.Settings(chosen, seed, threads, System.err::println, store, models);
            List<SignalResult> results = switch (name) {
                case "nab" -> NabSuite.run(dir, prefixes, settings);
                case "smd" -> TelemetrySuite.SMD.run(dir, prefixes, settings);
                case "ucr" -> UcrSuite.run(dir, prefixes, settings);
                default -> TelemetrySuite.SMAP_MSL.run(dir, prefixes, settings);
            };
            if (models.reused() > 0) {
                System.err.printf(Locale.ROOT, "suite %s, seed %d: %d of %d signals used a model an earlier run "
                        + "trained with the same settings%n", name, seed, models.reused(), results.size());
            }
            Reports.writeIntervals(outDir.resolve("intervals").resolve(name).resolve(run), results);
            bySeed.add(results);
        }
        return bySeed;
    }

    /**
     * The ablation rows after {@code base} (already run): each step of --ablate (default every
     * step) taken alone from the suite's seqae recipe; writes and returns {@code <suite>-ablation.md}.
     */
    private String runAblation(String name, Path dir, List<String> prefixes, Recipe base, int cap,
                               List<List<SignalResult>> baseResults) throws IOException {
        Recipe own = ownRecipe(name);
        List<Recipe.Step> steps = ablateSteps();
        if (steps.isEmpty()) {
            steps = List.of(Recipe.Step.values());
        }
        Map<String, Reports.AblationRow> rows = new LinkedHashMap<>();
        rows.put(base.name(), new Reports.AblationRow(base.name(), "", baseResults, null));
        for (Recipe.Step step : steps) {
            Recipe r = base.withStep(step, own);
            String label = step.name().toLowerCase(Locale.ROOT);
            if (Reports.changed(base, r).isEmpty()) {
                rows.put(label, new Reports.AblationRow(r.name(), label, null, "the same as " + base.name()
                        + " in this step"));
                continue;
            }
            if (step == Recipe.Step.AGGREGATION && !name.equals("nab")) {
                rows.put(label, new Reports.AblationRow(r.name(), label, null, "no difference on " + name
                        + ": one row per time segment, so aggregation leaves the series as it is"));
                continue;
            }
            rows.put(label, new Reports.AblationRow(r.name(), label, runRecipe(name, dir, prefixes, r, cap), null));
        }
        String md = "# " + name + ": ablation of recipe " + base.name() + " toward " + own.name() + "\n\n"
                + Reports.ablationTable(new ArrayList<>(rows.values()), base, own);
        String file = name + "-ablation.md";
        AtomicFiles.write(outDir.resolve(file), os -> os.write(md.getBytes(StandardCharsets.UTF_8)));
        return md;
    }

    /** The --max-training-windows bound for suite {@code name} (0: none). */
    private int trainingWindows(String name) {
        int any = 0;
        Integer own = null;
        for (String item : maxTrainingWindows == null ? List.<String>of() : maxTrainingWindows) {
            int eq = item.indexOf('=');
            String suiteName = eq < 0 ? null : item.substring(0, eq).trim();
            if (suiteName != null && (!SUITES.containsKey(suiteName) || suiteName.equals("ecg5000"))) {
                throw new InvalidInputException("--max-training-windows: '" + suiteName + "' in '" + item
                        + "' is not one of nab, smap-msl, smd, ucr");
            }
            int n;
            try {
                n = Integer.parseInt(item.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--max-training-windows: '" + item + "' is not N or SUITE=N");
            }
            if (n < 0) {
                throw new InvalidInputException("--max-training-windows must be >= 0 (0: all), got " + n);
            }
            if (suiteName == null) {
                any = n;
            } else if (suiteName.equals(name)) {
                own = n;
            }
        }
        return own != null ? own : any;
    }

    /** The steps --ablate names, in its order (empty when it is not given). */
    private List<Recipe.Step> ablateSteps() {
        List<Recipe.Step> steps = new ArrayList<>();
        for (String step : ablate == null ? List.<String>of() : ablate) {
            steps.add(dev.seqae.model.Options.parseEnum(Recipe.Step.class, "--ablate", step));
        }
        return steps;
    }

    /** The suite's own seqae recipe. */
    private static Recipe ownRecipe(String name) {
        // UCR: the SMAP/MSL settings (univariate, train/test), not chosen on UCR's labels
        return RecipeNames.named("--recipe", name.equals("nab") ? "seqae-nab" : name.equals("smd") ? "seqae-smd"
                : "seqae-smap-msl");
    }

    /**
     * The recipe --recipe names, for suite {@code name}; with {@code withAblate} the --ablate steps
     * taken from the suite's own recipe (one combined recipe), else (--ablation) as named.
     */
    private Recipe recipe(String name, boolean withAblate) {
        Recipe own = ownRecipe(name);
        Recipe chosen;
        if (recipe.equals("seqae")) {
            chosen = own;
        } else {
            try {
                chosen = RecipeNames.named("--recipe", recipe);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--recipe: '" + recipe + "' is not seqae (seqae's own, per suite) or "
                        + "one of " + RecipeNames.NAMES);
            }
        }
        List<Recipe.Step> steps = ablateSteps();
        for (Recipe.Step step : withAblate ? steps : List.<Recipe.Step>of()) {
            chosen = chosen.withStep(step, own);
        }
        if (ablation && Reports.changed(chosen, own).isEmpty()) {
            throw new InvalidInputException("--ablation: recipe " + chosen.name() + " is the suite's own seqae recipe, "
                    + "so no step differs; ablate another toward it (e.g. --recipe orion-lstm-ae)");
        }
        if (mix != null) {
            var m = dev.seqae.model.Options.parseEnum(dev.seqae.anomaly.PredictionScores.Mix.class, "--mix", mix);
            try {
                chosen = chosen.withMix(m);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--mix: recipe " + chosen.name() + " (suite " + name + "): "
                        + e.getMessage(), e);
            }
        }
        if (lowerThreshold) {
            try {
                chosen = chosen.withLowerThreshold();
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--lower-threshold: recipe " + chosen.name() + " (suite " + name + "): "
                        + e.getMessage(), e);
            }
        }
        return chosen;
    }

    /** {@code <name>.json} and {@code <name>.md} under --out-dir (atomically); returns the Markdown. */
    private String write(String name, Map<String, Object> json, String md) throws IOException {
        byte[] bytes = JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        AtomicFiles.write(outDir.resolve(name + ".json"), os -> os.write(bytes));
        AtomicFiles.write(outDir.resolve(name + ".md"), os -> os.write(md.getBytes(StandardCharsets.UTF_8)));
        return md;
    }

    /**
     * The denoise suite: ECG5000 (from --data-dir, the folder with ECG5000_TRAIN.tsv and
     * ECG5000_TEST.tsv) and the synthetic generator; pictures next to the tables.
     */
    private String runDenoise() throws IOException {
        ModelSettings settings = new ModelSettings();
        if (Files.exists(denoiseConfig)) {
            settings.file(denoiseConfig);
        }
        ModelConfig config = settings.build();
        List<DenoiseSuite.Kind> chosen = new java.util.ArrayList<>();
        for (String k : kinds == null ? List.of("gaussian", "spikes", "masking") : kinds) {
            chosen.add(dev.seqae.model.Options.parseEnum(DenoiseSuite.Kind.class, "--kinds", k));
        }
        if (threads < 1) {
            throw new InvalidInputException("--threads must be >= 1, got " + threads);
        }
        Path ecgDir = Files.isDirectory(dataDir.resolve("ecg5000")) ? dataDir.resolve("ecg5000") : dataDir;
        if (!Files.isRegularFile(ecgDir.resolve("ECG5000_TEST.tsv"))) {
            throw new InvalidInputException(dataDir + ": expected ECG5000_TRAIN.tsv and ECG5000_TEST.tsv here or in "
                    + "ecg5000/ (e.g. --data-dir datasets/ecg5000)");
        }
        List<DenoiseSuite.DatasetResult> results = new java.util.ArrayList<>();
        for (DenoiseSuite.Data data : List.of(DenoiseSuite.ecg5000(ecgDir, config.seed()),
                DenoiseSuite.synthetic(config.seed()))) {
            results.add(DenoiseSuite.run(data, config, threads, chosen, outDir, System.err::println));
        }
        StringBuilder md = new StringBuilder();
        results.forEach(r -> md.append(DenoiseSuite.markdown(r)).append('\n'));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", "denoise");
        json.put("config", config.toString());
        json.put("results", results);
        return write("denoise", json, md.toString());
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
