package dev.seqae.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a child process changes a registry without pause and is killed (SIGKILL) at a
 * random moment, 25 times over the same registry; after every kill each name's active version
 * loads and every version's manifest reads (~45 s: each child starts a JVM and ND4J).
 */

class VersionStoreKillTest {
    @TempDir
    Path root;

    @Test
    void killedAtRandomMomentsTheRegistryStaysLoadable() throws Exception {
        Random random = new Random(11);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int kills = 25;
        int withActive = 0;
        for (int k = 0; k < kills; k++) {
            List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx1g",
                    "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    RegistryChurn.class.getName(), root.toString(), String.valueOf(k + 1)));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("OMP_NUM_THREADS", "1");
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                // JVM and ND4J start-up chatter
            }
            assertEquals("ready", line, "the child died before it started");
            Thread.sleep(20 + random.nextInt(600));
            p.destroyForcibly();          // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));

            VersionStore store = new VersionStore(root);
            for (String name : store.names()) {
                var versions = store.versions(name);          // every manifest reads
                var active = store.active(name);
                if (active.isPresent()) {
                    withActive++;
                    assertEquals(store.active(name).get(), (Integer) store.versions(name).stream()
                            .filter(v -> v.status() == VersionStore.Status.ACTIVE).findFirst().orElseThrow()
                            .version(), "exactly the pointer's version is active");
                    assertTrue(store.load(name, active.get()).features() == 1, "kill " + k + ": " + name);
                }
                assertTrue(versions.size() <= 6, "retention keeps the registry small: " + versions.size());
            }
        }
        assertTrue(withActive >= kills, "the children got far enough to promote: " + withActive);
    }
}
