package dev.seqae.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.anomaly.DetectionRecipe;
import dev.seqae.anomaly.ScoreKind;
import dev.seqae.anomaly.Smoothing;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.anomaly.WindowedAnomalies;
import dev.seqae.data.Normalizer;
import dev.seqae.model.ModelConfig;
import dev.seqae.recipe.Recipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trained models kept across runs: reused only when training would give the same model, with the same results. */
class ModelStoreTest {
    @TempDir
    Path dir;

    private Path ucr;
    private static final ModelConfig MODEL = ModelConfig.defaults().withLayers(new int[] {4}, 0, new int[] {4})
            .withTraining(1e-2, 16, 2, 2, 0.2, 42).withData(Normalizer.Kind.SYMMETRIC_MINMAX, 10, 1);
    private static final Recipe TINY = new Recipe("tiny", MODEL, false, Recipe.Combine.MEDIAN_RECONSTRUCTION,
            Recipe.ErrorKind.ABSOLUTE, new Smoothing(Smoothing.Kind.CENTRED, 0.01, 200), WindowedAnomalies.orion(),
            null, 0);

    @BeforeEach
    void files() throws IOException {
        ucr = Files.createDirectories(dir.resolve("ucr"));
        StringBuilder values = new StringBuilder();
        for (int t = 0; t < 160; t++) {
            values.append(t == 130 ? 9.0 : Math.sin(t / 3.0)).append('\n');
        }
        Files.writeString(ucr.resolve("001_UCR_Anomaly_Sine_100_131_131.txt"), values);
        Files.writeString(ucr.resolve("002_UCR_Anomaly_Sine_90_131_131.txt"), values);
    }

    private List<SignalResult> run(Recipe recipe, ModelStore models) {
        return UcrSuite.run(ucr, List.of(), new SuiteRunner.Settings(recipe, 42, 1, line -> { }, null, models));
    }

    /** Everything but the wall time. */
    private static List<List<Object>> withoutTime(List<SignalResult> results) {
        List<List<Object>> out = new ArrayList<>();
        for (SignalResult r : results) {
            out.add(List.of(r.signal(), r.points(), r.detectedIntervals(), r.segments(), r.pointF1(),
                    Double.toString(r.rocAuc()), Double.toString(r.prAuc()), r.detected()));
        }
        return out;
    }

    @Test
    void aKeptModelGivesWhatTrainingGave() {
        Path kept = dir.resolve("models");
        List<SignalResult> trained = run(TINY, new ModelStore(kept, true));
        ModelStore second = new ModelStore(kept, true);
        List<SignalResult> reused = run(TINY, second);
        assertEquals(2, second.reused());
        assertEquals(withoutTime(trained), withoutTime(reused));
    }

    @Test
    void recipesThatDifferAfterTrainingShareTheModel() {
        Path kept = dir.resolve("models");
        run(TINY, new ModelStore(kept, true));
        Recipe squared = new Recipe("other", MODEL, false, Recipe.Combine.MEAN_ERROR, Recipe.ErrorKind.SQUARED,
                Smoothing.none(), WindowedAnomalies.orion(), null, 0);
        ModelStore store = new ModelStore(kept, true);
        List<SignalResult> withKept = run(squared, store);
        assertEquals(2, store.reused());
        assertEquals(withoutTime(run(squared, null)), withoutTime(withKept), "as if trained afresh");
    }

    @Test
    void aDetectorThatNamesAnotherThresholdUsesItOnTheKeptModel() {
        Path kept = dir.resolve("models");
        DetectionRecipe local = new DetectionRecipe(0.01, 5, 0.1, null, 0, 0.1); // the threshold fitted at training
        Recipe sigma = new Recipe("sigma", MODEL.withAnomaly(new AnomalyConfig(ScoreKind.MSE,
                ThresholdStrategy.MEAN_K_SIGMA, 0.99, 4, 0.005)), false, Recipe.Combine.MEAN_ERROR,
                Recipe.ErrorKind.SQUARED, Smoothing.none(), null, local, 0);
        Recipe percentile = new Recipe("percentile", MODEL.withAnomaly(new AnomalyConfig(ScoreKind.MSE,
                ThresholdStrategy.PERCENTILE, 0.99, 4, 0.005)), false, Recipe.Combine.MEAN_ERROR,
                Recipe.ErrorKind.SQUARED, Smoothing.none(), null, local, 0);
        List<SignalResult> first = run(sigma, new ModelStore(kept, true));
        ModelStore store = new ModelStore(kept, true);
        List<SignalResult> withKept = run(percentile, store);
        assertEquals(2, store.reused());
        List<SignalResult> fresh = run(percentile, null);
        assertEquals(withoutTime(fresh), withoutTime(withKept), "as if trained afresh with the percentile");
        assertNotEquals(withoutTime(first), withoutTime(withKept), "the percentile, not the kept model's k-sigma");
    }

    @Test
    void anythingThatDecidesTheModelTrainsAgain() throws IOException {
        Path kept = dir.resolve("models");
        run(TINY, new ModelStore(kept, true));
        ModelStore notResuming = new ModelStore(kept, false);
        run(TINY, notResuming);
        assertEquals(0, notResuming.reused(), "without --resume");
        Recipe wider = TINY.withStep(Recipe.Step.LAYERS, new Recipe("w", MODEL.withLayers(new int[] {5}, 0,
                new int[] {5}), false, TINY.combine(), TINY.error(), TINY.smoothing(), TINY.windowed(), null, 0));
        ModelStore other = new ModelStore(kept, true);
        run(wider, other);
        assertEquals(0, other.reused(), "other layers");
        assertNotEquals(TINY.trainingDescription(), wider.trainingDescription());
        ModelStore capped = new ModelStore(kept, true);
        run(TINY.withMaxTrainingWindows(20), capped);
        assertEquals(0, capped.reused(), "fewer training windows");
        Files.writeString(ucr.resolve("001_UCR_Anomaly_Sine_100_131_131.txt"), "0.5\n".repeat(160));
        try (Stream<Path> s = Files.walk(kept)) {
            for (Path side : s.filter(p -> p.getFileName().toString().startsWith("002_")
                    && p.toString().endsWith(".json")).toList()) {
                Files.writeString(side, "{\"version\": 1, ");
            }
        }
        ModelStore changed = new ModelStore(kept, true);
        run(TINY, changed);
        assertEquals(0, changed.reused(), "001's input changed, 002's description is damaged: both trained again");
        ModelStore again = new ModelStore(kept, true);
        run(TINY, again);
        assertEquals(2, again.reused(), "and kept anew");
    }
}
