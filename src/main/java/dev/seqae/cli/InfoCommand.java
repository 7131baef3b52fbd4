package dev.seqae.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.evaluation.NabSuite;
import dev.seqae.evaluation.TelemetrySuite;
import dev.seqae.model.ModelFile;
import dev.seqae.recipe.Recipe;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code seqae info MODEL}: the model's manifest (config, thresholds, provenance) as JSON;
 * {@code seqae info --recipe NAME}: a detection recipe's settings, step by step.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a model's configuration, normaliser, thresholds and provenance as JSON, or with "
                + "--recipe a detection recipe's settings.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", description = "model file")
    Path model;

    @Option(names = "--recipe", description = "orion-lstm-ae (the Orion benchmark's lstm_autoencoder) or seqae "
            + "(seqae's own, per suite)")
    String recipe;

    @Override
    public Integer call() throws Exception {
        if ((model == null) == (recipe == null)) {
            throw new InvalidInputException("give a model file or --recipe NAME (one of them)");
        }
        if (model != null) {
            System.out.println(ModelFile.toJson(ModelFile.readState(model)));
            return 0;
        }
        Object out = switch (recipe) {
            case "orion-lstm-ae" -> Recipe.orionLstmAutoencoder().describe();
            case "seqae" -> {
                Map<String, Object> perSuite = new LinkedHashMap<>();
                perSuite.put("nab", NabSuite.seqaeRecipe().describe());
                perSuite.put("smap-msl, ucr", TelemetrySuite.SMAP_MSL.seqaeRecipe().describe());
                perSuite.put("smd", TelemetrySuite.SMD.seqaeRecipe().describe());
                yield perSuite;
            }
            default -> throw new InvalidInputException("--recipe: '" + recipe + "' is not orion-lstm-ae or seqae");
        };
        System.out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }
}
