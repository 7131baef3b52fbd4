package dev.seqae.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.evaluation.NabSuite;
import dev.seqae.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seqae evaluate}: runs a benchmark suite (train + detect over labelled public data) and
 * writes the per-signal and per-category table as Markdown and JSON under {@code --out-dir}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Run a benchmark suite over labelled data and report overlap-segment and point-wise metrics. "
                + "Suites: nab (more to come). Markdown table on stdout; JSON and Markdown under --out-dir.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--suite", required = true, description = "nab")
    String suite;

    @Option(names = "--data-dir", required = true, description = "the suite's data folder (for nab: the folder with "
            + "data/ and labels/combined_windows.json, e.g. ../shared/datasets/nab)")
    Path dataDir;

    @Option(names = "--only", split = ",", description = "signals whose category/name starts with one of these")
    List<String> only;

    @Option(names = "--out-dir", description = "where the JSON and Markdown go (default ${DEFAULT-VALUE})",
            defaultValue = "out/eval")
    Path outDir;

    @Override
    public Integer call() throws Exception {
        if (!suite.equals("nab")) {
            throw new InvalidInputException("--suite: '" + suite + "' is not a suite seqae has (nab)");
        }
        long started = System.nanoTime();
        List<NabSuite.SignalResult> results = NabSuite.run(dataDir, only == null ? List.of() : only,
                System.err::println);
        double seconds = (System.nanoTime() - started) / 1e9;
        String md = markdown(results, seconds);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", "nab");
        json.put("config", NabSuite.CONFIG.toString());
        json.put("detector", NabSuite.DETECTOR.toString());
        json.put("seconds", seconds);
        Map<String, Object> categories = new LinkedHashMap<>();
        NabSuite.byCategory(results).forEach((c, counts) -> categories.put(c, Map.of("tp", counts.truePositives(),
                "fp", counts.falsePositives(), "fn", counts.falseNegatives(), "precision", counts.precision(),
                "recall", counts.recall(), "f1", counts.f1())));
        json.put("categories", categories);
        json.put("signals", results);
        byte[] bytes = JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        AtomicFiles.write(outDir.resolve("nab.json"), os -> os.write(bytes));
        AtomicFiles.write(outDir.resolve("nab.md"), os -> os.write(md.getBytes(StandardCharsets.UTF_8)));
        System.out.print(md);
        System.err.printf(Locale.ROOT, "evaluated %d signals in %.1f s; %s and %s written%n", results.size(), seconds,
                outDir.resolve("nab.md"), outDir.resolve("nab.json"));
        return 0;
    }

    private static String markdown(List<NabSuite.SignalResult> results, double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append("| category | TP | FP | FN | segment precision | recall | **F1** |\n|---|---|---|---|---|---|---|\n");
        NabSuite.byCategory(results).forEach((c, k) -> sb.append(String.format(Locale.ROOT,
                "| %s | %d | %d | %d | %s | %s | **%s** |%n", c, k.truePositives(), k.falsePositives(),
                k.falseNegatives(), NabSuite.fmt(k.precision()), NabSuite.fmt(k.recall()), NabSuite.fmt(k.f1()))));
        sb.append("\n| signal | points | windows | intervals | segment F1 | point P | point R | point F1 | ROC-AUC "
                + "| PR-AUC | seconds |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (NabSuite.SignalResult r : results) {
            sb.append(String.format(Locale.ROOT, "| %s/%s | %d | %d | %d | %s | %s | %s | %s | %s | %s | %.1f |%n",
                    r.category(), r.signal(), r.points(), r.labelledWindows(), r.detectedIntervals(),
                    NabSuite.fmt(r.segments().f1()), NabSuite.fmt(r.pointPrecision()),
                    NabSuite.fmt(r.pointRecall()), NabSuite.fmt(r.pointF1()), NabSuite.fmt(r.rocAuc()),
                    NabSuite.fmt(r.prAuc()), r.seconds()));
        }
        sb.append(String.format(Locale.ROOT, "%nTotal wall time: %.1f s.%n", seconds));
        return sb.toString();
    }
}
