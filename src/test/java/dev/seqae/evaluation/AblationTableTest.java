package dev.seqae.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.Metrics;
import dev.seqae.recipe.Recipe;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ablation table: counts summed per dataset, the change from the baseline, rows not run said so. */
class AblationTableTest {
    private static SignalResult result(String category, int tp, int fp, int fn) {
        return new SignalResult(category, "s" + tp + fp + fn, 100, tp + fn, tp + fp,
                new Metrics.SegmentCounts(tp, fp, fn), 0, 0, 0, Double.NaN, Double.NaN, 1, List.of(), "index");
    }

    @Test
    void oneSeedShowsTheCountsAndTheChange() {
        Recipe base = Recipe.orionLstmAutoencoder();
        Recipe own = NabSuite.seqaeRecipe();
        // A: 2 + 1 TP, 1 FP, 1 FN -> F1 6/8 = 0.750; B: 1 TP, 1 FN -> 0.667
        List<SignalResult> first = List.of(result("A", 2, 1, 0), result("A", 1, 0, 1), result("B", 1, 0, 1));
        // A: 1 TP, 3 FP, 2 FN -> 2/7 = 0.286; B: 2 TP -> 1.000
        List<SignalResult> second = List.of(result("A", 1, 3, 0), result("A", 0, 0, 2), result("B", 2, 0, 0));
        String table = Reports.ablationTable(List.of(
                new Reports.AblationRow(base.name(), "", List.of(first), null),
                new Reports.AblationRow("x", "scaling", List.of(second), null),
                new Reports.AblationRow("y", "aggregation", null, "no difference on ucr")), base, own);
        String[] lines = table.split("\n");
        assertEquals("| row | differs in | A | B | seconds |", lines[2], table);
        assertEquals("| `orion-lstm-ae` | (baseline) | 0.750 (3 / 1 / 1) | 0.667 (1 / 0 / 1) | 3 |", lines[4], table);
        assertEquals("| `+seqae-scaling` | scaling | 0.286 (1 / 3 / 2), -0.464 | 1.000 (2 / 0 / 0), +0.333 | 3 |",
                lines[5], table);
        assertEquals("| `+seqae-aggregation` | not run: no difference on ucr | — | — | |", lines[6], table);
    }

    @Test
    void severalSeedsShowTheMeanAndRange() {
        Recipe base = Recipe.orionLstmAutoencoder();
        List<List<SignalResult>> seeds = List.of(List.of(result("A", 1, 0, 1)), List.of(result("A", 1, 0, 0)));
        String table = Reports.ablationTable(List.of(new Reports.AblationRow(base.name(), "", seeds, null)), base,
                NabSuite.seqaeRecipe());
        assertTrue(table.contains("| 0.833 [0.667–1.000] |"), table);
        assertTrue(table.contains("2 seeds: mean F1 [min–max]"), table);
    }

    @Test
    void changedNamesTheDescribedSettingsThatDiffer() {
        Recipe base = Recipe.orionLstmAutoencoder();
        Recipe own = NabSuite.seqaeRecipe();
        assertEquals("error", Reports.changed(base, base.withStep(Recipe.Step.ERROR, own)));
        assertEquals("", Reports.changed(base, base.withSeed(42)));
        assertEquals("detector", Reports.changed(base, base.withStep(Recipe.Step.DETECTOR, own)));
        assertEquals("model", Reports.changed(base, base.withStep(Recipe.Step.SCALING, own)));
    }
}
