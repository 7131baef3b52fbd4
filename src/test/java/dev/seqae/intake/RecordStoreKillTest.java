package dev.seqae.intake;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged record is never lost: a child process appends to an H2 file database (as the
 * service does, RecordStore.H2_OPTIONS) and prints every acknowledged total; it is killed (SIGKILL) at a
 * random moment, 10 times; after each kill the database opens and holds at least every
 * acknowledged record.
 */
class RecordStoreKillTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesAKill() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("intake") + dev.seqae.intake.RecordStore.H2_OPTIONS;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random random = new Random(3);
        long acknowledged = 0;
        for (int k = 0; k < 10; k++) {
            Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    IntakeChurn.class.getName(), url)).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long runFor = (50 + random.nextInt(500)) * 1_000_000L;      // after its first acknowledgement
            long deadline = Long.MAX_VALUE;
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acknowledged = Math.max(acknowledged, Long.parseLong(line.substring(4)));
                    if (deadline == Long.MAX_VALUE) {
                        deadline = System.nanoTime() + runFor;
                    }
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            p.destroyForcibly();          // SIGKILL, right after an acknowledgement was read
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(url);
            RecordStore store = new RecordStore(ds);
            long stored = store.info("k").orElseThrow().records();
            assertTrue(stored >= acknowledged, "kill " + k + ": " + stored + " stored < " + acknowledged
                    + " acknowledged");
        }
        assertTrue(acknowledged >= 30, "every child had records acknowledged: " + acknowledged);
    }
}
