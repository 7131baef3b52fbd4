package dev.seqae.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.Normalizer;
import dev.seqae.evaluation.NabSuite;
import dev.seqae.evaluation.TelemetrySuite;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ablation steps: each takes exactly its part from the other recipe and leaves the rest. */
class RecipeStepTest {
    private final Recipe orion = Recipe.orionLstmAutoencoder();
    private final Recipe seqae = NabSuite.seqaeRecipe();

    @Test
    void scalingChangesTheNormaliserAndNothingElse() {
        Recipe r = orion.withStep(Recipe.Step.SCALING, seqae);
        assertEquals("orion-lstm-ae+seqae-scaling", r.name());
        assertEquals(Normalizer.Kind.ZSCORE, r.model().normalization());
        assertEquals(100, r.model().window());
        assertEquals(0, r.model().latentSize());
        assertEquals(orion.combine(), r.combine());
        assertEquals(orion.windowed(), r.windowed());
        assertEquals(differences(orion, r), Map.of("model", true));
    }

    @Test
    void theDetectorComesWithItsThresholdSettings() {
        Recipe r = orion.withStep(Recipe.Step.DETECTOR, seqae);
        assertNull(r.windowed());
        assertEquals(seqae.local(), r.local());
        assertEquals(seqae.model().anomaly(), r.model().anomaly());
        assertEquals(orion.smoothing(), r.smoothing());
    }

    @Test
    void aDetectorThatOnlyNamesAnotherThresholdTrainsTheSameModel() {
        Recipe telemetry = TelemetrySuite.SMAP_MSL.seqaeRecipe();
        Recipe r = orion.withStep(Recipe.Step.DETECTOR, telemetry);
        assertEquals(ThresholdStrategy.DYNAMIC, r.model().anomaly().strategy());
        assertEquals(orion.trainingDescription(), r.trainingDescription());
        AnomalyConfig a = orion.model().anomaly();
        Recipe otherK = new Recipe("k3", orion.model().withAnomaly(new AnomalyConfig(a.score(), a.strategy(),
                a.percentile(), 3, a.alpha())), true, orion.combine(), orion.error(), orion.smoothing(),
                orion.windowed(), null, 0);
        assertNotEquals(orion.trainingDescription(), otherK.trainingDescription());
        assertNotEquals(orion.trainingDescription(), orion.withStep(Recipe.Step.SCALING, seqae).trainingDescription());
    }

    @Test
    void windowLayersAndBottleneckAreSeparateSteps() {
        Recipe w = orion.withStep(Recipe.Step.WINDOW, seqae);
        assertEquals(64, w.model().window());
        assertEquals(4, w.model().stride());
        assertArrayEquals(new int[] {60}, w.model().encoderSizes());
        Recipe l = orion.withStep(Recipe.Step.LAYERS, seqae);
        assertArrayEquals(new int[] {32}, l.model().encoderSizes());
        assertEquals(0, l.model().latentSize());
        Recipe b = orion.withStep(Recipe.Step.BOTTLENECK, seqae);
        assertEquals(8, b.model().latentSize());
        assertArrayEquals(new int[] {60}, b.model().encoderSizes());
    }

    @Test
    void everyStepIsADifferenceBetweenTheTwoRecipesAndKeepsTheSeed() {
        for (Recipe.Step step : Recipe.Step.values()) {
            if (step == Recipe.Step.SCORING) {
                continue;   // both score by the point error: below, against the AER recipe
            }
            Recipe r = orion.withSeed(7).withStep(step, seqae);
            assertNotEquals(Map.of(), differences(orion.withSeed(7), r), step.toString());
            assertEquals(7, r.model().seed(), step.toString());
        }
        Recipe aer = Recipe.orionAer().withSeed(7);
        Recipe pointOnly = aer.withStep(Recipe.Step.SCORING, orion);
        assertEquals(Map.of("scoring", true, "model", true), differences(aer, pointOnly));
        assertEquals(0.0, pointOnly.model().predictionWeight(), "the heads go with the scoring that reads them");
        assertEquals(7, pointOnly.model().seed());
    }

    /** The describe() entries other than the name that differ. */
    private static Map<String, Boolean> differences(Recipe a, Recipe b) {
        Map<String, Boolean> out = new HashMap<>();
        for (var e : a.describe().entrySet()) {
            if (!e.getKey().equals("recipe") && !e.getValue().equals(b.describe().get(e.getKey()))) {
                out.put(e.getKey(), true);
            }
        }
        return out;
    }
}
