package dev.seqae.recipe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.TimeSeries;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A channel whose training part is constant (18 of the 76 SMAP/MSL channels): the scaler keeps it
 * finite (scikit-learn's rule: a zero range counts as 1), and a test part that moves away from the
 * training value gets errors that grow with the distance, not errors that hide it.
 */
class ConstantTrainingFeatureTest {
    @Test
    void aTestPartThatLeavesTheConstantTrainingValueScoresHigherTheFurtherItGoes() {
        int n = 400;
        float[][] train = new float[n][];
        for (int i = 0; i < n; i++) {
            train[i] = new float[] {-1f};
        }
        float[][] test = new float[n][];
        for (int i = 0; i < n; i++) {
            // at the training value, then a step of 0.5 (rows 150-199), then 1.5 (rows 250-299)
            test[i] = new float[] {i >= 150 && i < 200 ? -0.5f : i >= 250 && i < 300 ? 0.5f : -1f};
        }
        Recipe r = Recipe.orionLstmAutoencoder();
        r = new Recipe(r.name(), r.model().withTraining(1e-3, 64, 5, 10, 0.2, 42), false, r.combine(), r.error(),
                r.smoothing(), r.windowed(), null, 0);
        RecipeRun run = new RecipeRun(r, 1);
        RecipeRun.Trained trained = run.train(new TimeSeries("train", null, train, new String[] {"v"}), "constant", 1);
        double[] e = run.detect(trained, new TimeSeries("test", null, test, new String[] {"v"})).errors();
        assertTrue(Arrays.stream(e).allMatch(Double::isFinite));
        double flat = mean(e, 20, 130);
        double small = mean(e, 160, 190);
        double large = mean(e, 260, 290);
        System.out.printf("constant training value: mean error %.4f at it, %.4f 0.5 away, %.4f 1.5 away%n", flat,
                small, large);
        assertTrue(small > 2 * flat && large > small, flat + " " + small + " " + large);
    }

    private static double mean(double[] x, int from, int to) {
        return Arrays.stream(x, from, to).average().orElseThrow();
    }
}
