package dev.seqae.service;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code seqae serve} as a child process, as an orchestrator runs it: started from the test's
 * classpath with the given JVM options and arguments; its output is collected (and drained, so that
 * the pipe never fills), its address read from the start-up line.
 */
public final class ServiceProcess implements AutoCloseable {
    static final Pattern URL = Pattern.compile("on (http://[^/\\s]+)/api/v1/models");
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private volatile String url;
    private final Thread drain;

    private ServiceProcess(Process process) {
        this.process = process;
        drain = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = URL.matcher(line);
                    if (url == null && m.find()) {
                        url = m.group(1);
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "service-output");
        drain.setDaemon(true);
        drain.start();
    }

    /** Starts {@code seqae serve} with {@code jvmOptions} (e.g. {@code -Dkey=value}) and {@code args}. */
    public static ServiceProcess start(List<String> jvmOptions, String... args) throws java.io.IOException {
        return start(null, jvmOptions, args);
    }

    /** As {@link #start(List, String...)}, in the working directory {@code dir} (null: the test's). */
    public static ServiceProcess start(Path dir, List<String> jvmOptions, String... args) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx768m", "--add-modules", "jdk.incubator.vector",
                "-Dmicronaut.server.port=-1", "-Dseqae.retraining.enabled=false"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.seqae.cli.SeqaeCommand", "serve"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().put("OMP_NUM_THREADS", "1");
        return new ServiceProcess(pb.start());
    }

    /** The service's base address, once it printed it (within {@code seconds}). */
    public String awaitUrl(int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (url == null && System.nanoTime() < end) {
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        if (url == null) {
            throw new AssertionError("the service did not start:\n" + output);
        }
        return url;
    }

    /** Everything it printed so far. */
    public String output() {
        return output.toString();
    }

    /**
     * SIGTERM, as an orchestrator stops a pod. Sent through the process handle: {@code
     * Process.destroy()} also closes this side of the output pipe, so everything the service
     * printed while it shut down would be lost.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** SIGKILL. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for the process to end; its exit code, or null when it is still running after {@code seconds}. */
    public Integer waitFor(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return null;
        }
        drain.join(10_000);   // its last lines
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
