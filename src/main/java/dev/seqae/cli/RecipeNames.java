package dev.seqae.cli;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.evaluation.NabSuite;
import dev.seqae.evaluation.TelemetrySuite;
import dev.seqae.recipe.Recipe;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recipes a command can name: seqae's detector for time series ({@code seqae-aer}), the Orion benchmark's
 * {@code lstm_autoencoder} and {@code aer}, and seqae's first per-dataset recipes (those {@code seqae evaluate
 * --recipe seqae} uses for each suite).
 */
public final class RecipeNames {
    /** Every name {@link #named} knows, in the order help lists them. */
    static final String NAMES = "seqae-aer, orion-lstm-ae, orion-aer, seqae-nab, seqae-smap-msl (also UCR's), seqae-smd";

    private RecipeNames() {
    }

    /** The recipe called {@code name}; {@code option} is how the command line spelled the choice. */
    public static Recipe named(String option, String name) {
        return switch (name) {
            case "seqae-aer" -> Recipe.seqaeAer();
            case "orion-lstm-ae" -> Recipe.orionLstmAutoencoder();
            case "orion-aer" -> Recipe.orionAer();
            case "seqae-nab" -> NabSuite.seqaeRecipe();
            case "seqae-smap-msl" -> TelemetrySuite.SMAP_MSL.seqaeRecipe();
            case "seqae-smd" -> TelemetrySuite.SMD.seqaeRecipe();
            default -> throw new InvalidInputException(option + ": '" + name + "' is not one of " + NAMES);
        };
    }

    /** Every recipe's settings, by name. */
    static Map<String, Map<String, String>> all() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String n : new String[] {"seqae-aer", "orion-lstm-ae", "orion-aer", "seqae-nab", "seqae-smap-msl", "seqae-smd"}) {
            out.put(n, named("--recipe", n).describe());
        }
        return out;
    }
}
