package dev.seqae.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs on a real standalone cluster on localhost ({@link StandaloneCluster}: a master and two
 * workers, each launching its executor JVM): the driver is a child JVM running
 * {@code dev.seqae.spark.SeqaeSpark} as spark-submit would, ND4J runs inside the executors, and one
 * executor killed in the middle of train-many costs retried tasks, not a different result.
 */
class SparkClusterTest {
    @TempDir
    Path dir;

    /** Runs a job on the cluster from a driver JVM of its own; returns its exit code, its output in {@code log}. */
    private int driver(StandaloneCluster c, Path log, String... args) throws IOException, InterruptedException {
        Process p = start(c, log, args);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the driver did not finish in 300 s: " + Files.readString(log));
        }
        return p.exitValue();
    }

    private Process start(StandaloneCluster c, Path log, String... args) throws IOException {
        String cp = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(StandaloneCluster.java(), "-Xmx1g", "--add-modules",
                "jdk.incubator.vector", "-XX:+UseSerialGC", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0",
                "-Dorg.bytedeco.javacpp.maxbytes=0"));
        cmd.addAll(StandaloneCluster.jvmOptions());
        String executorOptions = String.join(" ", StandaloneCluster.jvmOptions())
                + " --add-modules jdk.incubator.vector -XX:+UseSerialGC -Dorg.bytedeco.javacpp.maxphysicalbytes=0"
                + " -Dorg.bytedeco.javacpp.maxbytes=0";
        cmd.addAll(List.of("-Dspark.executor.extraClassPath=" + cp, "-Dspark.executor.extraJavaOptions=" + executorOptions,
                "-Dspark.executor.memory=1g", "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.ui.enabled=false", "-Dspark.sql.shuffle.partitions=4", "-cp", cp, "dev.seqae.spark.SeqaeSpark"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        StandaloneCluster.environment(pb.environment(), c.home());
        return pb.start();
    }

    @Test
    void jobsRunOnTheClusterAndAKilledExecutorChangesNothing() throws Exception {
        StringBuilder all = new StringBuilder("host,timestamp,value\n");
        for (int h = 0; h < 4; h++) {
            var s = SyntheticGenerator.series(600, 2, 40 + h);
            for (int i = 0; i < 600; i++) {
                all.append("h").append(h).append(',').append(1_700_000_000L + 60L * i).append(',')
                        .append(s.values()[i][0]).append('\n');
            }
        }
        Path input = dir.resolve("hosts.csv");
        Files.writeString(input, all);
        String[] train = {"--input", input.toString(), "--layout", "timeseries", "--id-column", "host", "--set",
            "window=30", "--set", "stride=2", "--set", "encoder=24", "--set", "decoder=24", "--set", "latent=4",
            "--set", "epochs=100", "--set", "patience=0"};
        try (StandaloneCluster c = new StandaloneCluster(dir)) {
            // train-many, one executor killed while the entities train
            Path log = dir.resolve("train-many.log");
            Path out = dir.resolve("cluster-models");
            String[] args = concat(new String[] {"train-many", "--master", c.master, "--partitions", "4", "--output",
                out.toString()}, train);
            Process p = start(c, log, args);
            // kill an executor once it is busy training: past its start-up (about 4 s of CPU: the JVM,
            // ND4J's natives) and the input's shuffle, well inside its ~25 s of training
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            ProcessHandle victim = null;
            while (victim == null && System.nanoTime() < deadline && p.isAlive()) {
                for (ProcessHandle e : c.executors()) {
                    if (e.info().totalCpuDuration().orElse(java.time.Duration.ZERO).toSeconds() >= 12) {
                        victim = e;
                    }
                }
                Thread.sleep(100);
            }
            assertTrue(victim != null && p.isAlive(), "no busy executor to kill: " + Files.readString(log));
            victim.destroyForcibly();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), Files.readString(log));
            String text = Files.readString(log);
            assertEquals(0, p.exitValue(), text);
            assertTrue(text.contains("4 entities, 4 trained, 0 not"), text);
            assertTrue(text.matches("(?s).*[Ll]ost (an )?executor.*"), "no executor was lost: " + text);

            // the same job in this JVM, no executor lost: the same models, bit for bit
            Path local = dir.resolve("local-models");
            var job = LocalSpark.job(new TrainManyJob(), concat(new String[] {"--partitions", "4", "--output",
                local.toString()}, train));
            assertEquals(0, job.code(), job.err());
            Map<String, Row> summary = LocalSpark.table(out.resolve("summary"), "parquet", "entity");
            for (String h : new String[] {"h0", "h1", "h2", "h3"}) {
                String model = summary.get(h + "|").getString(1);
                assertEquals(ModelFile.readState(local.resolve("models").resolve(model + ".seqae")).paramsSha256(),
                        ModelFile.readState(out.resolve("models").resolve(model + ".seqae")).paramsSha256(), h);
            }

            // scoring on the cluster: seqae score's numbers
            Path scores = dir.resolve("scores");
            Path model = out.resolve("models").resolve(summary.get("h1|").getString(1) + ".seqae");
            int code = driver(c, dir.resolve("score.log"), "score", "--master", c.master, "--model", model.toString(),
                    "--input", input.toString(), "--layout", "timeseries", "--id-column", "host", "--output",
                    scores.toString());
            assertEquals(0, code, Files.readString(dir.resolve("score.log")));
            Map<String, Row> points = LocalSpark.table(scores.resolve("score"), "parquet", "series", "index");
            assertEquals(2400, points.size());
            Path h1 = dir.resolve("h1.csv");
            StringBuilder one = new StringBuilder("timestamp,value\n");
            for (String line : all.toString().split("\n")) {
                if (line.startsWith("h1,")) {
                    one.append(line.substring(3)).append('\n');
                }
            }
            Files.writeString(h1, one);
            var cli = LocalSpark.seqae("score", "-m", model.toString(), "-d", h1.toString());
            assertEquals(0, cli.code(), cli.err());
            for (var e : SparkScoringTest.csv(cli.out())) {
                Row r = points.get("h1|" + e.get("index") + "|");
                SparkScoringTest.close(Double.parseDouble(e.get("score")), r.getDouble(r.fieldIndex("score")),
                        "h1 " + e.get("index"));
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
