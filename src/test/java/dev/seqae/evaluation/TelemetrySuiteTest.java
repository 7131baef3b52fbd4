package dev.seqae.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMAP/MSL and SMD layouts on small synthetic copies: labels read right, bad files named. */
class TelemetrySuiteTest {
    @TempDir
    Path dir;

    /** A sine with noise; {@code spikeAt >= 0} adds a burst of 20 points of a larger, faster wave there. */
    private static String series(int n, int features, int spikeAt, long seed) {
        java.util.Random r = new java.util.Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < features; f++) {
                double v = Math.sin(2 * Math.PI * i / 25.0 + f) + 0.05 * r.nextGaussian();
                if (spikeAt >= 0 && i >= spikeAt && i < spikeAt + 20) {
                    v = 4 * Math.sin(2 * Math.PI * i / 5.0);
                }
                sb.append(f == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private void write(String path, String text) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static SuiteRunner.Settings quiet(TelemetrySuite suite) {
        return new SuiteRunner.Settings(suite.seqaeRecipe(), 42, 1, s -> { });
    }

    @Test
    void smdLayoutFindsTheBurstAndCountsItsRange() throws IOException {
        write("train/machine-9-9.txt", series(1200, 3, -1, 1));
        write("test/machine-9-9.txt", series(1200, 3, 700, 2));
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 1200; i++) {
            labels.append(i >= 700 && i < 720 ? "1\n" : "0\n");
        }
        write("test_label/machine-9-9.txt", labels.toString());
        List<SignalResult> results = TelemetrySuite.SMD.run(dir, List.of(), quiet(TelemetrySuite.SMD));
        assertEquals(1, results.size());
        SignalResult r = results.get(0);
        assertEquals("smd", r.category());
        assertEquals(1, r.labelledWindows());
        assertEquals(1, r.segments().truePositives(), "the burst is detected: " + r);
        assertTrue(r.segments().falsePositives() <= 1, "at most one false alarm: " + r);
        // a window's error spreads over its 64 points, so the 20 labelled points rank high but not first
        assertTrue(r.rocAuc() > 0.75, "ROC-AUC " + r.rocAuc());

        write("test_label/machine-9-9.txt", labels.toString().replaceFirst("0", "2"));
        var e = assertThrows(InvalidInputException.class, () -> TelemetrySuite.SMD.run(dir, List.of(), quiet(TelemetrySuite.SMD)));
        assertTrue(e.getMessage().endsWith("machine-9-9.txt: line 1: label '2' is not 0 or 1"), e.getMessage());
        write("test_label/machine-9-9.txt", "0\n1\n");
        e = assertThrows(InvalidInputException.class, () -> TelemetrySuite.SMD.run(dir, List.of(), quiet(TelemetrySuite.SMD)));
        assertTrue(e.getMessage().endsWith("machine-9-9.txt: 2 labels for 1200 test rows"), e.getMessage());
    }

    @Test
    void telemanomLabelsAreReadAndCheckedAgainstTheTestFile() throws IOException {
        write("train/X-1.csv", series(800, 2, -1, 3));
        write("test/X-1.csv", series(900, 2, 400, 4));
        write("labeled_anomalies.csv", "chan_id,spacecraft,anomaly_sequences,class,num_values\n"
                + "X-1,SMAP,\"[[400, 419]]\",[point],900\n");
        List<SignalResult> results = TelemetrySuite.SMAP_MSL.run(dir, List.of(), quiet(TelemetrySuite.SMAP_MSL));
        assertEquals("SMAP", results.get(0).category());
        assertEquals(1, results.get(0).labelledWindows());
        assertEquals(900, results.get(0).points());

        write("labeled_anomalies.csv", "chan_id,spacecraft,anomaly_sequences,class,num_values\n"
                + "X-1,SMAP,\"[[400, 950]]\",[point],900\n");
        var e = assertThrows(InvalidInputException.class, () -> TelemetrySuite.SMAP_MSL.run(dir, List.of(), quiet(TelemetrySuite.SMAP_MSL)));
        assertTrue(e.getMessage().contains("labelled range [400, 950] ends after the last of its 900 rows"),
                e.getMessage());
        write("labeled_anomalies.csv", "chan_id,spacecraft,anomaly_sequences\nY-2,MSL,\"[[1, 2]]\"\n");
        e = assertThrows(InvalidInputException.class, () -> TelemetrySuite.SMAP_MSL.run(dir, List.of(), quiet(TelemetrySuite.SMAP_MSL)));
        assertTrue(e.getMessage().contains("channel 'X-1' is not in labeled_anomalies.csv"), e.getMessage());
        write("labeled_anomalies.csv", "chan_id,spacecraft,anomaly_sequences\nX-1,MSL,\"[[5, 2]]\"\n");
        e = assertThrows(InvalidInputException.class, () -> TelemetrySuite.SMAP_MSL.run(dir, List.of(), quiet(TelemetrySuite.SMAP_MSL)));
        assertTrue(e.getMessage().contains("line 2: range [5, 2] ends before it starts"), e.getMessage());
        write("labeled_anomalies.csv", "chan_id,spacecraft,anomaly_sequences\nX-1,MSL,\"[[5, 8]]\"\n");
        Files.delete(dir.resolve("train/X-1.csv"));
        e = assertThrows(InvalidInputException.class, () -> TelemetrySuite.SMAP_MSL.run(dir, List.of(), quiet(TelemetrySuite.SMAP_MSL)));
        assertTrue(e.getMessage().contains("no training file"), e.getMessage());
    }
}
