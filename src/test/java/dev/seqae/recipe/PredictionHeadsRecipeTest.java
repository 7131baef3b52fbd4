package dev.seqae.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.ErrorMeasure;
import dev.seqae.anomaly.PredictionScores;
import dev.seqae.anomaly.Smoothing;
import dev.seqae.anomaly.WindowedAnomalies;
import dev.seqae.data.Normalizer;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An AER-shaped recipe: prediction heads, DTW reconstruction error, the product of the two scores. */
class PredictionHeadsRecipeTest {
    @TempDir
    Path dir;

    private static TimeSeries series(int n, int from) {
        return TestRecipes.sine(n, from, 30);
    }

    private static Recipe aerLike(PredictionScores.Mix mix) {
        return TestRecipes.aerLike(mix);
    }

    @Test
    void theAnomalyScoresHighestAndTheSavedRecipeScoresAlike() throws IOException {
        RecipeRun run = new RecipeRun(aerLike(PredictionScores.Mix.PRODUCT), 1);
        RecipeRun.Trained trained = run.train(series(600, -1), "sine", 1);
        RecipeRun.Detection d = run.detect(trained, series(600, 400));
        double[] e = d.errors();
        assertEquals(600, e.length);
        int peak = 0;
        for (int i = 1; i < e.length; i++) {
            if (e[i] > e[peak]) {
                peak = i;
            }
        }
        assertTrue(peak >= 390 && peak < 440, "highest score at point " + peak + ", the anomaly is 400..429");
        assertTrue(d.intervals().stream().anyMatch(i -> i.start() <= 429 && i.end() >= 400),
                "an interval over the anomaly: " + d.intervals());
        double[] scaled = e.clone();
        java.util.Arrays.sort(scaled);
        assertTrue(scaled[0] >= 1 && scaled[scaled.length - 1] <= 4, "the product of two [1, 2] scores");

        Path file = dir.resolve("aer.seqae");
        RecipeModels.save(run, trained, file);
        RecipeModels.Loaded loaded = RecipeModels.load(file);
        assertEquals(aerLike(PredictionScores.Mix.PRODUCT).scoring(), loaded.recipe().scoring());
        assertArrayEquals(e, loaded.run().detect(loaded.trained(), series(600, 400)).errors());

        // the other mixes of the same trained model: each score alone, and their mean
        for (PredictionScores.Mix mix : PredictionScores.Mix.values()) {
            double[] m = new RecipeRun(aerLike(mix), 1).detect(trained, series(600, 400)).errors();
            assertEquals(600, m.length, mix.toString());
            assertTrue(java.util.Arrays.stream(m).allMatch(Double::isFinite), mix.toString());
        }
    }

    @Test
    void theGuardedMixIsTheProductUntilItFiresTooOftenThenTheConsensus() {
        RecipeRun product = new RecipeRun(aerLike(PredictionScores.Mix.PRODUCT), 1);
        RecipeRun.Trained trained = product.train(series(600, -1), "sine", 1);
        TimeSeries test = series(600, 400);
        float[][] v = test.values().clone();
        for (int i = 150; i < 180; i++) {
            v[i] = new float[] {-1f};   // a second anomaly: flat at the trough
        }
        test = new TimeSeries("sine", null, v, new String[] {"value"});
        var byProduct = product.detect(trained, test).intervals();
        var byConsensus = new RecipeRun(aerLike(PredictionScores.Mix.CONSENSUS), 1).detect(trained, test).intervals();
        assertTrue(byProduct.size() >= 2, "the product finds both flat stretches: " + byProduct);
        // within the guard: exactly the product's intervals and scores
        var within = new RecipeRun(guarded(byProduct.size()), 1).detect(trained, test);
        assertEquals(byProduct, within.intervals());
        assertArrayEquals(product.detect(trained, test).errors(), within.errors());
        assertTrue(within.thresholds() != null, "one detector: its thresholds are reported");
        // one interval fewer allowed than the product raises: the consensus's, and no one threshold per point
        var over = new RecipeRun(guarded(byProduct.size() - 1), 1).detect(trained, test);
        assertEquals(byConsensus, over.intervals());
        assertEquals(null, over.thresholds());
        assertTrue(aerLike(PredictionScores.Mix.PRODUCT).scoring().toString().endsWith("mixed by product"));
        assertTrue(guarded(3).scoring().toString().contains("more than 3 intervals"), guarded(3).scoring().toString());
        assertThrows(InvalidInputException.class,
                () -> new Recipe.Scoring(ErrorMeasure.DTW, 10, 0, PredictionScores.Mix.GUARDED, 0.01, -1));
    }

    /** The AER-like recipe with the guarded mix and this guard. */
    private static Recipe guarded(int guard) {
        Recipe r = aerLike(PredictionScores.Mix.GUARDED);
        Recipe.Scoring s = r.scoring();
        return new Recipe(r.name(), r.model(), r.aggregate(), r.combine(), r.error(), r.smoothing(), r.windowed(),
                r.local(), 0, new Recipe.Scoring(s.measure(), s.window(), s.band(), s.mix(), s.fraction(), guard));
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        Recipe plain = plainRecipe();
        var noHeads = assertThrows(InvalidInputException.class, () -> new Recipe("x", plain.model(), false,
                Recipe.Combine.MEDIAN_RECONSTRUCTION, Recipe.ErrorKind.ABSOLUTE, plain.smoothing(), plain.windowed(),
                null, 0, Recipe.Scoring.POINT.withMix(PredictionScores.Mix.SUM)));
        assertTrue(noHeads.getMessage().contains("needs a model with prediction heads"), noHeads.getMessage());
        var dtwOfMeans = assertThrows(InvalidInputException.class, () -> new Recipe("x", plain.model(), false,
                Recipe.Combine.MEAN_ERROR, Recipe.ErrorKind.ABSOLUTE, plain.smoothing(), plain.windowed(), null, 0,
                new Recipe.Scoring(ErrorMeasure.DTW, 10, 2, PredictionScores.Mix.RECONSTRUCTION, 0.01)));
        assertTrue(dtwOfMeans.getMessage().contains("needs the median"), dtwOfMeans.getMessage());
    }

    /** A small recipe whose model has no prediction heads. */
    private static Recipe plainRecipe() {
        ModelConfig model = ModelConfig.defaults().withLayers(new int[] {4}, 0, new int[] {4})
                .withTraining(1e-2, 16, 2, 2, 0.2, 5).withData(Normalizer.Kind.SYMMETRIC_MINMAX, 12, 1);
        return new Recipe("tiny", model, false, Recipe.Combine.MEDIAN_RECONSTRUCTION, Recipe.ErrorKind.ABSOLUTE,
                new Smoothing(Smoothing.Kind.CENTRED, 0.01, 200), WindowedAnomalies.orion(), null, 0);
    }
}
