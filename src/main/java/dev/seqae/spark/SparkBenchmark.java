package dev.seqae.spark;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seqae-spark bench}: the Spark jobs' throughput on this machine, printed as JSON — batch
 * scoring of a synthetic archive and train-many at local[1] and local[2], their speed-up, Spark at
 * local[1] against the same scoring in one JVM on one thread (no Spark), and data-parallel
 * training at 1 and 2 partitions with the share of the step time spent outside the partitions'
 * computing (sending parameters, scheduling, collecting and combining gradients).
 *
 * <p>Each configuration runs in a JVM of its own, pinned with {@code taskset} to as many CPUs as
 * it has cores — at one core the JVM's collector, compiler and Spark's own threads share that core,
 * as they would on a one-core executor — after a warm-up job in the same JVM. The configurations
 * take turns in rounds ({@code --repeat}), so that the runs compared are minutes apart at most; the
 * best run of each is reported and every run is listed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Throughput of the Spark jobs at local[1] and local[2] against in-process scoring; JSON on stdout.")
public final class SparkBenchmark implements Callable<Integer> {
    @Option(names = "--series", defaultValue = "2000", description = "series in the archive (default ${DEFAULT-VALUE})")
    int series;

    @Option(names = "--length", defaultValue = "400", description = "points per series (default ${DEFAULT-VALUE})")
    int length;

    @Option(names = "--window", defaultValue = "40", description = "the model's window (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--entities", defaultValue = "500", description = "entities trained by train-many: the first "
            + "series of the archive (default "
            + "${DEFAULT-VALUE})")
    int entities;

    @Option(names = "--sequences", defaultValue = "2000", description = "sequences of the data-parallel training "
            + "(default ${DEFAULT-VALUE})")
    int sequences;

    @Option(names = "--batch", defaultValue = "256", description = "minibatch of the data-parallel training "
            + "(default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--epochs", defaultValue = "15", description = "epochs of the data-parallel training "
            + "(default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--jobs", split = ",", defaultValue = "score,train-many,train", description = "which jobs to "
            + "measure: score, train-many, train (default ${DEFAULT-VALUE})")
    List<String> jobs;

    @Option(names = "--repeat", defaultValue = "2", description = "rounds of the scoring and train-many measurements "
            + "(in-process, local[1], local[2] in each, a JVM each, two runs after a warm-up in each); the best run "
            + "of each is reported (on a shared machine the fastest is the one least disturbed by others), every "
            + "run is listed (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--work", description = "folder for the archive and results (default: a temporary one)")
    Path work;

    @Option(names = "--child", hidden = true, description = "internal: run one configuration's measurements "
            + "(in-process or spark) and print them as one JSON line")
    String child;

    @Option(names = "--cores", hidden = true, defaultValue = "1", description = "internal: the child's Spark cores")
    int cores;

    @Option(names = "--with-train", hidden = true, description = "internal: the child also measures data-parallel "
            + "training")
    boolean withTrain;

    /** The line a child prints its measurements on. */
    static final String RESULT = "seqae-spark-bench-result ";

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("seqae-spark-bench-");
        if (child != null) {
            return new BenchChild(this).measure(dir);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("series", series);
        doc.put("points", (long) series * length);
        doc.put("window", window);
        doc.put("entities", Math.min(entities, series));
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        boolean pinned = pinnable();
        doc.put("pinned", pinned);
        new BenchData(this).prepare(dir);
        // rounds: in each, the in-process scoring, then local[1] and local[2], each in a JVM of its own
        // that the operating system lets run on that many CPUs only (taskset): one core means one core
        // for everything the JVM does (its collector and compiler too), not one task beside an idle core
        Map<String, List<Double>> runs = new LinkedHashMap<>();
        Map<String, Object> dataParallel = new LinkedHashMap<>();
        int rounds = Math.max(1, repeat);
        for (int round = 0; round < rounds; round++) {
            if (jobs.contains("score")) {
                collect(runChild(dir, "in-process", 1, false, pinned), runs, dataParallel);
                collect(runChild(dir, "seqae-score", 1, false, pinned), runs, dataParallel);
            }
            for (int c : new int[] {1, 2}) {
                collect(runChild(dir, "spark", c, jobs.contains("train") && round == rounds - 1, pinned), runs,
                        dataParallel);
            }
        }
        doc.put("rounds", rounds);
        Map<String, Object> scoring = new LinkedHashMap<>();
        Map<String, Object> many = new LinkedHashMap<>();
        runs.forEach((k, v) -> {
            Map<String, Object> into = k.endsWith("entities_per_second") ? many : scoring;
            // the best run: the fastest, the lowest fixed cost
            into.put(k, k.endsWith("seconds") ? java.util.Collections.min(v) : java.util.Collections.max(v));
            into.put(k + "_runs", v);
        });
        if (jobs.contains("score")) {
            scoring.put("speedup_1_to_2", (double) scoring.get("local_2_points_per_second")
                    / (double) scoring.get("local_1_points_per_second"));
            scoring.put("local_1_vs_in_process", (double) scoring.get("local_1_points_per_second")
                    / (double) scoring.get("in_process_points_per_second"));
            scoring.put("local_1_vs_seqae_score", (double) scoring.get("local_1_points_per_second")
                    / (double) scoring.get("seqae_score_points_per_second"));
            scoring.put("csv_speedup_1_to_2", (double) scoring.get("local_2_csv_points_per_second")
                    / (double) scoring.get("local_1_csv_points_per_second"));
            scoring.put("local_1_csv_vs_seqae_score", (double) scoring.get("local_1_csv_points_per_second")
                    / (double) scoring.get("seqae_score_points_per_second"));
            doc.put("score", scoring);
        }
        if (jobs.contains("train-many")) {
            many.put("speedup_1_to_2", (double) many.get("local_2_entities_per_second")
                    / (double) many.get("local_1_entities_per_second"));
            doc.put("train_many", many);
        }
        if (jobs.contains("train")) {
            doc.put("data_parallel_batch", batch);
            doc.put("data_parallel_train", dataParallel);
        }
        System.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(doc));
        return 0;
    }

    /** Whether {@code taskset} can pin a child JVM to CPUs 0 and 1 here. */
    private static boolean pinnable() {
        try {
            Process p = new ProcessBuilder("taskset", "-c", "0,1", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 && Runtime.getRuntime().availableProcessors() >= 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs one configuration in a JVM of its own (this JVM's options and class path), pinned to {@code cores} CPUs. */
    private Map<?, ?> runChild(Path dir, String what, int c, boolean train, boolean pinned) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (pinned) {
            cmd.addAll(List.of("taskset", "-c", c == 1 ? "0" : "0,1"));
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.matches("-XX:[+-]Use\\w+GC")).toList());
        // one collector for every configuration (the JVM would pick the serial one on one CPU and G1 on
        // two, which would make the 1-to-2 ratio partly a comparison of collectors): the throughput one
        cmd.add("-XX:+UseParallelGC");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkBenchmark.class.getName(), "--child",
                what, "--cores", String.valueOf(c), "--work", dir.toString(), "--series", String.valueOf(series),
                "--length", String.valueOf(length), "--window", String.valueOf(window), "--entities",
                String.valueOf(entities), "--sequences", String.valueOf(sequences), "--batch", String.valueOf(batch),
                "--epochs", String.valueOf(epochs), "--jobs", String.join(",", jobs)));
        if (train) {
            cmd.add("--with-train");
        }
        Path log = dir.resolve("bench-children.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int code = p.waitFor();
        String line = out.lines().filter(l -> l.startsWith(RESULT)).reduce((x, y) -> y).orElse(null);
        if (code != 0 || line == null) {
            throw new IllegalStateException("the " + what + " measurement at " + c + " core(s) failed (exit " + code
                    + "); its log: " + log);
        }
        return JsonMapper.builder().build().readValue(line.substring(RESULT.length()), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<?, ?> result, Map<String, List<Double>> runs, Map<String, Object> dataParallel) {
        ((Map<String, List<Number>>) result.get("runs")).forEach((k, v) -> v.forEach(x -> add(runs, k,
                x.doubleValue())));
        dataParallel.putAll((Map<String, Object>) result.get("data_parallel"));
    }

    static void add(Map<String, List<Double>> runs, String key, double value) {
        runs.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    static void stop(SparkSession spark) {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    static SparkSession session(int cores) {
        return SparkSession.builder().master("local[" + cores + "]").appName("seqae bench")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", String.valueOf(4 * cores))
                .getOrCreate();
    }

}
