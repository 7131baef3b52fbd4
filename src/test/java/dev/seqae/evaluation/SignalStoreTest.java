package dev.seqae.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.Metrics;
import dev.seqae.anomaly.Smoothing;
import dev.seqae.anomaly.TimeSpan;
import dev.seqae.anomaly.WindowedAnomalies;
import dev.seqae.data.Normalizer;
import dev.seqae.model.ModelConfig;
import dev.seqae.recipe.Recipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finished signals kept on disk: exact round trips, and never reused when anything that decides them changed. */
class SignalStoreTest {
    @TempDir
    Path dir;

    private static final Map<String, String> RECIPE = Map.of("recipe", "r", "model", "m");

    private static SignalResult result() {
        return new SignalResult("UCR", "001_x", 120, 1, 2, new Metrics.SegmentCounts(1, 1, 0), 0.25, 1.0, 0.4,
                Double.NaN, 0.123456789012345, 3.5, List.of(new TimeSpan(10, 20, 0.75), new TimeSpan(31, 31, 1e-9)),
                "index");
    }

    private SuiteRunner.Job job(Path input) {
        return new SuiteRunner.Job("cat/001_x.csv", List.of(input), () -> {
            throw new AssertionError("not read");
        });
    }

    @Test
    void aKeptResultComesBackExactly() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "1\n2\n");
        SignalStore store = new SignalStore(dir.resolve("kept"), RECIPE, 42, true);
        store.put(job(input), result());
        assertTrue(Files.isRegularFile(dir.resolve("kept").resolve("cat_001_x.csv.json")));
        assertEquals(result(), store.find(job(input)));
    }

    @Test
    void theSameBytesWithANewModificationTimeKeepTheResult() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "1\n2\n");
        SignalStore store = new SignalStore(dir.resolve("kept"), RECIPE, 42, true);
        store.put(job(input), result());
        Files.setLastModifiedTime(input, FileTime.fromMillis(Files.getLastModifiedTime(input).toMillis() + 86_400_000L));
        assertEquals(result(), store.find(job(input)), "a data folder copied again");
    }

    @Test
    void anythingThatDecidesTheResultMakesItStale() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "1\n2\n");
        Path kept = dir.resolve("kept");
        new SignalStore(kept, RECIPE, 42, true).put(job(input), result());
        assertNull(new SignalStore(kept, RECIPE, 43, true).find(job(input)), "another seed");
        assertNull(new SignalStore(kept, Map.of("recipe", "r", "model", "m2"), 42, true).find(job(input)),
                "another recipe");
        assertNull(new SignalStore(kept, RECIPE, 42, false).find(job(input)), "not resuming");
        FileTime written = Files.getLastModifiedTime(input);
        Files.writeString(input, "1\n3\n");
        Files.setLastModifiedTime(input, written);
        assertNull(new SignalStore(kept, RECIPE, 42, true).find(job(input)), "the same size and time, other bytes");
        Files.writeString(input, "1\n2\n3\n");
        assertNull(new SignalStore(kept, RECIPE, 42, true).find(job(input)), "the data changed");
        Files.writeString(kept.resolve("cat_001_x.csv.json"), "{\"version\": 1, \"key\": ");
        assertNull(new SignalStore(kept, RECIPE, 42, true).find(job(input)), "a damaged file");
    }

    @Test
    void aResumedRunReportsWhatTheFirstRunFound() throws IOException {
        Path ucr = Files.createDirectories(dir.resolve("ucr"));
        StringBuilder values = new StringBuilder();
        for (int t = 0; t < 160; t++) {
            values.append(t == 130 ? 9.0 : Math.sin(t / 3.0)).append('\n');
        }
        Files.writeString(ucr.resolve("001_UCR_Anomaly_Sine_100_131_131.txt"), values);
        Files.writeString(ucr.resolve("002_UCR_Anomaly_Sine_90_131_131.txt"), values);
        ModelConfig model = ModelConfig.defaults().withLayers(new int[] {4}, 0, new int[] {4})
                .withTraining(1e-2, 16, 2, 2, 0.2, 42).withData(Normalizer.Kind.SYMMETRIC_MINMAX, 10, 1);
        Recipe tiny = new Recipe("tiny", model, false, Recipe.Combine.MEDIAN_RECONSTRUCTION, Recipe.ErrorKind.ABSOLUTE,
                new Smoothing(Smoothing.Kind.CENTRED, 0.01, 200), WindowedAnomalies.orion(), null, 0);
        Path kept = dir.resolve("kept");
        List<String> first = new ArrayList<>();
        List<SignalResult> a = UcrSuite.run(ucr, List.of(), new SuiteRunner.Settings(tiny, 42, 1, first::add,
                new SignalStore(kept, tiny.describe(), 42, true)));
        List<String> second = new ArrayList<>();
        List<SignalResult> b = UcrSuite.run(ucr, List.of(), new SuiteRunner.Settings(tiny, 42, 1, second::add,
                new SignalStore(kept, tiny.describe(), 42, true)));
        assertEquals(a, b);
        assertTrue(first.stream().noneMatch(l -> l.contains("kept")), first.toString());
        assertEquals(2, second.stream().filter(l -> l.contains("kept from an earlier run")).count(), second.toString());
    }
}
