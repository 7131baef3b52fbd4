package dev.seqae.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.errors.InvalidInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seqae.model.ModelFile;
import dev.seqae.recipe.RecipeModels;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code seqae info MODEL}: the model's manifest (config, thresholds, provenance) as JSON, and the
 * recipe it was trained with if any;
 * {@code seqae info --recipe NAME}: a detection recipe's settings, step by step.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a model's configuration, normaliser, thresholds and provenance as JSON, or with "
                + "--recipe a detection recipe's settings.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", description = "model file")
    Path model;

    @Option(names = "--recipe", description = "a recipe's settings: seqae-aer (seqae's detector for time series, the "
            + "default of seqae evaluate), orion-lstm-ae or orion-aer (the Orion benchmark's lstm_autoencoder and aer), "
            + "seqae-nab, seqae-smap-msl or seqae-smd (seqae's first settings per dataset), seqae (those three) or all")
    String recipe;

    @Override
    public Integer call() throws Exception {
        if ((model == null) == (recipe == null)) {
            throw new InvalidInputException("give a model file or --recipe NAME (one of them)");
        }
        JsonMapper json = JsonMapper.builder().build();
        if (model != null) {
            String manifest = ModelFile.toJson(ModelFile.readState(model));
            RecipeModels.Saved saved = RecipeModels.saved(model);
            if (saved == null) {
                System.out.println(manifest);
            } else {
                // the manifest's fields, then the recipe the model was trained with
                ObjectNode node = (ObjectNode) json.readTree(manifest);
                node.set("recipe", json.valueToTree(saved));
                System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            }
            return 0;
        }
        Object out;
        if (recipe.equals("all") || recipe.equals("seqae")) {
            // seqae: its recipe per suite, as seqae evaluate --recipe seqae uses them
            var all = RecipeNames.all();
            if (recipe.equals("seqae")) {
                all.remove("seqae-aer");
                all.remove("orion-lstm-ae");
                all.remove("orion-aer");
            }
            out = all;
        } else {
            out = RecipeNames.named("--recipe", recipe).describe();
        }
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }
}
