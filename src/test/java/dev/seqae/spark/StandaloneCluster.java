package dev.seqae.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Spark standalone cluster on 127.0.0.1, from the Maven artifacts: a master and two
 * workers (one core, 1.5 GB each), each its own JVM, which launch executors in JVMs of their own.
 * {@code SPARK_HOME} is a folder whose {@code jars/} links Spark's jars (target/spark-classpath.txt,
 * written by the build); the executors find seqae on {@code spark.executor.extraClassPath}. Every
 * process is bounded by the test and stopped with it.
 */
final class StandaloneCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path home;
    final String master;

    StandaloneCluster(Path dir) throws IOException, InterruptedException {
        home = dir.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String jar : Files.readString(Path.of("target", "spark-classpath.txt")).trim().split(":")) {
            Path j = Path.of(jar);
            Path link = jars.resolve(j.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, j);
            }
        }
        int port = freePort();
        master = "spark://127.0.0.1:" + port;
        start(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        for (int w = 1; w <= 2; w++) {
            Path work = Files.createDirectories(dir.resolve("worker" + w));
            start(dir.resolve("worker" + w + ".log"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1500m", "--work-dir", work.toString(), "--webui-port",
                    String.valueOf(freePort()), master);
        }
        // the workers have registered when the master's log says so
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String log = Files.exists(dir.resolve("master.log")) ? Files.readString(dir.resolve("master.log")) : "";
            if (log.split("Registering worker", -1).length - 1 >= 2) {
                return;
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("the workers did not register within 60 s; see " + dir);
    }

    /** The Java options every Spark JVM here needs (the module opens of pom.xml's spark.jvm.options). */
    static List<String> jvmOptions() {
        return List.of(System.getProperty("seqae.spark.jvm.options", "").trim().split("\\s+"));
    }

    private void start(Path log, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx512m"));
        cmd.addAll(jvmOptions());
        cmd.addAll(List.of("-cp", home.resolve("jars") + "/*", main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        environment(pb.environment(), home);
        processes.add(pb.start());
    }

    static void environment(Map<String, String> env, Path home) {
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OMP_NUM_THREADS", "1");
    }

    Path home() {
        return home;
    }

    /** The executor JVMs the workers run now (a worker's only child processes). */
    List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process p : processes.subList(1, processes.size())) {
            p.descendants().filter(ProcessHandle::isAlive).forEach(out::add);
        }
        return out;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
