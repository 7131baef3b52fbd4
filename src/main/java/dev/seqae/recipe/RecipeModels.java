package dev.seqae.recipe;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.anomaly.DetectionRecipe;
import dev.seqae.anomaly.Smoothing;
import dev.seqae.anomaly.WindowedAnomalies;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A recipe's trained model kept as one model file: the model's own entries (manifest and
 * weights, as {@link ModelFile} writes them) and {@code seqae/recipe.json} — everything of the
 * recipe beyond the model (aggregation and its interval, combination, error, smoothing, detector,
 * training-window bound, scoring: absent in files written before it existed, which scored by the
 * point error) and what training learned beyond the weights (the training part's
 * segment means, for imputation). The model's configuration (and its seed) is in the manifest.
 */
public final class RecipeModels {
    static final String ENTRY = "seqae/recipe.json";
    private static final int VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RecipeModels() {
    }

    /** What {@code seqae/recipe.json} holds. */
    public record Saved(int version, String name, boolean aggregate, double interval, Recipe.Combine combine,
                        Recipe.ErrorKind error, Smoothing smoothing, WindowedAnomalies windowed,
                        DetectionRecipe local, int maxTrainingWindows, double[] imputation, int trainingSegments,
                        Recipe.Scoring scoring) {
    }

    /** A recipe model read back: the recipe as it was trained, its run, and the trained state. */
    public record Loaded(Recipe recipe, RecipeRun run, RecipeRun.Trained trained, Saved saved) {
    }

    /** Writes {@code trained} (from {@code run}) to {@code target}, atomically. */
    public static void save(RecipeRun run, RecipeRun.Trained trained, Path target) throws IOException {
        Recipe r = run.recipe();
        Saved s = new Saved(VERSION, r.name(), r.aggregate(), run.interval(), r.combine(), r.error(), r.smoothing(),
                r.windowed(), r.local(), r.maxTrainingWindows(), trained.imputation(), trained.trainingSegments(),
                r.scoring());
        ModelFile.save(trained.model(), target, Map.of(ENTRY, JSON.writeValueAsBytes(s)));
    }

    /** The recipe entry of a model file, or null when it was trained without a recipe. */
    public static Saved saved(Path file) {
        byte[] bytes = ModelFile.readEntry(file, ENTRY);
        if (bytes == null) {
            return null;
        }
        Saved s;
        try {
            s = JSON.readValue(bytes, Saved.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(file + ": corrupt model file (" + ENTRY + ": " + e.getMessage() + ")", e);
        }
        if (s.version() < 1 || s.version() > VERSION) {
            throw new InvalidInputException(file + ": " + ENTRY + " is format " + s.version() + "; this version reads "
                    + "format " + VERSION);
        }
        if (s.name() == null || s.combine() == null || s.error() == null || s.smoothing() == null
                || s.imputation() == null) {
            throw new InvalidInputException(file + ": corrupt model file (" + ENTRY + " incomplete)");
        }
        return s;
    }

    /** Loads a model file trained with a recipe; one trained without is an error that says so. */
    public static Loaded load(Path file) {
        return load(file, saved(file));
    }

    /** As {@link #load(Path)}, with the recipe entry already read by {@link #saved}. */
    public static Loaded load(Path file, Saved s) {
        if (s == null) {
            throw new InvalidInputException(file + ": trained without a recipe (train it with seqae train --recipe)");
        }
        SeqAutoencoderModel model = ModelFile.load(file);
        if (s.imputation().length != model.features()) {
            throw new InvalidInputException(file + ": corrupt model file (" + ENTRY + ": " + s.imputation().length
                    + " imputation means for " + model.features() + " features)");
        }
        Recipe recipe;
        RecipeRun run;
        try {
            recipe = new Recipe(s.name(), model.config(), s.aggregate(), s.combine(), s.error(), s.smoothing(),
                    s.windowed(), s.local(), s.maxTrainingWindows(), s.scoring());
            run = new RecipeRun(recipe, s.interval());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": corrupt model file (" + ENTRY + ": " + e.getMessage() + ")", e);
        }
        return new Loaded(recipe, run, new RecipeRun.Trained(model, s.imputation(), s.trainingSegments()), s);
    }
}
